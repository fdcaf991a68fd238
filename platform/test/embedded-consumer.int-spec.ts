import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { EmbeddedEventConsumer } from '../src/messaging/embedded-consumer.js';
import { migrateMessaging } from '../src/messaging/messaging-schema.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { appliedSummary, createAppliedTable, patientEvent, recordingHandler } from './support/messaging.js';

describe('embedded transport (no Kafka)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema: 'producer' });
    await store.migrate();
    await migrateMessaging(db.pool, 'consumer');
    await createAppliedTable(db.pool, 'consumer');
  });
  afterEach(async () => {
    await db.drop();
  });

  const consumer = (fail?: (n: number) => boolean) =>
    new EmbeddedEventConsumer({
      pool: db.pool,
      schema: 'consumer',
      source: 'producer',
      pollIntervalMs: 50,
      maxAttempts: 2,
      handler: recordingHandler('consumer', fail ? { fail: (e) => fail((e.data as { n: number }).n) } : {}),
    });
  const append = async (from: number, to: number) => {
    for (let i = from; i < to; i++) await store.append(`thing-${i % 7}`, [patientEvent(`p${i % 5}`, i)], { expectedVersion: 'any' });
  };

  it('applies each event once across a restart, in per-patient order', async () => {
    await append(0, 150);
    const first = consumer();
    await first.start();
    await first.caughtUp();
    await first.stop();
    await append(150, 300);
    const second = consumer();
    await second.start();
    await second.caughtUp();
    await second.stop();
    expect(await appliedSummary(db.pool, 'consumer')).toEqual({ rows: 300, maxApplied: 1, outOfOrderPatients: [] });
  });

  it('changes nothing when events are delivered again from the start', async () => {
    await append(0, 50);
    const first = consumer();
    await first.start();
    await first.caughtUp();
    await first.stop();
    await db.pool.query(`DELETE FROM consumer.consumer_checkpoints`);
    const again = consumer();
    await again.start();
    await again.caughtUp();
    await again.stop();
    expect(await appliedSummary(db.pool, 'consumer')).toEqual({ rows: 50, maxApplied: 1, outOfOrderPatients: [] });
  });

  it('parks a poison event with its error and goes on', async () => {
    await append(0, 20);
    const c = consumer((n) => n === 4);
    await c.start();
    await c.caughtUp();
    await c.stop();
    expect((await appliedSummary(db.pool, 'consumer')).rows).toBe(19);
    const { rows } = await db.pool.query(`SELECT error, attempts FROM consumer.dead_letters`);
    expect(rows).toEqual([{ error: 'Error: refusing event 4', attempts: 2 }]);
  });
});
