// Runs once per Jest run, before the workers start: they inherit the environment set here.
import { provisionTestInfrastructure } from '@ehr/platform/testing';

export default async function globalSetup() {
  const infrastructure = await provisionTestInfrastructure();
  Object.assign(process.env, infrastructure.env);
  globalThis.__ehrInfrastructure = infrastructure;
  console.log(`\ntest infrastructure: ${infrastructure.summary.join('; ')}`);
}
