// Event bus benchmark: the five services' relays and consumer groups (the consumers each service
// runs, by the same names) on one broker of the benchmark's own, under a mixed load of ~100
// commands/s appended to the five stores. Prints append -> consumer lag p50/p95/p99 per consumer
// group and overall, then stops the broker for a while under the same load and prints how long
// the groups take, once it is back, to apply everything appended meanwhile.
//   npm run bench:bus    (PostgreSQL from DATABASE_URL or embedded; Java and infra/kafka.sh for the broker)
// Settings: BENCH_BUS_RATE (commands/s, 100), BENCH_BUS_SECONDS (measured, 30), BENCH_BUS_OUTAGE_SECONDS (30).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import type { EventEnvelope } from '@ehr/contracts';
import { Kafka, logLevel } from 'kafkajs';
import {
  createPool,
  type EventHandler,
  freePort,
  KafkaEventConsumer,
  localKafkaBroker,
  migrateMessaging,
  type NewEvent,
  type Pool,
  PostgresEventStore,
  Relay,
} from '@ehr/platform';
import { benchDatabase } from './database.ts';
import { type Figure, percentile, writeReport } from './report.ts';

const rate = Number(process.env.BENCH_BUS_RATE ?? 100);
const seconds = Number(process.env.BENCH_BUS_SECONDS ?? 30);
const outageSeconds = Number(process.env.BENCH_BUS_OUTAGE_SECONDS ?? 30);
const patients = 300;

type Service = 'adt' | 'ed' | 'orders' | 'mar' | 'revenue';
const services: Service[] = ['adt', 'ed', 'orders', 'mar', 'revenue'];

/** What each service follows, as the services wire their consumers. */
const followers: Array<{ service: Service; name: string; sources: Service[] }> = [
  { service: 'adt', name: 'adt-follow-ed', sources: ['ed'] },
  { service: 'ed', name: 'ed-follow-adt', sources: ['adt'] },
  { service: 'mar', name: 'mar-follow-adt', sources: ['adt'] },
  { service: 'mar', name: 'mar-follow-orders', sources: ['orders'] },
  { service: 'orders', name: 'orders-follow-adt', sources: ['adt'] },
  { service: 'orders', name: 'orders-follow-mar', sources: ['mar'] },
  { service: 'revenue', name: 'revenue-follow-adt', sources: ['adt'] },
  { service: 'revenue', name: 'revenue-follow-ed', sources: ['ed'] },
  { service: 'revenue', name: 'revenue-follow-orders', sources: ['orders'] },
  { service: 'revenue', name: 'revenue-follow-mar', sources: ['mar'] },
];

/** The mix of commands: a service, the share of commands it takes, and the events one appends. */
const commands: Array<{ service: Service; share: number; type: string; events: number }> = [
  { service: 'adt', share: 0.15, type: 'adt.patient.transferred', events: 1 },
  { service: 'ed', share: 0.1, type: 'ed.visit.triaged', events: 1 },
  { service: 'orders', share: 0.25, type: 'orders.order.placed', events: 2 },
  { service: 'mar', share: 0.4, type: 'mar.dose.given', events: 1 },
  { service: 'revenue', share: 0.1, type: 'revenue.charge.posted', events: 1 },
];

const kafkaPort = await freePort();
const broker = localKafkaBroker({ port: kafkaPort, dataDir: mkdtempSync(join(tmpdir(), 'ehr-bench-bus-kafka-')) });
const database = await benchDatabase();
const namespace = `benchbus${randomUUID().slice(0, 6)}`;
const kafka = new Kafka({ clientId: 'bench-bus', brokers: [broker.brokers], logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 200 } });

/** When each consumer group applied each event, and the lag of that application. */
const applied = new Map<string, Map<string, number>>(followers.map((f) => [f.name, new Map()]));
/** Every event appended, by the service whose store holds it: its id and when it was appended. */
const appended = new Map<Service, Array<{ eventId: string; at: number }>>(services.map((s) => [s, []]));

function event(type: string, patientId: string, data: Record<string, unknown>): NewEvent {
  return { type, schemaVersion: 1, data, metadata: { patientId, encounterId: `enc-${patientId}`, actor: { id: 'bench', role: 'system' }, correlationId: randomUUID() } };
}

/**
 * A follower that does a read model's work: looks up what it knows of the patient and writes
 * one row, in the consumer's transaction. The eMAR's follower of orders also reacts, as the
 * eMAR does, by scheduling a dose in its own store in the same transaction.
 */
function follower(name: string, schema: Service, stores: Record<Service, PostgresEventStore>): EventHandler {
  const seen = applied.get(name)!;
  return {
    name,
    async apply(tx, e: EventEnvelope) {
      await tx.query(`SELECT count(*) FROM ${schema}.bench_read_model WHERE patient_id = $1`, [e.patientId]);
      await tx.query(
        `INSERT INTO ${schema}.bench_read_model (consumer, patient_id, last_event_id, events) VALUES ($1, $2, $3, 1)
         ON CONFLICT (consumer, patient_id) DO UPDATE SET last_event_id = EXCLUDED.last_event_id, events = ${schema}.bench_read_model.events + 1`,
        [name, e.patientId, e.eventId],
      );
      if (name === 'mar-follow-orders' && e.type === 'orders.order.placed') {
        await stores.mar.appendInTransaction(tx, `dose-${randomUUID()}`, [event('mar.dose.scheduled', e.patientId!, { orderId: e.streamId })], { expectedVersion: 'no-stream' });
      }
      seen.set(e.eventId, Date.now() - Date.parse(e.recordedAt));
    },
  };
}
/** The doses the eMAR's follower scheduled and committed, counted with the eMAR's events from the store itself. */
const reactions = new Set<string>();
async function collectReactions(pool: Pool): Promise<void> {
  const { rows } = await pool.query<{ event_id: string; recorded_at: Date }>(`SELECT event_id, recorded_at FROM mar.events WHERE event_type = 'mar.dose.scheduled'`);
  for (const r of rows) {
    if (reactions.has(r.event_id)) continue;
    reactions.add(r.event_id);
    appended.get('mar')!.push({ eventId: r.event_id, at: r.recorded_at.getTime() });
  }
}

/** Each service with a pool of its own, as deployed (10 connections). */
async function setUp() {
  const pools = Object.fromEntries(services.map((s) => [s, createPool({ connectionString: database.url, applicationName: `bench-bus-${s}` })])) as Record<Service, Pool>;
  const stores = Object.fromEntries(services.map((s) => [s, new PostgresEventStore({ pool: pools[s], schema: s })])) as Record<Service, PostgresEventStore>;
  for (const s of services) {
    await stores[s].migrate();
    await migrateMessaging(pools[s], s);
    await pools[s].query(`CREATE TABLE ${s}.bench_read_model (consumer text, patient_id text, last_event_id uuid, events int, PRIMARY KEY (consumer, patient_id))`);
  }
  const relays = services.map((s) => new Relay({ store: stores[s], pool: pools[s], schema: s, service: s, kafka, topicNamespace: namespace, onError: () => undefined }));
  const consumers = followers.map(
    (f) => new KafkaEventConsumer({ kafka, pool: pools[f.service], schema: f.service, service: f.service, sources: f.sources, topicNamespace: namespace, handler: follower(f.name, f.service, stores) }),
  );
  return { pools, stores, relays, consumers };
}

/** Appends commands at `rate` per second until `until()` says stop; each command is one append of its events. */
async function load(stores: Record<Service, PostgresEventStore>, until: () => boolean): Promise<void> {
  const started = Date.now();
  let sent = 0;
  const inFlight = new Set<Promise<unknown>>();
  while (!until()) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (sent < due) {
      let pick = (sent * 0.618_033_988_75) % 1;
      const command = commands.find((c) => (pick -= c.share) < 0) ?? commands.at(-1)!;
      const patientId = `p-${sent % patients}`;
      const events = Array.from({ length: command.events }, (_, i) => event(command.type, patientId, { n: sent, part: i }));
      const appending = stores[command.service].append(`${command.service}-${randomUUID()}`, events, { expectedVersion: 'no-stream' }).then((result) => {
        for (const r of result.events) appended.get(command.service)!.push({ eventId: r.eventId, at: Date.now() });
      });
      inFlight.add(appending);
      void appending.finally(() => inFlight.delete(appending));
      sent++;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(inFlight);
}

/** Events of its sources appended before `before` that a group has not applied yet. */
function missing(before: number): number {
  let count = 0;
  for (const f of followers) {
    const seen = applied.get(f.name)!;
    for (const source of f.sources) for (const a of appended.get(source)!) if (a.at < before && !seen.has(a.eventId)) count++;
  }
  return count;
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

function lagFigures(windowIds: Map<string, Set<string>>): Figure[] {
  const figures: Figure[] = [];
  const all: number[] = [];
  for (const f of followers) {
    const lags = [...applied.get(f.name)!].filter(([id]) => windowIds.get(f.name)!.has(id)).map(([, lag]) => lag);
    all.push(...lags);
    const sorted = lags.sort((a, b) => a - b);
    figures.push({ metric: `${f.name} lag p50 / p95`, value: percentile(sorted, 50), unit: `ms / ${percentile(sorted, 95)} ms (${sorted.length} events)` });
    figures.push({ metric: `${f.name} lag p99`, value: percentile(sorted, 99), unit: 'ms', target: { atMost: 1000 } });
  }
  const sorted = all.sort((a, b) => a - b);
  figures.push({ metric: 'all groups lag p50', value: percentile(sorted, 50), unit: 'ms' });
  figures.push({ metric: 'all groups lag p95', value: percentile(sorted, 95), unit: 'ms' });
  figures.push({ metric: 'all groups lag p99', value: percentile(sorted, 99), unit: 'ms', target: { atMost: 1000 } });
  return figures;
}

let parts: Awaited<ReturnType<typeof setUp>> | null = null;
try {
  console.log(`starting a broker on ${broker.brokers} ...`);
  await broker.start();
  parts = await setUp();
  for (const relay of parts.relays) await relay.start();
  for (const consumer of parts.consumers) await consumer.start();
  // Let the groups settle (joined, partitions assigned) before measuring.
  await new Promise((r) => setTimeout(r, 5_000));
  const { stores, pools } = parts;

  console.log(`steady load: ${rate} commands/s for ${seconds} s ...`);
  const loadBefore = loadavg()[0]!;
  // Every service runs in this one process: a busy event loop is lag the services would not share.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const steadyFrom = Date.now();
  await load(stores, () => Date.now() - steadyFrom >= seconds * 1000);
  const steadyUntil = Date.now();
  loopDelay.disable();
  await new Promise((r) => setTimeout(r, 2_000));
  await collectReactions(pools.mar);
  const drained = await waitUntil(() => missing(steadyUntil + 1) === 0, 60_000);
  const loadAfter = loadavg()[0]!;
  const window = new Map(followers.map((f) => [f.name, new Set(f.sources.flatMap((s) => appended.get(s)!.filter((a) => a.at >= steadyFrom && a.at <= steadyUntil).map((a) => a.eventId)))]));
  const appendedSteady = [...appended.values()].reduce((n, list) => n + list.filter((a) => a.at >= steadyFrom && a.at <= steadyUntil).length, 0);

  console.log(`broker outage: ${outageSeconds} s under the same load ...`);
  await broker.stop();
  const outageFrom = Date.now();
  let brokerBack = Number.POSITIVE_INFINITY;
  const loading = load(stores, () => Date.now() >= brokerBack + 20_000);
  await new Promise((r) => setTimeout(r, outageSeconds * 1000));
  await broker.start();
  brokerBack = Date.now();
  const caughtUp = await waitUntil(() => missing(brokerBack) === 0, 120_000);
  const catchUpSeconds = (Date.now() - brokerBack) / 1000;
  const appendedInOutage = [...appended.values()].reduce((n, list) => n + list.filter((a) => a.at >= outageFrom && a.at < brokerBack).length, 0);
  await loading;

  writeReport(
    'bus',
    [
      ...lagFigures(window),
      { metric: 'events appended in the measured window', value: appendedSteady, unit: 'events' },
      { metric: 'event loop delay p99 of the one process (window)', value: loopDelay.percentile(99) / 1e6, unit: 'ms' },
      { metric: 'every group applied every event of the window', value: drained ? 1 : 0, unit: '(1 = yes)', target: { atLeast: 1 } },
      { metric: `catch-up after a ${outageSeconds} s broker outage`, value: catchUpSeconds, unit: `s (${appendedInOutage} events appended meanwhile)`, target: { atMost: 10 } },
      { metric: 'every group applied everything appended in the outage', value: caughtUp ? 1 : 0, unit: '(1 = yes)', target: { atLeast: 1 } },
    ],
    { database: database.where, rate, seconds, outageSeconds, loadAverage1m: { before: loadBefore, after: loadAfter }, groups: followers.length },
  );
} finally {
  for (const consumer of parts?.consumers ?? []) await consumer.stop().catch(() => undefined);
  for (const relay of parts?.relays ?? []) await relay.stop().catch(() => undefined);
  for (const pool of Object.values(parts?.pools ?? {})) await pool.end();
  await broker.stop().catch(() => undefined);
  await database.dispose();
}
