import { createHash } from 'node:crypto';
import { metrics } from '@opentelemetry/api';
import type { EventEnvelope } from '@ehr/contracts';
import type { Pool, PoolClient } from '../sql/pool.js';
import { sqlIdentifier, withTransaction } from '../sql/pool.js';
import { describeError } from './inbox.js';
import { orderKeyOf, wakeWaitingRooms } from './waiting-room.js';

const meter = metrics.getMeter('@ehr/platform/messaging');
const deadLettered = meter.createCounter('ehr.messaging.dead_letters.parked', { description: 'Events dead-lettered: malformed, or failed every attempt' });
const resolved = meter.createCounter('ehr.messaging.dead_letters.resolved', { description: 'Dead letters an operator replayed or discarded' });

export type DeadLetterStatus = 'open' | 'replaying' | 'replayed' | 'discarded';

/** What an operator sees of a dead letter: what failed and why, never the event's data. */
export interface DeadLetter {
  consumer: string;
  eventId: string;
  type: string | null;
  streamId: string | null;
  source: string | null;
  error: string;
  attempts: number;
  status: DeadLetterStatus;
  replays: number;
  parkedAt: Date;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  discardReason: string | null;
}

export class DeadLetterNotFound extends Error {
  constructor(
    readonly consumer: string,
    readonly eventId: string,
  ) {
    super(`no open dead letter ${eventId} of consumer ${consumer}`);
    this.name = 'DeadLetterNotFound';
  }
}

export class DiscardReasonRequired extends Error {
  constructor() {
    super('reason: say why the event is discarded (at least 10 characters)');
    this.name = 'DiscardReasonRequired';
  }
}

/** A message that could not be read as an event has no event id: one is derived from where it was read. */
export const undecodableEventId = (source: string): string => {
  const h = createHash('sha256').update(source).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * Keeps an event that is malformed or failed every attempt, open until an operator replays or
 * discards it. A dead letter dead again after a replay is open again, with the new error.
 */
export async function recordDeadLetter(
  db: Pool | PoolClient,
  schema: string,
  dead: { consumer: string; eventId: string; event: EventEnvelope | { undecodable: string }; error: unknown; attempts: number; source?: string },
): Promise<void> {
  const s = sqlIdentifier(schema);
  await db.query(
    `INSERT INTO ${s}.dead_letters (consumer, event_id, event, error, attempts, source) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (consumer, event_id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts, parked_at = now(),
       source = COALESCE(EXCLUDED.source, ${s}.dead_letters.source), status = 'open', resolved_by = NULL, resolved_at = NULL`,
    [dead.consumer, dead.eventId, JSON.stringify(dead.event), describeError(dead.error), dead.attempts, dead.source ?? null],
  );
  deadLettered.add(1, { 'ehr.schema': schema, 'ehr.consumer': dead.consumer });
}

type Row = {
  consumer: string;
  event_id: string;
  type: string | null;
  stream_id: string | null;
  source: string | null;
  error: string;
  attempts: number;
  status: DeadLetterStatus;
  replays: number;
  parked_at: Date;
  resolved_by: string | null;
  resolved_at: Date | null;
  discard_reason: string | null;
};

const toDeadLetter = (r: Row): DeadLetter => ({
  consumer: r.consumer,
  eventId: r.event_id,
  type: r.type,
  streamId: r.stream_id,
  source: r.source,
  error: r.error,
  attempts: r.attempts,
  status: r.status,
  replays: r.replays,
  parkedAt: r.parked_at,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at,
  discardReason: r.discard_reason,
});

/** Dead letters, newest first; open ones unless a status is asked for. */
export async function listDeadLetters(pool: Pool, schema: string, options: { status?: DeadLetterStatus | 'all'; limit?: number } = {}): Promise<DeadLetter[]> {
  const s = sqlIdentifier(schema);
  const status = options.status ?? 'open';
  const { rows } = await pool.query<Row>(
    `SELECT consumer, event_id, event->>'type' AS type, event->>'streamId' AS stream_id, source, error, attempts, status, replays,
            parked_at, resolved_by, resolved_at, discard_reason
       FROM ${s}.dead_letters WHERE $1 = 'all' OR status = $1 ORDER BY parked_at DESC, event_id LIMIT $2`,
    [status, Math.min(Math.max(options.limit ?? 100, 1), 1000)],
  );
  return rows.map(toDeadLetter);
}

/**
 * Hands open dead letters back to their consumer's waiting room, where the consumer applies them
 * (through the inbox, so once) behind anything already waiting for the same patient: replayed
 * when applied, open again with the new error when they fail again. One, or every open one of
 * the service when `eventId` is not given.
 */
export async function replayDeadLetters(pool: Pool, schema: string, by: string, which: { consumer: string; eventId: string } | 'all-open'): Promise<number> {
  const s = sqlIdentifier(schema);
  const count = await withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ consumer: string; event_id: string; event: EventEnvelope }>(
      which === 'all-open'
        ? `SELECT consumer, event_id, event FROM ${s}.dead_letters WHERE status = 'open' ORDER BY parked_at FOR UPDATE`
        : `SELECT consumer, event_id, event FROM ${s}.dead_letters WHERE status = 'open' AND consumer = $1 AND event_id = $2 FOR UPDATE`,
      which === 'all-open' ? [] : [which.consumer, which.eventId],
    );
    if (which !== 'all-open' && rows.length === 0) throw new DeadLetterNotFound(which.consumer, which.eventId);
    for (const r of rows) {
      await tx.query(
        `INSERT INTO ${s}.waiting_events (consumer, event_id, order_key, awaits_entity, awaits_id, reason, event)
         VALUES ($1, $2, $3, 'replay', '', $4, $5) ON CONFLICT (consumer, event_id) DO NOTHING`,
        [r.consumer, r.event_id, orderKeyOf(r.event), `replay asked by ${by}`, JSON.stringify(r.event)],
      );
      await tx.query(`UPDATE ${s}.dead_letters SET status = 'replaying', replays = replays + 1, resolved_by = $3, resolved_at = NULL WHERE consumer = $1 AND event_id = $2`, [
        r.consumer,
        r.event_id,
        by,
      ]);
    }
    return rows.length;
  });
  if (count > 0) {
    resolved.add(count, { 'ehr.schema': schema, 'ehr.resolution': 'replay' });
    wakeWaitingRooms(schema, null);
  }
  return count;
}

/** Marks an open dead letter discarded, with who did it and why; the record stays. */
export async function discardDeadLetter(pool: Pool, schema: string, by: string, which: { consumer: string; eventId: string }, reason: string): Promise<void> {
  if (reason.trim().length < 10) throw new DiscardReasonRequired();
  const s = sqlIdentifier(schema);
  const { rowCount } = await pool.query(
    `UPDATE ${s}.dead_letters SET status = 'discarded', discard_reason = $3, resolved_by = $4, resolved_at = now()
      WHERE consumer = $1 AND event_id = $2 AND status = 'open'`,
    [which.consumer, which.eventId, reason.trim(), by],
  );
  if (rowCount !== 1) throw new DeadLetterNotFound(which.consumer, which.eventId);
  resolved.add(1, { 'ehr.schema': schema, 'ehr.resolution': 'discard' });
}

/** Marks a replayed dead letter applied, in the transaction that applied it. */
export async function markDeadLetterReplayed(tx: PoolClient, schema: string, consumer: string, eventId: string): Promise<void> {
  const s = sqlIdentifier(schema);
  await tx.query(`UPDATE ${s}.dead_letters SET status = 'replayed', resolved_at = now() WHERE consumer = $1 AND event_id = $2 AND status = 'replaying'`, [consumer, eventId]);
}

export interface MessagingBacklog {
  deadLetters: { open: number; replaying: number; oldestOpenAt: Date | null };
  waiting: { events: number; oldestParkedAt: Date | null };
  /** Per Kafka consumer group, messages not consumed yet (absent on the embedded transport). */
  consumerLag?: Array<{ group: string; messages: number | null; error?: string }>;
}

/** What /health and the metrics say about events not applied yet. */
export async function messagingBacklog(pool: Pool, schema: string): Promise<MessagingBacklog> {
  const s = sqlIdentifier(schema);
  const [dead, waiting] = await Promise.all([
    pool.query<{ open: string; replaying: string; oldest: Date | null }>(
      `SELECT count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'replaying') AS replaying,
              min(parked_at) FILTER (WHERE status = 'open') AS oldest FROM ${s}.dead_letters WHERE status IN ('open', 'replaying')`,
    ),
    pool.query<{ events: string; oldest: Date | null }>(`SELECT count(*) AS events, min(parked_at) AS oldest FROM ${s}.waiting_events`),
  ]);
  return {
    deadLetters: { open: Number(dead.rows[0]!.open), replaying: Number(dead.rows[0]!.replaying), oldestOpenAt: dead.rows[0]!.oldest },
    waiting: { events: Number(waiting.rows[0]!.events), oldestParkedAt: waiting.rows[0]!.oldest },
  };
}

const observed = new Map<string, Pool>();

/**
 * Gauges of open dead letters and waiting events per service schema, read when the metrics are
 * collected (nothing is read while no metrics exporter is configured).
 */
export function observeMessagingBacklog(pool: Pool, schema: string): void {
  if (observed.size === 0) {
    const open = meter.createObservableGauge('ehr.messaging.dead_letters.open', { description: 'Dead letters no operator has replayed or discarded yet' });
    const waiting = meter.createObservableGauge('ehr.messaging.waiting_events', { description: 'Events waiting for a predecessor from another service' });
    meter.addBatchObservableCallback(
      async (result) => {
        for (const [s, p] of observed) {
          const backlog = await messagingBacklog(p, s).catch(() => null);
          if (!backlog) continue;
          result.observe(open, backlog.deadLetters.open, { 'ehr.schema': s });
          result.observe(waiting, backlog.waiting.events, { 'ehr.schema': s });
        }
      },
      [open, waiting],
    );
  }
  observed.set(schema, pool);
}
