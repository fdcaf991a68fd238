import type { Consumer } from 'kafkajs';
import { eventsTopic } from '@ehr/contracts';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { migrateMessaging } from '../src/messaging/messaging-schema.js';
import { Relay } from '../src/messaging/relay.js';
import { ensureTopics } from '../src/messaging/topics.js';
import { createPool, type Pool } from '../src/sql/pool.js';
import { createTestDatabase, kafkaBrokersOrSkip, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { eventually, patientEvent, quietKafka, uniqueService } from './support/messaging.js';

const brokers = kafkaBrokersOrSkip('one relay per service across instances');

interface Published {
  eventId: string;
  key: string;
  n: number;
}

(brokers ? describe : describe.skip)('one relay per service across instances', () => {
  let db: TestDatabase;
  const pools: Pool[] = [];
  const relays: Relay[] = [];
  let consumer: Consumer | null = null;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await Promise.all(relays.map((relay) => relay.stop()));
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
    await db?.drop();
  });

  /** One instance of the service: its own connections, store reader and relay. */
  function instance(name: string, service: string, schema = 'producer'): { pool: Pool; relay: Relay } {
    const pool = createPool({ connectionString: db.url, applicationName: name, max: 4 });
    pools.push(pool);
    const store = new PostgresEventStore({ pool, schema, pollIntervalMs: 50 });
    const relay = new Relay({ store, pool, schema, service, kafka: quietKafka(brokers!), onError: () => undefined });
    relays.push(relay);
    return { pool, relay };
  }

  it('publishes each event once, in order per patient, and a standby takes over within seconds when the leader dies', async () => {
    const service = uniqueService('leader');
    const writer = new PostgresEventStore({ pool: db.pool, schema: 'producer', pollIntervalMs: 50 });
    await writer.migrate();
    await migrateMessaging(db.pool, 'producer');

    const kafka = quietKafka(brokers!);
    const topic = eventsTopic(service);
    await ensureTopics(kafka, [topic]);
    const published: Published[] = [];
    consumer = kafka.consumer({ groupId: `${service}-watch` });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(message.value!.toString()) as { eventId: string; data: { n: number } };
        published.push({ eventId: envelope.eventId, key: message.key!.toString(), n: envelope.data.n });
      },
    });

    const a = instance('relay-a', service);
    const b = instance('relay-b', service);
    await a.relay.start();
    await b.relay.start();
    expect([a.relay.leading, b.relay.leading]).toEqual([true, false]);

    const append = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) await writer.append(`thing-${i % 25}`, [patientEvent(`p${i % 10}`, i)], { expectedVersion: 'any' });
    };
    const checkpointed = async (): Promise<boolean> => {
      const { checkpoint } = await writer.readAll(null, 100_000);
      const { rows } = await db.pool.query(`SELECT checkpoint FROM producer.relay_checkpoints`);
      return rows.length === 1 && rows[0].checkpoint === checkpoint;
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

    // Both instances run while 200 events are appended: the leader publishes, the standby does not.
    await append(0, 200);
    await eventually('200 events are on the topic', async () => published.length >= 200, 60_000);
    await eventually('the leader has checkpointed the last event', checkpointed, 30_000);
    await settle();
    expect(published.length).toBe(200);
    expect(b.relay.leading).toBe(false);

    // The leader dies: its connections end and it cannot open new ones.
    const killedAt = Date.now();
    void a.pool.end().catch(() => undefined);
    await db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'relay-a'`);
    await eventually('the standby leads', async () => b.relay.leading, 15_000);
    const takeoverMs = Date.now() - killedAt;

    await append(200, 100);
    await eventually('300 events are on the topic', async () => published.length >= 300, 60_000);
    const lastPublishedMs = Date.now() - killedAt;
    await eventually('the new leader has checkpointed the last event', checkpointed, 30_000);
    await settle();
    await b.relay.stop();
    await a.relay.stop();

    const ids = new Set(published.map((p) => p.eventId));
    const outOfOrder = [...new Set(published.map((p) => p.key))].filter((key) => {
      const ns = published.filter((p) => p.key === key).map((p) => p.n);
      return ns.some((n, i) => i > 0 && n < ns[i - 1]!);
    });
    console.log(
      `relay leadership: appended 300, published ${published.length}, distinct ${ids.size}, duplicated ${published.length - ids.size}, ` +
        `standby leading ${takeoverMs} ms after the leader died, all 300 published by ${lastPublishedMs} ms`,
    );
    expect({ published: published.length, distinct: ids.size, outOfOrder }).toEqual({ published: 300, distinct: 300, outOfOrder: [] });
    expect(takeoverMs).toBeLessThan(5000);
  }, 180_000);

  it('never moves the checkpoint back', async () => {
    const service = uniqueService('forward');
    const writer = new PostgresEventStore({ pool: db.pool, schema: 'forward', pollIntervalMs: 50 });
    await writer.migrate();
    await migrateMessaging(db.pool, 'forward');
    for (let i = 0; i < 5; i++) await writer.append(`thing-${i}`, [patientEvent('p1', i)], { expectedVersion: 'any' });
    const { events } = await writer.readAll(null, 100);
    expect(events).toHaveLength(5);
    const { relay } = instance('relay-forward', service, 'forward');
    // An instance that already published past these events (a deposed leader read an older checkpoint).
    const ahead = '999999999999/0';
    await db.pool.query(`INSERT INTO forward.relay_checkpoints (name, checkpoint) VALUES ($1, $2)`, [`relay:${service}`, events[1]!.checkpoint]);
    await relay.start();
    await db.pool.query(`UPDATE forward.relay_checkpoints SET checkpoint = $2 WHERE name = $1`, [`relay:${service}`, ahead]);
    await writer.append('thing-late', [patientEvent('p1', 5)], { expectedVersion: 'any' });
    await relay.caughtUp();
    await relay.stop();
    const { rows } = await db.pool.query(`SELECT checkpoint FROM forward.relay_checkpoints WHERE name = $1`, [`relay:${service}`]);
    expect(rows[0].checkpoint).toBe(ahead);
  });
});
