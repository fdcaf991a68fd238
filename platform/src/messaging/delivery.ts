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
          const admitted = await room.admit(tx, event);
          if (admitted === 'blocked') {
            await room.park(tx, event, 'behind');
            outcome = 'waiting';
          } else if (admitted === 'new') {
            await handler.apply(tx, event);
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
