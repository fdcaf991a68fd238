// The compose file and the Dockerfile, checked statically (no Docker engine runs here): every
// container runs a real entry point of the repository with settings its config schema accepts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type ConfigSchema, configProblems, configSchemas, processes, processNamed, productionKeys, repoRoot, startCommand } from './support/repo.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  depends_on?: string[] | Record<string, { condition: string }>;
  ports?: string[];
  profiles?: string[];
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
}

const infra = join(repoRoot, 'infra');
const compose = parse(readFileSync(join(infra, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const ehr = Object.entries(services).filter(([, s]) => s.command?.includes('--import'));

/** The variables infra/.env sets, as the example shows them, with the blanks filled in. */
const dotEnv: Record<string, string> = {
  ...Object.fromEntries(
    readFileSync(join(infra, 'compose.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  ),
  ...Object.fromEntries(
    readFileSync(join(infra, 'compose.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+_PASSWORD=$/.test(line))
      .map((line) => [line.slice(0, -1), `password-of-${line.slice(0, line.indexOf('_PASSWORD')).toLowerCase()}`]),
  ),
  GATEWAY_SHARED_SECRET: 'a-shared-secret-of-at-least-32-characters',
};

/** Compose's interpolation of ${VAR}, ${VAR:-default} and ${VAR:?error}. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string) => {
    const set = vars[name];
    if (set) return set;
    if (op === '?') throw new Error(`${name}: ${arg}`);
    return op === '-' ? arg : '';
  });
}
const environmentOf = (s: ComposeService, vars: Record<string, string>) => Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), vars)]));

let schemas: Map<string, ConfigSchema>;
beforeAll(async () => {
  schemas = await configSchemas();
});

test('the stack runs PostgreSQL, Kafka (KRaft), every service, the gateway, the collector and Jaeger', () => {
  const byDefault = Object.keys(services).filter((name) => !services[name]!.profiles);
  expect(byDefault.sort()).toEqual(['postgres', 'db-roles', 'audit-migrate', 'kafka', 'otel-collector', 'jaeger', ...processes.map((p) => p.name)].sort());
  expect(services.kafka!.image).toMatch(/^apache\/kafka:/);
  expect(services.kafka!.environment).toMatchObject({ KAFKA_PROCESS_ROLES: 'broker,controller' });
  expect(String(services.kafka!.environment!.KAFKA_ADVERTISED_LISTENERS)).toContain('kafka:9092');
});

test('every container of the system runs its own entry point from the one image the Dockerfile builds', () => {
  expect(ehr.map(([name]) => name).sort()).toEqual(processes.map((p) => p.name).sort());
  const images = new Set(ehr.map(([, s]) => s.image));
  expect(images.size).toBe(1);
  const builders = ehr.filter(([, s]) => s.build);
  expect(builders).toHaveLength(1);
  expect(existsSync(join(infra, builders[0]![1].build!.context, builders[0]![1].build!.dockerfile))).toBe(true);
  for (const [name, s] of ehr) {
    const p = processNamed(name);
    expect(s.command).toEqual(startCommand(p));
    expect(existsSync(join(repoRoot, p.main))).toBe(true);
    expect({ name, user: s.user, read_only: s.read_only, cap_drop: s.cap_drop }).toEqual({ name, user: '1000:1000', read_only: true, cap_drop: ['ALL'] });
  }
});

test("every process's environment passes its own config schema, with the production settings", () => {
  for (const [name, s] of ehr) {
    const env = environmentOf(s, dotEnv);
    expect(env.SERVICE_NAME).toBe(name);
    expect(env.PORT).toBe(String(processNamed(name).port));
    expect({ name, problems: configProblems(schemas.get(name)!, env) }).toEqual({ name, problems: [] });
    for (const key of productionKeys) expect({ name, key, set: Boolean(env[key]) }).toEqual({ name, key, set: true });
    expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    // The hosts the settings name are services of the stack.
    for (const url of [env.DATABASE_URL!, env.OTEL_EXPORTER_OTLP_ENDPOINT!]) expect(Object.keys(services)).toContain(new URL(url).hostname);
    expect(Object.keys(services)).toContain(env.KAFKA_BROKERS!.split(':')[0]);
  }
});

test('every process signs in to PostgreSQL as its own role; only the one-shot that creates the roles is the administrator', () => {
  const userOf = (s: ComposeService, key = 'DATABASE_URL') => new URL(environmentOf(s, dotEnv)[key]!).username;
  for (const [name] of ehr) expect({ name, user: userOf(services[name]!) }).toEqual({ name, user: `ehr_${name}` });
  expect(userOf(services['db-roles']!, 'ADMIN_DATABASE_URL')).toBe('ehr');
  expect(services['db-roles']!.command).toEqual(['node', 'infra/db-roles.mjs']);
  // The audit's schema is applied by its owner before the gateway, whose own role may only read and append, starts.
  expect(environmentOf(services['audit-migrate']!, dotEnv)).toMatchObject({ SERVICE_NAME: 'gateway' });
  expect(userOf(services['audit-migrate']!, 'MIGRATION_DATABASE_URL')).toBe('ehr_audit');
  expect(services.gateway!.depends_on).toMatchObject({ 'audit-migrate': { condition: 'service_completed_successfully' } });
  for (const [name, s] of ehr) expect({ name, roles: (s.depends_on as Record<string, unknown>)['db-roles'] }).toEqual({ name, roles: { condition: 'service_completed_successfully' } });
  for (const script of ['infra/db-roles.mjs', 'infra/migrate.mjs']) expect(existsSync(join(repoRoot, script))).toBe(true);
  // Each role's password is its own, set in infra/.env; a blank one stops the stack naming it.
  expect(() => environmentOf(services.adt!, { ...dotEnv, EHR_ADT_PASSWORD: '' })).toThrow('EHR_ADT_PASSWORD');
});

test('the gateway signs in through OIDC from infra/.env and composes every subgraph of the stack', () => {
  const env = environmentOf(services.gateway!, dotEnv);
  expect(env).toMatchObject({ AUTH_MODE: 'oidc', OIDC_ISSUER: dotEnv.OIDC_ISSUER, OIDC_AUDIENCE: dotEnv.OIDC_AUDIENCE, OIDC_JWKS_URL: dotEnv.OIDC_JWKS_URL });
  const subgraphs = processes.filter((p) => p.name !== 'gateway').map((p) => `${p.name}=http://${p.name}:${p.port}/graphql`);
  expect(env.SUBGRAPHS!.split(',').sort()).toEqual(subgraphs.sort());
  // Without the secrets and the identity provider the stack refuses to start, naming what is missing.
  for (const key of ['GATEWAY_SHARED_SECRET', 'OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL']) {
    expect(() => environmentOf(services.gateway!, { ...dotEnv, [key]: '' })).toThrow(key);
  }
});

test('health checks gate the start order: the gateway waits for healthy subgraphs, they for the database and Kafka', () => {
  for (const [name, s] of Object.entries(services)) {
    const dependsOn = Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d) => [d, { condition: 'service_started' }])) : (s.depends_on ?? {});
    for (const [dependency, { condition }] of Object.entries(dependsOn)) {
      expect(Object.keys(services)).toContain(dependency);
      if (condition === 'service_healthy') expect({ name, dependency, healthcheck: Boolean(services[dependency]!.healthcheck) }).toEqual({ name, dependency, healthcheck: true });
    }
  }
  for (const name of ['postgres', 'kafka', ...processes.map((p) => p.name)]) expect({ name, healthcheck: Boolean(services[name]!.healthcheck) }).toEqual({ name, healthcheck: true });
  expect(services.gateway!.healthcheck!.test.join(' ')).toContain('/health');
  const gatewayDeps = services.gateway!.depends_on as Record<string, { condition: string }>;
  for (const p of processes.filter((p) => p.name !== 'gateway')) expect(gatewayDeps[p.name]).toEqual({ condition: 'service_healthy' });
  expect(services.adt!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, kafka: { condition: 'service_healthy' } });
});

test('traces go to the collector and on to Jaeger', () => {
  const collector = readFileSync(join(infra, 'otel-collector.yaml'), 'utf8');
  const config = parse(collector) as { exporters: Record<string, { endpoint: string }>; service: { pipelines: { traces: { exporters: string[] } } } };
  const [exporter] = config.service.pipelines.traces.exporters;
  expect(config.exporters[exporter!]!.endpoint).toMatch(/^jaeger:/);
  expect(services['otel-collector']!.command).toEqual(['--config=/etc/otelcol/config.yaml']);
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;
  const workspaces = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;

  test('builds in stages and runs as a numeric non-root user, with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(runtime).toMatch(/^USER [1-9]\d*(:[1-9]\d*)?$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=deps \/app\/node_modules/);
    expect(runtime).toMatch(/NODE_ENV=production/);
  });

  test('installs with every workspace of the lock file', () => {
    const install = stages[0]!.slice(0, stages[0]!.indexOf('npm ci'));
    const folders = workspaces.flatMap((w) => (w.endsWith('/*') ? processes.filter((p) => p.folder.startsWith(w.slice(0, -1))).map((p) => p.folder) : [w]));
    for (const folder of folders) expect(install).toContain(`COPY ${folder}/package.json ${folder}/`);
  });

  test('carries every entry point, migration folder and the screens into the image', () => {
    for (const p of processes) {
      expect(runtime).toContain(`COPY --from=build /app/${p.folder}/dist ${p.folder}/dist`);
      expect(runtime).toContain(`COPY --from=build /app/${p.folder}/migrations ${p.folder}/migrations`);
      expect(existsSync(join(repoRoot, p.folder, 'migrations'))).toBe(true);
    }
    expect(runtime).toContain('COPY --from=build /app/web/dist web/dist');
    expect(runtime).toContain('COPY --from=build /app/infra/migrate.mjs /app/infra/db-roles.mjs infra/');
    expect(runtime).toContain(`CMD ${JSON.stringify(startCommand(processNamed('gateway'))).replaceAll(',', ', ')}`);
  });

  test('.dockerignore keeps installed and built files out of the build context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['**/node_modules', '**/dist', '.git', '.env', '.data']) expect(ignored).toContain(pattern);
  });
});
