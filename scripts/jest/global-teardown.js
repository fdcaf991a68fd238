export default async function globalTeardown() {
  await globalThis.__ehrInfrastructure?.teardown();
}
