import type { EventEnvelope } from '@ehr/contracts';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import type { Projection } from '../src/projections/projection.js';
import { migrateProjections, ProjectionRunner, rebuildProjection } from '../src/projections/projection-runner.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { eventually, patientEvent } from './support/messaging.js';

/** Per patient: how many events and the last one seen. Wrong order or a double apply shows. */
function countsProjection(options: { failOn?: () => number | null } = {}): Projection {
  return {
    name: 'thing-counts',
    handles: ['test.thing.happened'],
    async apply(tx, event: EventEnvelope) {
      const n = (event.data as { n: number }).n;
      await tx.query(
        `INSERT INTO proj.thing_counts (patient_id, events, total) VALUES ($1, 1, $2)
         ON CONFLICT (patient_id) DO UPDATE SET events = proj.thing_counts.events + 1, total = proj.thing_counts.total + $2`,
        [event.patientId, n],
      );
      if (options.failOn?.() === n) throw new Error(`cannot apply event ${n}`);
    },
    async reset(tx) {
      await tx.query('TRUNCATE proj.thing_counts');
    },
  };
}

describe('projections', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const snapshot = async () => (await db.pool.query('SELECT patient_id, events, total FROM proj.thing_counts ORDER BY patient_id')).rows;
  const totalEvents = async () => Number((await db.pool.query('SELECT coalesce(sum(events), 0) AS n FROM proj.thing_counts')).rows[0].n);
  const append = async (from: number, to: number) => {
    for (let i = from; i < to; i++) await store.append(`thing-${i % 13}`, [patientEvent(`p${i % 9}`, i)], { expectedVersion: 'any' });
  };

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema: 'events', pollIntervalMs: 50 });
    await store.migrate();
    await migrateProjections(db.pool, 'proj');
    await db.pool.query('CREATE TABLE proj.thing_counts (patient_id text PRIMARY KEY, events integer NOT NULL, total bigint NOT NULL)');
  });
  afterEach(async () => {
    await db.drop();
  });

  it('rebuilds a read model equal to the one built live while writers were appending', async () => {
    const runner = new ProjectionRunner({ store, pool: db.pool, schema: 'proj', projection: countsProjection() });
    await runner.start();
    await Promise.all([append(0, 500), append(500, 1000), append(1000, 1500), append(1500, 2000)]);
    await runner.caughtUp();
    await runner.stop();
    const live = await snapshot();
    expect(await totalEvents()).toBe(2000);

    const result = await rebuildProjection({ store, pool: db.pool, schema: 'proj', projection: countsProjection() });
    expect(result).toEqual({ events: 2000, applied: 2000 });
    expect(await snapshot()).toEqual(live);

    // The runner resumes after the rebuild's checkpoint: nothing is applied twice.
    await append(2000, 2010);
    const after = new ProjectionRunner({ store, pool: db.pool, schema: 'proj', projection: countsProjection() });
    await after.start();
    await after.caughtUp();
    await after.stop();
    expect(await totalEvents()).toBe(2010);
  });

  it('applies each event exactly once across a stop and a restart', async () => {
    await append(0, 300);
    const first = new ProjectionRunner({ store, pool: db.pool, schema: 'proj', projection: countsProjection(), batchSize: 40 });
    await first.start();
    await eventually('part of the stream is applied', async () => (await totalEvents()) >= 80, 30_000);
    await first.stop();
    await append(300, 400);
    const second = new ProjectionRunner({ store, pool: db.pool, schema: 'proj', projection: countsProjection(), batchSize: 40 });
    await second.start();
    await second.caughtUp();
    await second.stop();
    expect(await totalEvents()).toBe(400);
    expect(Number((await db.pool.query('SELECT sum(total) AS s FROM proj.thing_counts')).rows[0].s)).toBe((399 * 400) / 2);
  });

  it('rolls back the read-model change with its checkpoint when the projection fails, and retries instead of skipping', async () => {
    await append(0, 20);
    let failing: number | null = 13;
    const errors: unknown[] = [];
    const runner = new ProjectionRunner({ store, pool: db.pool, schema: 'proj', projection: countsProjection({ failOn: () => failing }), batchSize: 1, onError: (e) => errors.push(e) });
    await runner.start();
    await eventually('the failure is reported', async () => errors.length > 0, 30_000);
    expect(await totalEvents()).toBe(13); // events 0..12; event 13's write rolled back with its checkpoint
    failing = null;
    await runner.caughtUp();
    await runner.stop();
    expect(await totalEvents()).toBe(20);
    expect(String(errors[0])).toMatch(/cannot apply event 13/);
  });
});
