// A throwaway database for a benchmark: on DATABASE_URL's server if set, else embedded.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@ehr/platform/embedded-postgres';

export async function benchDatabase(): Promise<{ url: string; where: string; dispose(): Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | null = null;
  let where = 'PostgreSQL from DATABASE_URL';
  if (!serverUrl) {
    const server = await startEmbeddedPostgres({ dataDir: join(tmpdir(), `ehr-bench-${randomUUID()}`), persistent: false });
    serverUrl = server.url;
    stopServer = server.stop;
    where = 'embedded PostgreSQL';
  }
  const name = `ehr_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    where,
    dispose: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await stopServer?.();
    },
  };
}
