// A throwaway database for a benchmark: on DATABASE_URL's server if set, else embedded.
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase } from '@ehr/platform';
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
  const database = await createScratchDatabase(serverUrl, 'ehr_bench');
  return {
    url: database.url,
    where,
    dispose: async () => {
      await database.drop();
      await stopServer?.();
    },
  };
}
