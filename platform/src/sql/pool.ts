import pg from 'pg';
import { z } from 'zod';

/** Bigint columns arrive as strings; positions stay exact. Timestamps arrive as Date. */
export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  connectionString: string;
  applicationName: string;
  max?: number;
  /** A transaction left open stalls every event reader; the server ends it after this (default PG_IDLE_IN_TRANSACTION_TIMEOUT_MS or 60 s). */
  idleInTransactionTimeoutMs?: number;
  /** A statement running longer is cancelled by the server (default PG_STATEMENT_TIMEOUT_MS or 30 s). */
  statementTimeoutMs?: number;
}

const timeoutMs = z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(1, 'must be at least 1 ms');
const poolTimeouts = z.object({
  PG_STATEMENT_TIMEOUT_MS: timeoutMs.default(30_000),
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: timeoutMs.default(60_000),
});

/** The server-side timeouts every pool sets, from the environment; a bad value names its key. */
export function poolTimeoutsFrom(env: Record<string, string | undefined>): { statementTimeoutMs: number; idleInTransactionTimeoutMs: number } {
  const parsed = poolTimeouts.safeParse({ PG_STATEMENT_TIMEOUT_MS: env.PG_STATEMENT_TIMEOUT_MS || undefined, PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: env.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS || undefined });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
  return { statementTimeoutMs: parsed.data.PG_STATEMENT_TIMEOUT_MS, idleInTransactionTimeoutMs: parsed.data.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS };
}

/**
 * A pool whose every connection has statement_timeout and idle_in_transaction_session_timeout
 * set: one slow statement or one forgotten transaction cannot hold locks the consumers wait on.
 */
export function createPool(options: PoolOptions): Pool {
  const defaults = poolTimeoutsFrom(process.env);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    application_name: options.applicationName,
    max: options.max ?? 10,
    options: [
      `-c statement_timeout=${options.statementTimeoutMs ?? defaults.statementTimeoutMs}`,
      `-c idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs ?? defaults.idleInTransactionTimeoutMs}`,
    ].join(' '),
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `work` in one transaction on one connection; rolls back if it throws. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema or table name checked before it is placed into SQL text. */
export function sqlIdentifier(name: string): string {
  if (!identifier.test(name)) throw new Error(`"${name}" is not a valid lower-case SQL identifier`);
  return name;
}
