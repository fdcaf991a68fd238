import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { localKafkaBroker } from '../src/infra/kafka-broker.js';
import { KafkaEventConsumer } from '../src/messaging/kafka-consumer.js';
import { migrateMessaging } from '../src/messaging/messaging-schema.js';
import { Relay } from '../src/messaging/relay.js';
import { createTestDatabase, kafkaBrokersOrSkip, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { appliedSummary, createAppliedTable, drillCounts, eventually, patientEvent, quietKafka, recordingHandler, uniqueService } from './support/messaging.js';

// Needs a Kafka of its own to stop and start: the shared one only proves Kafka can run here.
const available = kafkaBrokersOrSkip('relay through a Kafka outage');

(available ? describe : describe.skip)('relay through a Kafka outage', () => {
  const broker = localKafkaBroker({ port: 19092, dataDir: mkdtempSync(join(tmpdir(), 'ehr-kafka-outage-')) });
  let db: TestDatabase;

  beforeAll(async () => {
    await broker.start();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
    await broker.stop();
  });

  it('delivers all 1,000 events appended while Kafka was down, in per-patient order, each applied once', async () => {
    const service = uniqueService('outage');
    const store = new PostgresEventStore({ pool: db.pool, schema: 'producer', pollIntervalMs: 100 });
    await store.migrate();
    await migrateMessaging(db.pool, 'producer');
    await migrateMessaging(db.pool, 'consumer');
    await createAppliedTable(db.pool, 'consumer');

    const kafka = quietKafka([broker.brokers]);
    const relay = new Relay({ store, pool: db.pool, schema: 'producer', service, kafka, onError: () => undefined });
    const consumer = new KafkaEventConsumer({ kafka, pool: db.pool, schema: 'consumer', service: `${service}c`, sources: [service], handler: recordingHandler('consumer') });
    await relay.start();
    await consumer.start();

    await broker.stop();
    for (let i = 0; i < 1000; i++) await store.append(`thing-${i % 25}`, [patientEvent(`p${i % 10}`, i)], { expectedVersion: 'any' });
    const parked = await db.pool.query(`SELECT count(*)::int AS n FROM producer.relay_checkpoints`);
    expect(parked.rows[0].n).toBe(0); // nothing was acknowledged, so nothing was checkpointed
    await broker.start();

    await eventually('the consumer has applied 1,000 events', async () => (await appliedSummary(db.pool, 'consumer')).rows === 1000, 150_000);
    await relay.stop();
    await consumer.stop();
    const summary = await appliedSummary(db.pool, 'consumer');
    expect(summary).toEqual({ rows: 1000, maxApplied: 1, outOfOrderPatients: [] });
  });

  it('loses nothing and applies nothing twice when the broker is killed under load and comes back', async () => {
    const service = uniqueService('brokerkill');
    const store = new PostgresEventStore({ pool: db.pool, schema: 'killed', pollIntervalMs: 100 });
    await store.migrate();
    await migrateMessaging(db.pool, 'killed');
    await migrateMessaging(db.pool, 'killedc');
    await createAppliedTable(db.pool, 'killedc');

    const kafka = quietKafka([broker.brokers]);
    const relay = new Relay({ store, pool: db.pool, schema: 'killed', service, kafka, onError: () => undefined });
    const consumer = new KafkaEventConsumer({ kafka, pool: db.pool, schema: 'killedc', service: `${service}c`, sources: [service], handler: recordingHandler('killedc'), onError: () => undefined });
    await relay.start();
    await consumer.start();

    // About 100 events a second throughout: before the kill, while the broker is away, and after.
    let appended = 0;
    let loading = true;
    const load = (async () => {
      while (loading) {
        await store.append(`thing-${appended % 25}`, [patientEvent(`p${appended % 10}`, appended)], { expectedVersion: 'any' });
        appended++;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await eventually('the consumer applies events under load', async () => (await appliedSummary(db.pool, 'killedc')).rows >= 200, 60_000);
    await broker.kill();
    const atKill = appended;
    await new Promise((r) => setTimeout(r, 10_000));
    await broker.start();
    const backAt = Date.now();
    await new Promise((r) => setTimeout(r, 3_000));
    loading = false;
    await load;

    await eventually(`the consumer has applied all ${appended} events`, async () => (await appliedSummary(db.pool, 'killedc')).rows === appended, 150_000);
    const caughtUpSeconds = (Date.now() - backAt) / 1000;
    await relay.stop();
    await consumer.stop();
    const counts = await drillCounts(db.pool, 'killedc', appended);
    console.log(`broker killed under load: ${JSON.stringify(counts)}, ${atKill} appended before the kill, all applied ${caughtUpSeconds.toFixed(1)} s after the broker was back`);
    expect(counts).toEqual({ appended, applied: appended, lost: 0, duplicated: 0 });
    expect((await appliedSummary(db.pool, 'killedc')).outOfOrderPatients).toEqual([]);
  }, 240_000);
});
