import { v7 as uuidv7 } from 'uuid';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { eventStoreContract } from './event-store.contract.js';

eventStoreContract('PostgreSQL', async () => {
  const db = await createTestDatabase();
  const store = new PostgresEventStore({ pool: db.pool, schema: 'test_store', pollIntervalMs: 50 });
  await store.migrate();
  return { store, dispose: () => db.drop() };
});

describe('PostgreSQL event store: reading around open transactions', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const event = (n: number) => ({ type: 'test.thing.happened', schemaVersion: 1, data: { n }, metadata: { patientId: 'p1', actor: { id: 'u1', role: 'nurse' }, correlationId: uuidv7() } });

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema: 'test_store' });
    await store.migrate();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('never skips an event whose transaction commits after a later one', async () => {
    // A holds the lower position but commits last; a position-only cursor would skip it.
    const slow = await db.pool.connect();
    await slow.query('BEGIN');
    await store.appendInTransaction(slow, 'thing-a', [event(1)], { expectedVersion: 'no-stream' });
    await store.append('thing-b', [event(2)], { expectedVersion: 'no-stream' });

    const first = await store.readAll(null);
    expect(first.events).toHaveLength(0); // B is held back while A may still commit below it

    await slow.query('COMMIT');
    slow.release();
    const second = await store.readAll(first.checkpoint);
    expect(second.events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
  });

  it('rolls an append back with the caller’s transaction', async () => {
    const client = await db.pool.connect();
    await client.query('BEGIN');
    await store.appendInTransaction(client, 'thing-a', [event(1)], { expectedVersion: 'no-stream' });
    await client.query('ROLLBACK');
    client.release();
    expect(await store.readStream('thing-a')).toEqual([]);
  });
});
