import { createPool, poolTimeoutsFrom } from '../src/sql/pool.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

describe('every pool sets server-side timeouts', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('sets 30 s statement and 60 s idle-in-transaction timeouts by default', async () => {
    const { rows } = await db.pool.query(`SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`);
    expect(rows[0]).toEqual({ statement: '30s', idle: '1min' });
  });

  it('cancels a statement that runs too long and ends a transaction left open', async () => {
    const pool = createPool({ connectionString: db.url, applicationName: 'test', statementTimeoutMs: 200, idleInTransactionTimeoutMs: 300 });
    try {
      await expect(pool.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
      const client = await pool.connect();
      client.on('error', () => undefined);
      await client.query('BEGIN');
      await new Promise((resolve) => setTimeout(resolve, 800));
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
    } finally {
      await pool.end();
    }
  });

  it('reads the timeouts from the environment and names a bad key', () => {
    expect(poolTimeoutsFrom({ PG_STATEMENT_TIMEOUT_MS: '5000' })).toEqual({ statementTimeoutMs: 5000, idleInTransactionTimeoutMs: 60_000 });
    expect(() => poolTimeoutsFrom({ PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: 'soon' })).toThrow(/PG_IDLE_IN_TRANSACTION_TIMEOUT_MS must be a number/);
  });
});
