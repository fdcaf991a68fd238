// infra/migrate.mjs, the migration Jobs' entry point, against a real PostgreSQL.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createScratchDatabase } from '@ehr/platform';
import { repoRoot } from './support/repo.js';

const run = promisify(execFile);
const script = join(repoRoot, 'infra', 'migrate.mjs');
let database: Awaited<ReturnType<typeof createScratchDatabase>>;

beforeAll(async () => {
  database = await createScratchDatabase(process.env.DATABASE_URL!, 'migrate_job');
});
afterAll(async () => {
  await database?.drop();
});

const migrate = (name: string, extra: Record<string, string> = {}) =>
  run(process.execPath, [script], { cwd: repoRoot, env: { PATH: process.env.PATH, SERVICE_NAME: name, PORT: '4999', DATABASE_URL: database.url, ...extra } });

async function applied(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(`SELECT name FROM ${schema}.schema_migrations ORDER BY name`);
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}
const sqlFiles = (folder: string) => readdirSync(join(repoRoot, folder, 'migrations')).filter((n) => n.endsWith('.sql')).sort();

test("a service's Job applies its read models' migrations (after the event store's and the bus's), once", async () => {
  await migrate('adt');
  const names = await applied('adt');
  expect(names).toEqual(expect.arrayContaining(sqlFiles('services/adt')));
  expect(names.length).toBeGreaterThan(sqlFiles('services/adt').length);
  // A second run (the next upgrade) finds nothing to do and changes nothing.
  await migrate('adt');
  expect(await applied('adt')).toEqual(names);
});

test("the gateway's Job applies the access audit's migrations", async () => {
  await migrate('gateway');
  expect(await applied('gateway')).toEqual(sqlFiles('gateway'));
});

test('a Job for a name that is no service stops, naming SERVICE_NAME, and a bad setting stops naming its key', async () => {
  await expect(migrate('pharmacy')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('SERVICE_NAME names no service') });
  await expect(migrate('adt', { DATABASE_URL: 'mysql://db/ehr' })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('DATABASE_URL') });
});
