import type { EventEnvelope } from '@ehr/contracts';
import type { Projection } from '../projections/projection.js';
import type { Pool, PoolClient } from '../sql/pool.js';
import { sqlIdentifier, withTransaction } from '../sql/pool.js';

/** What a consumer does with an event: a projection's `apply`, or any integration handler. */
export type EventHandler = Pick<Projection, 'name' | 'handles' | 'apply'>;

export type Outcome = 'applied' | 'duplicate' | 'skipped';

/**
 * Applies one event at most once for this consumer: the inbox row and the handler's changes
 * commit in one transaction (with `also`, e.g. a checkpoint). A redelivered event finds its
 * inbox row and changes nothing.
 */
export async function applyOnce(
  pool: Pool,
  schema: string,
  handler: EventHandler,
  event: EventEnvelope,
  also?: (tx: PoolClient) => Promise<void>,
): Promise<Outcome> {
  const s = sqlIdentifier(schema);
  return withTransaction(pool, async (tx) => {
    let outcome: Outcome = 'skipped';
    if (!handler.handles || handler.handles.includes(event.type)) {
      const { rowCount } = await tx.query(`INSERT INTO ${s}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [handler.name, event.eventId]);
      if (rowCount === 1) {
        await handler.apply(tx, event);
        outcome = 'applied';
      } else {
        outcome = 'duplicate';
      }
    }
    if (also) await also(tx);
    return outcome;
  });
}

/** Keeps an event that failed every attempt, so it can be inspected and replayed. */
export async function parkDeadLetter(pool: Pool, schema: string, consumer: string, event: EventEnvelope, error: unknown, attempts: number, also?: (tx: PoolClient) => Promise<void>): Promise<void> {
  const s = sqlIdentifier(schema);
  await withTransaction(pool, async (tx) => {
    await tx.query(
      `INSERT INTO ${s}.dead_letters (consumer, event_id, event, error, attempts) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (consumer, event_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, parked_at = now()`,
      [consumer, event.eventId, JSON.stringify(event), describeError(error), attempts],
    );
    if (also) await also(tx);
  });
}

export const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** Retries with growing pauses; `beforeRetry` keeps a Kafka session alive meanwhile. */
export async function withRetries<T>(attempts: number, work: () => Promise<T>, beforeRetry?: () => Promise<void>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      last = error;
      if (attempt < attempts) {
        await new Promise((r) => setTimeout(r, Math.min(2_000, 50 * 2 ** attempt)));
        await beforeRetry?.();
      }
    }
  }
  return { ok: false, error: last };
}
