import type { EventEnvelope } from '@ehr/contracts';
import type { Pool, PoolClient } from '../sql/pool.js';
import { withTransaction } from '../sql/pool.js';
import { recordDeadLetter } from './dead-letters.js';
import type { EventHandler } from './inbox.js';
import type { NotYetKnown } from './not-yet-known.js';
import { classifyFailure, idsIn, wakeWaitingRooms, type WaitingRoom } from './waiting-room.js';

export type Delivery = 'applied' | 'duplicate' | 'skipped' | 'waiting' | 'dead-lettered';

export interface DeliveryOptions {
  pool: Pool;
  schema: string;
  handler: EventHandler;
  room: WaitingRoom;
  /** Failed attempts (not waits, not retried conflicts) before the event is dead-lettered. */
  maxAttempts: number;
  /** Where the event was read (`topic/partition/offset`), kept with a dead letter. */
  source?: string;
  /** Written in the transaction that applies, parks or dead-letters the event (e.g. a checkpoint). */
  also?: (tx: PoolClient) => Promise<void>;
  /** Called between attempts, e.g. to keep a Kafka session alive. */
  beforeRetry?: () => Promise<void>;
  onError?(error: unknown): void;
  /** Wraps each application of the handler, e.g. in a span of the trace that stored the event. */
  within?<T>(event: EventEnvelope, work: () => Promise<T>): Promise<T>;
}

const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** Math.min(attempt, 6))));

/**
 * Delivers one event to a consumer, exactly once in effect:
 * - applied through the inbox (a redelivery changes nothing), unless an earlier event of the
 *   same patient is waiting: then it waits behind it, so a patient's events keep their order;
 * - `NotYetKnown` (a predecessor from another service has not arrived): parked in the waiting
 *   room, to be applied when it arrives; never a failure;
 * - an optimistic-concurrency conflict with this service's other writers, or the database
 *   briefly away: retried, not counted;
 * - any other error: retried, and after `maxAttempts` failures dead-lettered, open for an
 *   operator to replay or discard.
 * Whatever happens, `also` commits with it; the caller may move on (commit its offset).
 */
export async function deliver(event: EventEnvelope, options: DeliveryOptions): Promise<{ delivery: Delivery; error?: unknown }> {
  const { pool, schema, handler, room } = options;
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const delivery = await withTransaction(pool, async (tx): Promise<Delivery> => {
        let outcome: Delivery = 'skipped';
        if (!handler.handles || handler.handles.includes(event.type)) {
          const [admitted] = await room.admit(tx, [event]);
          if (admitted === 'blocked') {
            await room.park(tx, event, 'behind');
            outcome = 'waiting';
          } else if (admitted === 'new') {
            await (options.within ? options.within(event, () => handler.apply(tx, event)) : handler.apply(tx, event));
            outcome = 'applied';
          } else outcome = 'duplicate';
        }
        if (options.also) await options.also(tx);
        return outcome;
      });
      if (delivery === 'applied') wakeWaitingRooms(schema, idsIn(event));
      if (delivery === 'waiting') room.wake(null);
      return { delivery };
    } catch (error) {
      const kind = classifyFailure(error);
      if (kind === 'not-yet-known') {
        await withTransaction(pool, async (tx) => {
          await room.park(tx, event, error as NotYetKnown);
          if (options.also) await options.also(tx);
        });
        return { delivery: 'waiting', error };
      }
      if (kind === 'failure') failures++;
      if (failures >= options.maxAttempts) {
        options.onError?.(error);
        await withTransaction(pool, async (tx) => {
          await recordDeadLetter(tx, schema, { consumer: handler.name, eventId: event.eventId, event, error, attempts: failures, source: options.source });
          if (options.also) await options.also(tx);
        });
        return { delivery: 'dead-lettered', error };
      }
      await pause(attempt);
      await options.beforeRetry?.();
    }
  }
}

/**
 * Delivers a run of one partition's events, in order, in one transaction: one statement takes
 * their inbox rows and finds which patients have events waiting, the handler applies each new
 * one, and one commit ends it (instead of a transaction, an inbox look-up and a commit per
 * event). The outcome of each is what `deliver` would give. If anything in the run fails (a
 * predecessor not yet known, a conflict, a poison event) the transaction rolls back and the run
 * is delivered again event by event through `deliver`, which waits, retries or dead-letters
 * each as it should: nothing of the failed run was kept, and the inbox absorbs what was.
 */
export async function deliverAll(
  events: Array<{ event: EventEnvelope; source?: string }>,
  options: Omit<DeliveryOptions, 'also' | 'source'>,
): Promise<Array<{ delivery: Delivery; error?: unknown }>> {
  const { pool, schema, handler, room } = options;
  if (events.length === 1) return [await deliver(events[0]!.event, { ...options, source: events[0]!.source })];
  const handled = (event: EventEnvelope) => !handler.handles || handler.handles.includes(event.type);
  let deliveries: Delivery[];
  try {
    deliveries = await withTransaction(pool, async (tx) => {
      const relevant = events.map((e) => e.event).filter(handled);
      const admissions = relevant.length > 0 ? await room.admit(tx, relevant) : [];
      const outcomes: Delivery[] = [];
      let next = 0;
      for (const { event } of events) {
        if (!handled(event)) {
          outcomes.push('skipped');
          continue;
        }
        const admitted = admissions[next++];
        if (admitted === 'blocked') {
          await room.park(tx, event, 'behind');
          outcomes.push('waiting');
        } else if (admitted === 'new') {
          await (options.within ? options.within(event, () => handler.apply(tx, event)) : handler.apply(tx, event));
          outcomes.push('applied');
        } else outcomes.push('duplicate');
      }
      return outcomes;
    });
  } catch {
    const results: Array<{ delivery: Delivery; error?: unknown }> = [];
    for (const { event, source } of events) results.push(await deliver(event, { ...options, source }));
    return results;
  }
  const known = events.filter((_, i) => deliveries[i] === 'applied').flatMap(({ event }) => idsIn(event));
  if (known.length > 0) wakeWaitingRooms(schema, known);
  if (deliveries.includes('waiting')) room.wake(null);
  return deliveries.map((delivery) => ({ delivery }));
}
