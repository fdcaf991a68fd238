import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { ConcurrencyError, type EventStore, type NewEvent, type RecordedEvent } from '../src/event-store/event-store.js';

/** A store under test, with streams named under a prefix no other run uses. */
export interface StoreUnderTest {
  store: EventStore;
  dispose(): Promise<void>;
}

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

/** What every implementation of the event store port must do, run against each of them. */
export function eventStoreContract(name: string, create: () => Promise<StoreUnderTest>): void {
  describe(`${name}: event store contract`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;
    let prefix: string;
    const stream = (id: string) => `${prefix}${id}`;
    const ours = (events: RecordedEvent[]) => events.filter((e) => e.streamId.startsWith(prefix));

    beforeEach(async () => {
      subject = await create();
      store = subject.store;
      prefix = `t${randomUUID().slice(0, 8)}_`;
    });
    afterEach(async () => {
      await subject.dispose();
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
            seen.push(...ours(events));
          },
        });
        const written = new Set<number>();
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            let remaining = perWriter;
            while (remaining > 0) {
              const size = Math.min(remaining, 1 + Math.floor(next() * 5));
              const streamId = stream(`thing-${Math.floor(next() * 200)}`);
              const batch = Array.from({ length: size }, (_, i) => event(w * perWriter + (perWriter - remaining) + i));
              await store.append(streamId, batch, { expectedVersion: 'any' });
              for (const e of batch) written.add((e.data as { n: number }).n);
              remaining -= size;
            }
          }),
        );
        await subscription.caughtUp();
        await subscription.stop();

        expect(written.size).toBe(writers * perWriter);
        const ns = seen.map((e) => (e.data as { n: number }).n);
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

    it('lets one of two appends at the same expected version win and refuses the other', async () => {
      await store.append(stream('thing-1'), [event(1)], { expectedVersion: 'no-stream' });
      const results = await Promise.allSettled([
        store.append(stream('thing-1'), [event(2)], { expectedVersion: 1 }),
        store.append(stream('thing-1'), [event(3)], { expectedVersion: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(ConcurrencyError);
      expect(refused.reason.message).toMatch(/is at version 2, the writer expected 1/);
      expect(await store.readStream(stream('thing-1'))).toHaveLength(2);
    });

    it('refuses no-stream on an existing stream and an exact version the stream has not reached', async () => {
      await store.append(stream('thing-1'), [event(1)], { expectedVersion: 'no-stream' });
      await expect(store.append(stream('thing-1'), [event(2)], { expectedVersion: 'no-stream' })).rejects.toThrow(ConcurrencyError);
      await expect(store.append(stream('thing-1'), [event(2)], { expectedVersion: 5 })).rejects.toThrow(/at version 1, the writer expected 5/);
      expect(await store.readStream(stream('thing-1'))).toHaveLength(1);
    });

    it('writes an event id once: the same append again changes nothing', async () => {
      const batch = [{ ...event(1), eventId: uuidv7() }, { ...event(2), eventId: uuidv7() }];
      const first = await store.append(stream('thing-1'), batch, { expectedVersion: 'no-stream' });
      await new Promise((r) => setTimeout(r, 20));
      const again = await store.append(stream('thing-1'), batch, { expectedVersion: 'no-stream' });
      expect(first.duplicate).toBe(false);
      expect(again.duplicate).toBe(true);
      expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
      expect(await store.readStream(stream('thing-1'))).toHaveLength(2);
    });

    it('keeps the envelope: metadata, bedside time and recorded time', async () => {
      await store.append(
        stream('encounter-1'),
        [{ ...event(1), metadata: { patientId: 'p9', encounterId: 'e1', actor: { id: 'n1', role: 'nurse' }, correlationId: 'c1', occurredAt: '2026-03-08T06:59:00.000Z' } }],
        { expectedVersion: 'no-stream' },
      );
      const [stored] = await store.readStream(stream('encounter-1'));
      expect(stored).toMatchObject({
        streamId: stream('encounter-1'),
        streamVersion: 1,
        patientId: 'p9',
        encounterId: 'e1',
        actor: { id: 'n1', role: 'nurse' },
        correlationId: 'c1',
        causationId: null,
        occurredAt: '2026-03-08T06:59:00.000Z',
        data: { n: 1 },
      });
      expect(Date.parse(stored!.recordedAt)).toBeGreaterThan(Date.parse(stored!.occurredAt));
    });

    it('reads a range of a stream and nothing from a stream that does not exist', async () => {
      await store.append(stream('thing-1'), [event(1), event(2), event(3), event(4)], { expectedVersion: 'no-stream' });
      expect((await store.readStream(stream('thing-1'), { fromVersion: 2, toVersion: 3 })).map((e) => e.streamVersion)).toEqual([2, 3]);
      expect(await store.readStream(stream('never-written'))).toEqual([]);
    });

    it('catches up from a checkpoint and then follows new events', async () => {
      await store.append(stream('thing-1'), [event(1), event(2)], { expectedVersion: 'no-stream' });
      const all = ours((await store.readAll(null, 100_000)).events);
      const afterFirst = all.find((e) => (e.data as { n: number }).n === 1)!.checkpoint;
      const seen: number[] = [];
      const subscription = store.subscribe({ from: afterFirst, handler: async (events) => void seen.push(...ours(events).map((e) => (e.data as { n: number }).n)) });
      await subscription.caughtUp();
      await store.append(stream('thing-1'), [event(3)], { expectedVersion: 2 });
      await subscription.caughtUp();
      await subscription.stop();
      expect(seen).toEqual([2, 3]);
    });
  });
}
