import pg from 'pg';

/** Bigint columns arrive as strings; positions stay exact. Timestamps arrive as Date. */
export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  connectionString: string;
  applicationName: string;
  max?: number;
  /** A transaction left open stalls every event reader; the server ends it after this. */
  idleInTransactionTimeoutMs?: number;
}

export function createPool(options: PoolOptions): Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    application_name: options.applicationName,
    max: options.max ?? 10,
    options: `-c idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs ?? 30_000}`,
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
