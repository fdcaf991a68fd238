// Event store benchmark: append throughput with 8 concurrent writers against a raw INSERT
// baseline of the same rows in the same run, and catch-up reading speed.
//   npm run bench:store            (embedded PostgreSQL)
//   DATABASE_URL=... npm run bench:store
import { randomUUID } from 'node:crypto';
import { createPool, type NewEvent, PostgresEventStore, migrate, eventStoreMigrations, type Pool, type Checkpoint } from '@ehr/platform';
import { benchDatabase } from './database.ts';
import { median, writeReport } from './report.ts';

const writers = 8;
const appendsPerWriterPerRound = Number(process.env.BENCH_APPENDS ?? 600);
const rounds = 5;
const catchUpEvents = Number(process.env.BENCH_CATCHUP_EVENTS ?? 200_000);

/** A dose-administration-sized event: ~400 bytes of JSON data and metadata. */
function sampleEvent(patientId: string): NewEvent {
  return {
    type: 'mar.dose.administered',
    schemaVersion: 1,
    data: {
      doseId: randomUUID(),
      orderId: randomUUID(),
      medication: { rxnorm: '197361', name: 'amlodipine 5 MG Oral Tablet', gtin: '00312345678906' },
      amount: { value: 5, unit: 'mg' },
      route: 'oral',
      site: null,
      scheduledFor: '2026-03-02T14:00:00.000Z',
      witnessId: null,
    },
    metadata: { patientId, encounterId: randomUUID(), actor: { id: 'nurse-17', role: 'nurse' }, correlationId: randomUUID() },
  };
}

async function storeRound(store: PostgresEventStore, round: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const streamId = `dose-r${round}-w${w}`;
      for (let i = 0; i < appendsPerWriterPerRound; i++) {
        await store.append(streamId, [sampleEvent(`p-${w}-${i % 50}`)], { expectedVersion: i === 0 ? 'no-stream' : i });
      }
    }),
  );
  return (writers * appendsPerWriterPerRound) / ((performance.now() - started) / 1000);
}

/** The same rows written by a plain INSERT, one transaction each, with no version check. */
async function rawRound(pool: Pool, round: number): Promise<number> {
  const sql = `INSERT INTO bench_raw.events (stream_id, stream_version, event_id, event_type, schema_version, patient_id, data, metadata, occurred_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const streamId = `dose-r${round}-w${w}`;
      for (let i = 0; i < appendsPerWriterPerRound; i++) {
        const e = sampleEvent(`p-${w}-${i % 50}`);
        const m = e.metadata;
        await pool.query(sql, [
          streamId,
          i + 1,
          randomUUID(),
          e.type,
          e.schemaVersion,
          m.patientId,
          JSON.stringify(e.data),
          JSON.stringify({ encounterId: m.encounterId, actor: m.actor, correlationId: m.correlationId, causationId: null, traceparent: null }),
          new Date().toISOString(),
        ]);
      }
    }),
  );
  return (writers * appendsPerWriterPerRound) / ((performance.now() - started) / 1000);
}

async function catchUp(pool: Pool): Promise<{ eventsPerSecond: number; events: number }> {
  const store = new PostgresEventStore({ pool, schema: 'bench_catchup' });
  await store.migrate();
  // Loaded in bulk: the figure is about reading.
  await pool.query(
    `INSERT INTO bench_catchup.events (stream_id, stream_version, event_id, event_type, schema_version, patient_id, data, metadata, occurred_at)
     SELECT 'dose-' || (g / 20), (g % 20) + 1, gen_random_uuid(), 'mar.dose.administered', 1, 'p-' || (g % 5000),
            jsonb_build_object('doseId', gen_random_uuid(), 'amount', jsonb_build_object('value', 5, 'unit', 'mg'), 'route', 'oral',
                               'medication', jsonb_build_object('rxnorm', '197361', 'name', 'amlodipine 5 MG Oral Tablet')),
            jsonb_build_object('encounterId', gen_random_uuid(), 'actor', jsonb_build_object('id', 'nurse-17', 'role', 'nurse'),
                               'correlationId', gen_random_uuid(), 'causationId', null, 'traceparent', null),
            now()
       FROM generate_series(0, $1 - 1) AS g`,
    [catchUpEvents],
  );
  await pool.query('VACUUM ANALYZE bench_catchup.events');
  let checkpoint: Checkpoint | null = null;
  let events = 0;
  const started = performance.now();
  for (;;) {
    const batch = await store.readAll(checkpoint, 5000);
    if (batch.events.length === 0) break;
    events += batch.events.length;
    checkpoint = batch.checkpoint;
  }
  return { eventsPerSecond: events / ((performance.now() - started) / 1000), events };
}

const database = await benchDatabase();
const pool = createPool({ connectionString: database.url, applicationName: 'bench-store', max: writers + 2 });
try {
  const store = new PostgresEventStore({ pool, schema: 'bench_store' });
  await store.migrate();
  await migrate(pool, 'bench_raw', eventStoreMigrations('bench_raw'));

  const storeRates: number[] = [];
  const rawRates: number[] = [];
  const ratios: number[] = [];
  await storeRound(store, -1); // warm-up: connections, plans, caches
  await rawRound(pool, -1);
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first so drift on a shared machine does not favour one side.
    let raw: number;
    let appended: number;
    if (round % 2 === 0) {
      raw = await rawRound(pool, round);
      appended = await storeRound(store, round);
    } else {
      appended = await storeRound(store, round);
      raw = await rawRound(pool, round);
    }
    rawRates.push(raw);
    storeRates.push(appended);
    ratios.push(appended / raw);
    console.log(`round ${round + 1}: store ${Math.round(appended)} events/s, raw INSERT ${Math.round(raw)} events/s, ratio ${(appended / raw).toFixed(3)}`);
  }
  const read = await catchUp(pool);
  writeReport(
    'store',
    [
      { metric: 'append, 8 writers, 1 event per transaction', value: median(storeRates), unit: 'events/s' },
      { metric: 'raw INSERT baseline, same rows, 8 writers', value: median(rawRates), unit: 'events/s' },
      { metric: 'append / raw baseline (median of rounds)', value: median(ratios), unit: 'x', target: { atLeast: 0.8 } },
      { metric: `catch-up read (${read.events.toLocaleString('en-US')} events)`, value: read.eventsPerSecond, unit: 'events/s', target: { atLeast: 50_000 } },
    ],
    { database: database.where, writers, appendsPerWriterPerRound, rounds },
  );
} finally {
  await pool.end();
  await database.dispose();
}
