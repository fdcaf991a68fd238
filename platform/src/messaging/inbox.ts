import type { EventEnvelope } from '@ehr/contracts';
import type { Projection } from '../projections/projection.js';
import type { Pool, PoolClient } from '../sql/pool.js';
import { sqlIdentifier, withTransaction } from '../sql/pool.js';

/** What a consumer does with an event: a projection's `apply`, or any integration handler. */
export type EventHandler = Pick<Projection, 'name' | 'handles' | 'apply'>;

export type Outcome = 'applied' | 'duplicate' | 'skipped';

/** The inbox step: applies the event unless this consumer already did, inside the caller's transaction. */
export async function applyInTransaction(tx: PoolClient, schema: string, handler: EventHandler, event: EventEnvelope): Promise<Outcome> {
  if (handler.handles && !handler.handles.includes(event.type)) return 'skipped';
  const { rowCount } = await tx.query(`INSERT INTO ${sqlIdentifier(schema)}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [handler.name, event.eventId]);
  if (rowCount !== 1) return 'duplicate';
  await handler.apply(tx, event);
  return 'applied';
}

/**
 * Applies one event at most once for this consumer: the inbox row and the handler's changes
 * commit in one transaction (with `also`, e.g. a checkpoint). A redelivered event finds its
 * inbox row and changes nothing.
 */
export async function applyOnce(pool: Pool, schema: string, handler: EventHandler, event: EventEnvelope, also?: (tx: PoolClient) => Promise<void>): Promise<Outcome> {
  return withTransaction(pool, async (tx) => {
    const outcome = await applyInTransaction(tx, schema, handler, event);
    if (also) await also(tx);
    return outcome;
  });
}

export const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
