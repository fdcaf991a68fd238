import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { deadLetterTopic, eventsTopic } from '@ehr/contracts';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { KafkaEventConsumer } from '../src/messaging/kafka-consumer.js';
import { migrateMessaging } from '../src/messaging/messaging-schema.js';
import { Relay } from '../src/messaging/relay.js';
import { ensureTopics } from '../src/messaging/topics.js';
import { createTestDatabase, kafkaBrokersOrSkip, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { appliedSummary, createAppliedTable, eventually, patientEvent, quietKafka, recordingHandler, uniqueService } from './support/messaging.js';

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

  function consumerProcess(service: string, source: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'support', 'consumer-process.mjs'), brokers!.join(','), service, source, db.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    return new Promise((resolve, reject) => {
      child.stdout!.once('data', () => resolve(child));
      child.once('exit', (code) => reject(new Error(`consumer process exited with ${code}`)));
    });
  }

  it('loses nothing and applies nothing twice when the consumer is killed mid-batch and restarted', async () => {
    const source = uniqueService('src');
    const service = uniqueService('svc');
    await publish(source, 400);

    const first = await consumerProcess(service, source);
    await eventually('some events applied', async () => (await appliedSummary(db.pool, 'consumer')).rows >= 100);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = (await appliedSummary(db.pool, 'consumer')).rows;
    expect(atKill).toBeLessThan(400);

    const second = await consumerProcess(service, source);
    await eventually('all 400 events applied', async () => (await appliedSummary(db.pool, 'consumer')).rows === 400);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
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
    expect(await appliedSummary(db.pool, 'consumer')).toMatchObject({ rows: 29, maxApplied: 1 });
  });

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
