import type { ChildProcess } from 'node:child_process';
import { deadLetterTopic, eventsTopic } from '@ehr/contracts';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { KafkaEventConsumer } from '../src/messaging/kafka-consumer.js';
import { migrateMessaging } from '../src/messaging/messaging-schema.js';
import { Relay } from '../src/messaging/relay.js';
import { ensureTopics } from '../src/messaging/topics.js';
import { createTestDatabase, kafkaBrokersOrSkip, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { appliedSummary, createAppliedTable, drillCounts, eventually, killProcess, patientEvent, quietKafka, recordingHandler, supportProcess, uniqueService } from './support/messaging.js';

const brokers = kafkaBrokersOrSkip('Kafka consumer with an inbox');

(brokers ? describe : describe.skip)('Kafka consumer with an inbox', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema: 'producer', pollIntervalMs: 50 });
    await store.migrate();
    await migrateMessaging(db.pool, 'producer');
    await migrateMessaging(db.pool, 'consumer');
    await createAppliedTable(db.pool, 'consumer');
  });
  afterEach(async () => {
    await db.drop();
  });

  async function publish(service: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) await store.append(`thing-${i % 20}`, [patientEvent(`p${i % 8}`, i)], { expectedVersion: 'any' });
    const relay = new Relay({ store, pool: db.pool, schema: 'producer', service, kafka: quietKafka(brokers!) });
    await relay.start();
    await relay.caughtUp();
    await relay.stop();
  }

  const consumerProcess = (service: string, source: string): Promise<ChildProcess> => supportProcess('consumer-process.mjs', [brokers!.join(','), service, source, db.url]);

  it('loses nothing and applies nothing twice when the consumer is killed mid-batch and restarted', async () => {
    const source = uniqueService('src');
    const service = uniqueService('svc');
    await publish(source, 400);

    const first = await consumerProcess(service, source);
    await eventually('some events applied', async () => (await appliedSummary(db.pool, 'consumer')).rows >= 100);
    await killProcess(first);
    const atKill = (await appliedSummary(db.pool, 'consumer')).rows;
    expect(atKill).toBeLessThan(400);

    const second = await consumerProcess(service, source);
    await eventually('all 400 events applied', async () => (await appliedSummary(db.pool, 'consumer')).rows === 400);
    await killProcess(second, 'SIGTERM');
    const counts = await drillCounts(db.pool, 'consumer', 400);
    console.log(`consumer killed onto a backlog: applied ${atKill} at the kill; ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ appended: 400, applied: 400, lost: 0, duplicated: 0 });
    expect(await appliedSummary(db.pool, 'consumer')).toEqual({ rows: 400, maxApplied: 1, outOfOrderPatients: [] });
  });

  it('sends a poison event to the dead-letter topic with its error and goes on with later events', async () => {
    const source = uniqueService('src');
    const service = uniqueService('svc');
    await publish(source, 30);
    const errors: unknown[] = [];
    const consumer = new KafkaEventConsumer({
      kafka: quietKafka(brokers!),
      pool: db.pool,
      schema: 'consumer',
      service,
      sources: [source],
      maxAttempts: 2,
      handler: recordingHandler('consumer', { fail: (e) => (e.data as { n: number }).n === 7 }),
      onError: (error) => errors.push(error),
    });
    await consumer.start();
    await eventually('29 good events applied', async () => (await appliedSummary(db.pool, 'consumer')).rows === 29);

    const dead: Array<{ error: string; value: string }> = [];
    const reader = quietKafka(brokers!).consumer({ groupId: uniqueService('dlqreader') });
    await reader.connect();
    await reader.subscribe({ topic: deadLetterTopic(service), fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void dead.push({ error: String(message.headers?.['dlq.error']), value: String(message.value) }) });
    await eventually('the poison event is in the DLQ', async () => dead.length === 1, 30_000);
    await reader.disconnect();
    await consumer.stop();

    expect(dead[0]!.error).toMatch(/refusing event 7/);
    expect(JSON.parse(dead[0]!.value).data).toEqual({ n: 7 });
    expect(errors).toHaveLength(1);
    const counts = await drillCounts(db.pool, 'consumer', 30);
    console.log(`poison message: ${JSON.stringify(counts)}, dead-lettered ${dead.length}`);
    // The one not applied is the poison one, dead-lettered; the partition went on past it.
    expect(counts).toEqual({ appended: 30, applied: 29, lost: 1, duplicated: 0 });
    expect(await appliedSummary(db.pool, 'consumer')).toMatchObject({ rows: 29, maxApplied: 1 });
  });

  it('publishes every event and applies each once when the relay is killed mid-batch and another takes over', async () => {
    const source = uniqueService('src');
    const service = uniqueService('svc');
    const appended = 3000;
    for (let i = 0; i < appended; i += 10) {
      await store.append(`thing-${i}`, Array.from({ length: 10 }, (_, j) => patientEvent(`p${(i + j) % 8}`, i + j)), { expectedVersion: 'no-stream' });
    }
    const consumer = new KafkaEventConsumer({ kafka: quietKafka(brokers!), pool: db.pool, schema: 'consumer', service, sources: [source], handler: recordingHandler('consumer') });
    await consumer.start();

    // Batches of 50: the kill lands while the relay is between batches or inside one (sent, not yet checkpointed).
    const relayProcess = () => supportProcess('relay-process.mjs', [brokers!.join(','), source, db.url, '50']);
    const checkpoint = async () => (await db.pool.query<{ checkpoint: string }>(`SELECT checkpoint FROM producer.relay_checkpoints`)).rows[0]?.checkpoint ?? null;
    const first = await relayProcess();
    // Killed as soon as its first batch is checkpointed, long before the last one.
    while ((await checkpoint()) === null) await new Promise((r) => setTimeout(r, 5));
    await killProcess(first);
    const { checkpoint: last } = await store.readAll(null, appended);
    const atKill = await checkpoint();
    expect(atKill).not.toBe(last);

    const second = await relayProcess();
    await eventually(`all ${appended} events applied`, async () => (await appliedSummary(db.pool, 'consumer')).rows === appended, 120_000);
    await killProcess(second, 'SIGTERM');
    await consumer.stop();
    const admin = quietKafka(brokers!).admin();
    await admin.connect();
    const published = (await admin.fetchTopicOffsets(eventsTopic(source))).reduce((n, p) => n + Number(p.high), 0);
    await admin.disconnect();
    const counts = await drillCounts(db.pool, 'consumer', appended);
    console.log(`producer killed mid-batch: ${JSON.stringify(counts)}, messages on the topic ${published} (${published - appended} sent again after the kill)`);
    expect(counts).toEqual({ appended, applied: appended, lost: 0, duplicated: 0 });
    expect(await appliedSummary(db.pool, 'consumer')).toEqual({ rows: appended, maxApplied: 1, outOfOrderPatients: [] });
  }, 240_000);

  it('sends a message that is not an event envelope straight to the dead-letter topic', async () => {
    const source = uniqueService('src');
    const service = uniqueService('svc');
    const kafka = quietKafka(brokers!);
    await ensureTopics(kafka, [eventsTopic(source)]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: eventsTopic(source), messages: [{ key: 'x', value: 'not json' }] });
    await producer.disconnect();
    await publish(source, 3);
    const errors: unknown[] = [];
    const consumer = new KafkaEventConsumer({ kafka, pool: db.pool, schema: 'consumer', service, sources: [source], handler: recordingHandler('consumer'), onError: (e) => errors.push(e) });
    await consumer.start();
    await eventually('the 3 good events applied', async () => (await appliedSummary(db.pool, 'consumer')).rows === 3);
    await consumer.stop();
    expect(String(errors[0])).toMatch(/not JSON/);
  });
});
