// Relay benchmark: events/s from the store to Kafka, and append-to-consumer latency at a
// steady 500 events/s through relay, Kafka and a consumer applying each event via its inbox.
//   npm run bench:relay    (Kafka from KAFKA_BROKERS or 127.0.0.1:9092)
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createPool, KafkaEventConsumer, migrateMessaging, type NewEvent, PostgresEventStore, Relay } from '@ehr/platform';
import { benchDatabase } from './database.ts';
import { percentile, writeReport } from './report.ts';

const backlog = Number(process.env.BENCH_RELAY_EVENTS ?? 50_000);
const rate = 500;
const seconds = Number(process.env.BENCH_RELAY_SECONDS ?? 20);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const kafka = new Kafka({ clientId: 'bench-relay', brokers, logLevel: logLevel.NOTHING });
const database = await benchDatabase();
const pool = createPool({ connectionString: database.url, applicationName: 'bench-relay', max: 12 });

function event(patientId: string, sentAt: number): NewEvent {
  return {
    type: 'mar.dose.administered',
    schemaVersion: 1,
    data: { doseId: randomUUID(), amount: { value: 5, unit: 'mg' }, route: 'oral', sentAt },
    metadata: { patientId, actor: { id: 'nurse-17', role: 'nurse' }, correlationId: randomUUID() },
  };
}

async function relayThroughput(): Promise<number> {
  const service = `benchrelay${randomUUID().slice(0, 8)}`;
  const store = new PostgresEventStore({ pool, schema: 'bench_backlog' });
  await store.migrate();
  await migrateMessaging(pool, 'bench_backlog');
  await pool.query(
    `INSERT INTO bench_backlog.events (stream_id, stream_version, event_id, event_type, schema_version, patient_id, data, metadata, occurred_at)
     SELECT 'dose-' || (g / 10), (g % 10) + 1, gen_random_uuid(), 'mar.dose.administered', 1, 'p-' || (g % 2000),
            jsonb_build_object('doseId', gen_random_uuid(), 'amount', jsonb_build_object('value', 5, 'unit', 'mg'), 'route', 'oral'),
            jsonb_build_object('encounterId', null, 'actor', jsonb_build_object('id', 'nurse-17', 'role', 'nurse'),
                               'correlationId', gen_random_uuid(), 'causationId', null, 'traceparent', null),
            now()
       FROM generate_series(0, $1 - 1) AS g`,
    [backlog],
  );
  const relay = new Relay({ store, pool, schema: 'bench_backlog', service, kafka, batchSize: 2000 });
  const started = performance.now();
  await relay.start();
  await relay.caughtUp();
  const elapsed = (performance.now() - started) / 1000;
  await relay.stop();
  return backlog / elapsed;
}

async function endToEndLatency(): Promise<{ p50: number; p99: number; received: number; sent: number }> {
  const service = `benchlat${randomUUID().slice(0, 8)}`;
  const store = new PostgresEventStore({ pool, schema: 'bench_live', pollIntervalMs: 250 });
  await store.migrate();
  await migrateMessaging(pool, 'bench_live');
  await migrateMessaging(pool, 'bench_consumer');
  const latencies: number[] = [];
  const relay = new Relay({ store, pool, schema: 'bench_live', service, kafka });
  const consumer = new KafkaEventConsumer({
    kafka,
    pool,
    schema: 'bench_consumer',
    service: `${service}c`,
    sources: [service],
    handler: {
      name: 'latency',
      async apply(_tx, e) {
        latencies.push(Date.now() - (e.data as { sentAt: number }).sentAt);
      },
    },
  });
  await relay.start();
  await consumer.start();
  // Let the group settle before measuring.
  await new Promise((r) => setTimeout(r, 3_000));
  const total = rate * seconds;
  let sent = 0;
  const started = Date.now();
  while (sent < total) {
    // Keep to the schedule: each event goes out at its own slot, one append per event.
    const due = Math.floor(((Date.now() - started) / 1000) * rate) + 1;
    const batch: Promise<unknown>[] = [];
    while (sent < Math.min(due, total)) {
      const patient = `p-${sent % 300}`;
      batch.push(store.append(`dose-${randomUUID()}`, [event(patient, Date.now())], { expectedVersion: 'no-stream' }));
      sent++;
    }
    await Promise.all(batch);
    await new Promise((r) => setTimeout(r, 2));
  }
  const deadline = Date.now() + 30_000;
  while (latencies.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await consumer.stop();
  await relay.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), received: latencies.length, sent: total };
}

try {
  const throughput = await relayThroughput();
  const latency = await endToEndLatency();
  writeReport(
    'relay',
    [
      { metric: `relay to Kafka (${backlog.toLocaleString('en-US')} event backlog)`, value: throughput, unit: 'events/s', target: { atLeast: 5_000 } },
      { metric: `append-to-consumer p50 at ${rate} events/s`, value: latency.p50, unit: 'ms' },
      { metric: `append-to-consumer p99 at ${rate} events/s`, value: latency.p99, unit: 'ms', target: { atMost: 250 } },
      { metric: 'events received of sent', value: latency.received / latency.sent, unit: 'fraction', target: { atLeast: 1 } },
    ],
    { database: database.where, brokers, rate, seconds },
  );
} finally {
  await pool.end();
  await database.dispose();
}
