import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sqlIdentifier } from './pool.js';

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const urlFor = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** A new database with a unique name on the server, and how to drop it again. */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = sqlIdentifier(`${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`);
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: urlFor(serverUrl, name),
    drop: () => onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** The named database, created when it does not exist yet. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const db = sqlIdentifier(name);
  await onServer(serverUrl, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    if (!rowCount) await c.query(`CREATE DATABASE ${db}`);
  });
  return urlFor(serverUrl, db);
}
