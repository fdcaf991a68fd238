import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from './pool.js';
import { sqlIdentifier, withTransaction } from './pool.js';

export interface Migration {
  name: string;
  sql: string;
}

/** Reads `NNNN-title.sql` files from a folder, in name order. */
export async function migrationsFromFolder(folder: string): Promise<Migration[]> {
  const names = (await readdir(folder)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(join(folder, name), 'utf8') })));
}

/**
 * Applies migrations not yet applied to `schema`, all in one transaction (all or nothing), under an
 * advisory lock so two processes starting together do not race. A migration that was
 * applied and then edited is refused: history is not rewritten.
 */
export async function migrate(pool: Pool, schema: string, migrations: Migration[]): Promise<string[]> {
  const s = sqlIdentifier(schema);
  const applied: string[] = [];
  await withTransaction(pool, async (client) => {
    // A migration may rewrite a large table, and may wait for another process's migrations.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${s}`]);
    // The schema's owner may not create schemas: it is asked for only when missing.
    const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [s]);
    if (!rowCount) await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${s}.schema_migrations`);
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const m of migrations) {
      const checksum = createHash('sha256').update(m.sql).digest('hex');
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== checksum) throw new Error(`migration ${s}/${m.name} was changed after it was applied; add a new migration instead`);
        continue;
      }
      await client.query(`SET LOCAL search_path TO ${s}, public`);
      try {
        await client.query(m.sql);
      } catch (error) {
        throw new Error(`migration ${s}/${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      await client.query(`INSERT INTO ${s}.schema_migrations (name, checksum) VALUES ($1, $2)`, [m.name, checksum]);
      applied.push(m.name);
    }
  });
  return applied;
}
