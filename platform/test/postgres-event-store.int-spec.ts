import { v7 as uuidv7 } from 'uuid';
import { ConcurrencyError, type NewEvent, type RecordedEvent } from '../src/event-store/event-store.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-infrastructure.js';

const event = (n: number, patientId = 'p1'): NewEvent => ({
  type: 'test.thing.happened',
  schemaVersion: 1,
  data: { n },
  metadata: { patientId, actor: { id: 'u1', role: 'nurse' }, correlationId: uuidv7() },
});

/** A tiny seeded generator so a failing run can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('PostgreSQL event store', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema: 'test_store', pollIntervalMs: 50 });
    await store.migrate();
  });
  afterEach(async () => {
    await db.drop();
  });

  it.each([1, 2, 3])(
    'delivers every event of 8 concurrent writers exactly once and in order to a live subscriber (seed %i)',
    async (seed) => {
      const next = random(seed);
      const writers = 8;
      const perWriter = 2000;
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribe({
        from: null,
        batchSize: 300,
        handler: async (events) => {
          seen.push(...events);
        },
      });
      const written = new Map<string, number>();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          let remaining = perWriter;
          while (remaining > 0) {
            const size = Math.min(remaining, 1 + Math.floor(next() * 5));
            const streamId = `thing-${Math.floor(next() * 200)}`;
            const batch = Array.from({ length: size }, (_, i) => event(w * perWriter + (perWriter - remaining) + i));
            await store.append(streamId, batch, { expectedVersion: 'any' });
            for (const e of batch) written.set(String((e.data as { n: number }).n), 1);
            remaining -= size;
          }
        }),
      );
      await subscription.caughtUp();
      await subscription.stop();

      expect(written.size).toBe(writers * perWriter);
      const ns = seen.map((e) => String((e.data as { n: number }).n));
      expect(new Set(ns).size).toBe(seen.length);
      expect(seen).toHaveLength(writers * perWriter);
      // Each stream's events arrive in stream order.
      const lastVersion = new Map<string, number>();
      for (const e of seen) {
        expect(e.streamVersion).toBe((lastVersion.get(e.streamId) ?? 0) + 1);
        lastVersion.set(e.streamId, e.streamVersion);
      }
    },
  );

  it('never skips an event whose transaction commits after a later one', async () => {
    // A holds the lower position but commits last; a position-only cursor would skip it.
    const slow = await db.pool.connect();
    await slow.query('BEGIN');
    await store.appendInTransaction(slow, 'thing-a', [event(1)], { expectedVersion: 'no-stream' });
    await store.append('thing-b', [event(2)], { expectedVersion: 'no-stream' });

    const first = await store.readAll(null);
    expect(first.events).toHaveLength(0); // B is held back while A may still commit below it

    await slow.query('COMMIT');
    slow.release();
    const second = await store.readAll(first.checkpoint);
    expect(second.events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2]);
  });

  it('lets one of two appends at the same expected version win and refuses the other', async () => {
    await store.append('thing-1', [event(1)], { expectedVersion: 'no-stream' });
    const results = await Promise.allSettled([
      store.append('thing-1', [event(2)], { expectedVersion: 1 }),
      store.append('thing-1', [event(3)], { expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConcurrencyError);
    expect(refused.reason.message).toMatch(/stream thing-1 is at version 2, the writer expected 1/);
    expect(await store.readStream('thing-1')).toHaveLength(2);
  });

  it('refuses no-stream on an existing stream and an exact version the stream has not reached', async () => {
    await store.append('thing-1', [event(1)], { expectedVersion: 'no-stream' });
    await expect(store.append('thing-1', [event(2)], { expectedVersion: 'no-stream' })).rejects.toThrow(ConcurrencyError);
    await expect(store.append('thing-1', [event(2)], { expectedVersion: 5 })).rejects.toThrow(/at version 1, the writer expected 5/);
    expect(await store.readStream('thing-1')).toHaveLength(1);
  });

  it('writes an event id once: the same append again changes nothing', async () => {
    const batch = [{ ...event(1), eventId: uuidv7() }, { ...event(2), eventId: uuidv7() }];
    const first = await store.append('thing-1', batch, { expectedVersion: 'no-stream' });
    const again = await store.append('thing-1', batch, { expectedVersion: 'no-stream' });
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(await store.readStream('thing-1')).toHaveLength(2);
  });

  it('keeps the envelope: metadata, bedside time and recorded time', async () => {
    await store.append(
      'encounter-1',
      [{ ...event(1), metadata: { patientId: 'p9', encounterId: 'e1', actor: { id: 'n1', role: 'nurse' }, correlationId: 'c1', occurredAt: '2026-03-08T06:59:00.000Z' } }],
      { expectedVersion: 'no-stream' },
    );
    const [stored] = await store.readStream('encounter-1');
    expect(stored).toMatchObject({
      streamId: 'encounter-1',
      streamVersion: 1,
      patientId: 'p9',
      encounterId: 'e1',
      actor: { id: 'n1', role: 'nurse' },
      correlationId: 'c1',
      causationId: null,
      occurredAt: '2026-03-08T06:59:00.000Z',
    });
    expect(Date.parse(stored!.recordedAt)).toBeGreaterThan(Date.parse(stored!.occurredAt));
  });
});
