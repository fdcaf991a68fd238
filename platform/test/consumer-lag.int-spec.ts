import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { KafkaEventConsumer } from '../src/messaging/kafka-consumer.js';
import { migrateMessaging } from '../src/messaging/messaging-schema.js';
import { Relay } from '../src/messaging/relay.js';
import { createTestDatabase, kafkaBrokersOrSkip, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { appliedSummary, createAppliedTable, eventually, patientEvent, quietKafka, recordingHandler, uniqueService } from './support/messaging.js';

const brokers = kafkaBrokersOrSkip('consumer lag');

(brokers ? describe : describe.skip)('consumer lag per group', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
    await new PostgresEventStore({ pool: db.pool, schema: 'producer' }).migrate();
    await migrateMessaging(db.pool, 'producer');
    await migrateMessaging(db.pool, 'consumer');
    await createAppliedTable(db.pool, 'consumer');
  });
  afterEach(async () => {
    await db.drop();
  });

  it('is what the group has not consumed: 0 once caught up, the new events while it is away', async () => {
    const source = uniqueService('src');
    const service = uniqueService('svc');
    const store = new PostgresEventStore({ pool: db.pool, schema: 'producer', pollIntervalMs: 50 });
    const relay = new Relay({ store, pool: db.pool, schema: 'producer', service: source, kafka: quietKafka(brokers!) });
    const append = async (from: number, to: number) => {
      for (let i = from; i < to; i++) await store.append(`thing-${i}`, [patientEvent(`p${i % 6}`, i)], { expectedVersion: 'any' });
      await relay.caughtUp();
    };
    await relay.start();
    await append(0, 40);
    const consumer = () => new KafkaEventConsumer({ kafka: quietKafka(brokers!), pool: db.pool, schema: 'consumer', service, sources: [source], handler: recordingHandler('consumer') });

    const first = consumer();
    await first.start();
    await eventually('40 applied', async () => (await appliedSummary(db.pool, 'consumer')).rows === 40);
    await eventually('no lag', async () => (await first.lag()) === 0, 30_000);
    await first.stop();

    await append(40, 65);
    const away = consumer();
    expect(await away.lag()).toBe(25);
    await relay.stop();
  });
});
