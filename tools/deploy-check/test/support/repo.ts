// What the deployment files are checked against: the repository's own entry points and the
// config schemas those entry points start with.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { z } from 'zod';

export const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');

export interface Process {
  /** SERVICE_NAME: adt, orders, mar, ed, revenue or gateway. */
  name: string;
  /** The workspace folder, relative to the repository root. */
  folder: string;
  port: number;
  /** The entry point, relative to the repository root (the workspace's package.json "ehr.main"). */
  main: string;
}

const folders = ['services/adt', 'services/orders', 'services/mar', 'services/ed', 'services/revenue', 'gateway'];

/** Every process the system runs, read from the workspaces' package.json "ehr" blocks. */
export const processes: Process[] = folders.map((folder) => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, folder, 'package.json'), 'utf8')) as { ehr: { port: number; main: string } };
  return { name: folder.split('/').pop()!, folder, port: manifest.ehr.port, main: `${folder}/${manifest.ehr.main}` };
});

export const processNamed = (name: string): Process => {
  const found = processes.find((p) => p.name === name);
  if (!found) throw new Error(`no process named ${name}; the system runs ${processes.map((p) => p.name).join(', ')}`);
  return found;
};

/** The command that starts a process, as the services document it. */
export const startCommand = (p: Process): string[] => ['node', '--import', '@ehr/platform/telemetry/register', p.main];

export type ConfigSchema = z.ZodType;

/**
 * The config schema each process validates its environment with, taken from its built entry
 * point: the entry point is imported with bootstrapService replaced, so what it hands over is the
 * schema it would start with, not a copy kept here.
 */
export async function configSchemas(): Promise<Map<string, ConfigSchema>> {
  const schemas = new Map<string, ConfigSchema>();
  let current = '';
  const actual = await import('@ehr/platform/nest');
  jest.unstable_mockModule('@ehr/platform/nest', () => ({
    ...actual,
    bootstrapService: (definition: { configSchema: ConfigSchema }) => {
      schemas.set(current, definition.configSchema);
      return Promise.resolve(null);
    },
  }));
  for (const p of processes) {
    const main = join(repoRoot, p.main);
    if (!existsSync(main)) throw new Error(`${p.main} is missing: build first (npx turbo run build)`);
    current = p.name;
    await import(main);
    if (!schemas.has(p.name)) throw new Error(`${p.main} did not start through bootstrapService`);
  }
  return schemas;
}

/** The problems a schema finds in an environment, as "KEY message" lines; empty when it starts. */
export function configProblems(schema: ConfigSchema, env: Record<string, string>): string[] {
  const result = schema.safeParse(env);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
}

/** Settings that parse but would leave a production process half-working. */
export const productionKeys = ['NODE_ENV', 'HOST', 'DATABASE_URL', 'KAFKA_BROKERS', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'GATEWAY_SHARED_SECRET'];
