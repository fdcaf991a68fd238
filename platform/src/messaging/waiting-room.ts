import { type EventEnvelope, eventEnvelopeSchema } from '@ehr/contracts';
import { metrics } from '@opentelemetry/api';
import { ConcurrencyError } from '../event-store/event-store.js';
import type { Pool, PoolClient } from '../sql/pool.js';
import { sqlIdentifier, withTransaction } from '../sql/pool.js';
import { markDeadLetterReplayed, recordDeadLetter } from './dead-letters.js';
import { applyInTransaction, type EventHandler } from './inbox.js';
import { isNotYetKnown, type NotYetKnown } from './not-yet-known.js';

const meter = metrics.getMeter('@ehr/platform/messaging');
const parkedCounter = meter.createCounter('ehr.messaging.waiting_events.parked', { description: 'Events parked to wait for a predecessor' });
const releasedCounter = meter.createCounter('ehr.messaging.waiting_events.applied', { description: 'Waiting events applied once their predecessor arrived' });

/** One patient's events (the Kafka key) are applied in order; a waiting one holds back those after it. */
export const orderKeyOf = (event: Partial<Pick<EventEnvelope, 'patientId' | 'streamId'>>): string => event.patientId ?? event.streamId ?? '';

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The ids an applied event may have made known: its stream's id, encounter and patient, and the
 * top-level string values of its data (`orderId`, `visitId`, ...). An event waiting for one of
 * them is tried again at once; anything else is found by the periodic pass.
 */
export function idsIn(event: EventEnvelope): string[] {
  const ids = new Set<string>([event.streamId, ...(event.streamId.match(uuid) ?? [])]);
  if (event.encounterId) ids.add(event.encounterId);
  if (event.patientId) ids.add(event.patientId);
  if (event.data && typeof event.data === 'object') {
    for (const value of Object.values(event.data as Record<string, unknown>)) if (typeof value === 'string' && value.length <= 100) ids.add(value);
  }
  return [...ids];
}

const retriableSqlStates = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300']);

/**
 * What to do after a failed attempt: wait for a predecessor; retry without counting it (another
 * writer of this service won an optimistic-concurrency race, or the database was briefly away);
 * or count it as a failure, dead-lettered once every attempt failed.
 */
export function classifyFailure(error: unknown): 'not-yet-known' | 'retry' | 'failure' {
  if (isNotYetKnown(error)) return 'not-yet-known';
  if (error instanceof ConcurrencyError || (error instanceof Error && error.name === 'ConcurrencyError')) return 'retry';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (retriableSqlStates.has(code) || code.startsWith('08') || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code))) return 'retry';
  if (error instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(error.message)) return 'retry';
  return 'failure';
}

const rooms = new Map<string, Set<WaitingRoom>>();

/**
 * Tells every waiting room of a service in this process that events were applied (`ids` they
 * may have made known) or, with null, that rows are due (a replay was asked for).
 */
export function wakeWaitingRooms(schema: string, ids: string[] | null): void {
  for (const room of rooms.get(schema) ?? []) room.wake(ids);
}

export interface WaitingRoomOptions {
  pool: Pool;
  schema: string;
  handler: EventHandler;
  /** Attempts of an event that keeps failing (not waiting) before it is dead-lettered. */
  maxAttempts: number;
  /** How often rows not woken by an arrival are tried (default 1 s); each backs off to `maxBackoffMs`. */
  pollIntervalMs?: number;
  maxBackoffMs?: number;
  /** Heads of keys tried per pass, so one pass stays bounded. */
  batchSize?: number;
  /** Called when an event is dead-lettered from here (the Kafka consumer also sends it to the DLQ topic). */
  onDeadLetter?(event: EventEnvelope, error: unknown): Promise<void>;
  onError?(error: unknown): void;
}

type WaitingRow = { seq: string; event_id: string; order_key: string; event: EventEnvelope; attempts: number; failures: number; awaits_entity: string };

/**
 * A consumer's waiting room (`waiting_events` in the service's schema): events that arrived
 * before what they depend on are kept here in arrival order, per patient, with what they wait
 * for; later events of the same patient queue behind them. They are tried again as soon as an
 * event this service applied names what they wait for, and otherwise on a bounded periodic pass
 * with back-off. Waiting for a predecessor never dead-letters an event, however long it takes.
 */
export class WaitingRoom {
  private readonly s: string;
  private readonly consumer: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pendingIds = new Set<string>();
  private pendingDue: 'due' | 'all' | null = null;
  private stopped = true;
  /** False once a pass found nothing waiting: arrivals then wake no query until something is parked or the periodic pass finds rows. */
  private maybeWaiting = true;

  constructor(private readonly options: WaitingRoomOptions) {
    this.s = sqlIdentifier(options.schema);
    this.consumer = options.handler.name;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    let set = rooms.get(this.options.schema);
    if (!set) rooms.set(this.options.schema, (set = new Set()));
    set.add(this);
    this.timer = setInterval(() => this.wake(null), this.options.pollIntervalMs ?? 1000);
    this.timer.unref();
    // After a start anything may have arrived meanwhile: try every key once, backed off or not.
    this.pendingDue = 'all';
    this.wake(null);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    rooms.get(this.options.schema)?.delete(this);
    await this.running;
  }

  /**
   * The inbox step with the waiting room's, for a run of events of one partition, in one
   * statement of the applying transaction: an event whose patient has an earlier one waiting is
   * `blocked` (and takes no inbox row); else its inbox row is taken (`new`, to apply now) unless
   * it is there already or earlier in the run (`duplicate`, e.g. an event the relay sent twice).
   */
  async admit(tx: PoolClient, events: EventEnvelope[]): Promise<Array<'blocked' | 'new' | 'duplicate'>> {
    const keys = events.map(orderKeyOf);
    const { rows } = await tx.query<{ blocked: string[]; taken: string[] }>(
      `WITH blocked AS (SELECT DISTINCT order_key FROM ${this.s}.waiting_events WHERE consumer = $1 AND order_key = ANY($3::text[])),
            taken AS (INSERT INTO ${this.s}.inbox (consumer, event_id)
                        SELECT $1, b.event_id FROM unnest($2::uuid[], $3::text[]) AS b(event_id, order_key)
                         WHERE b.order_key NOT IN (SELECT order_key FROM blocked)
                      ON CONFLICT DO NOTHING RETURNING event_id::text)
       SELECT ARRAY(SELECT order_key FROM blocked) AS blocked, ARRAY(SELECT event_id FROM taken) AS taken`,
      [this.consumer, events.map((e) => e.eventId), keys],
    );
    const blocked = new Set(rows[0]!.blocked);
    const taken = new Set(rows[0]!.taken.map((id) => id.toLowerCase()));
    return events.map((event, i) => {
      if (blocked.has(keys[i]!)) return 'blocked';
      // The first of the run with this id took the row; a repeat of it in the same run is a duplicate.
      return taken.delete(event.eventId.toLowerCase()) ? 'new' : 'duplicate';
    });
  }

  /** Keeps an event to apply later, behind any of its key already waiting. A redelivered one is kept once. */
  async park(db: Pool | PoolClient, event: EventEnvelope, why: NotYetKnown | 'behind'): Promise<void> {
    const [entity, id, reason] = why === 'behind' ? ['earlier event', '', 'an earlier event of this patient is waiting'] : [why.entity, why.id, why.message];
    const { rowCount } = await db.query(
      `INSERT INTO ${this.s}.waiting_events (consumer, event_id, order_key, awaits_entity, awaits_id, reason, event, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now() + interval '500 milliseconds') ON CONFLICT (consumer, event_id) DO NOTHING`,
      [this.consumer, event.eventId, orderKeyOf(event), entity, id, reason, JSON.stringify(event)],
    );
    this.maybeWaiting = true;
    if (rowCount === 1) parkedCounter.add(1, { 'ehr.schema': this.options.schema, 'ehr.consumer': this.consumer, 'ehr.awaits': entity });
  }

  /** Schedules a pass; passes never overlap, and one asked for during a pass runs after it. */
  wake(ids: string[] | null): void {
    if (this.stopped) return;
    if (ids) for (const id of ids) this.pendingIds.add(id);
    else this.pendingDue ??= 'due';
    if (this.running) return;
    this.running = (async () => {
      while (!this.stopped && (this.pendingIds.size > 0 || this.pendingDue)) {
        const ids = [...this.pendingIds];
        const due = this.pendingDue;
        this.pendingIds = new Set();
        this.pendingDue = null;
        try {
          await this.pass(ids, due);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    })().finally(() => {
      this.running = null;
    });
  }

  /** Tries the first waiting event of each key that may move now; what it applies may release more. */
  private async pass(ids: string[], due: 'due' | 'all' | null): Promise<void> {
    if (due === null && !this.maybeWaiting) return;
    if (due !== null) this.maybeWaiting = true;
    const { rows } = await this.options.pool.query<{ order_key: string }>(
      `SELECT order_key FROM (
         SELECT DISTINCT ON (order_key) order_key, awaits_id, next_attempt_at, seq FROM ${this.s}.waiting_events WHERE consumer = $1 ORDER BY order_key, seq
       ) heads WHERE awaits_id = ANY($2) OR $3 = 'all' OR ($3 = 'due' AND next_attempt_at <= now()) ORDER BY seq LIMIT $4`,
      [this.consumer, ids, due ?? 'none', this.options.batchSize ?? 200],
    );
    if (rows.length === 0 && due !== null) {
      const { rowCount } = await this.options.pool.query(`SELECT 1 FROM ${this.s}.waiting_events WHERE consumer = $1 LIMIT 1`, [this.consumer]);
      this.maybeWaiting = (rowCount ?? 0) > 0;
    }
    const released: string[] = [];
    for (const { order_key } of rows) {
      if (this.stopped) return;
      released.push(...(await this.drainKey(order_key)));
    }
    if (released.length > 0) wakeWaitingRooms(this.options.schema, released);
  }

  /** Applies a key's waiting events in order until one has to wait again; returns the ids they made known. */
  private async drainKey(key: string): Promise<string[]> {
    const known: string[] = [];
    for (;;) {
      let row: WaitingRow | undefined;
      const result = await withTransaction(this.options.pool, async (tx) => {
        // Another instance draining the same key holds its head: leave the key to it.
        const { rows } = await tx.query<WaitingRow>(
          `SELECT seq, event_id, order_key, event, attempts, failures, awaits_entity FROM ${this.s}.waiting_events
            WHERE consumer = $1 AND order_key = $2 ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.consumer, key],
        );
        row = rows[0];
        if (!row) return 'empty' as const;
        const parsed = eventEnvelopeSchema.safeParse(row.event);
        if (!parsed.success) throw new MalformedWaitingEvent(parsed.error.issues.map((i) => i.path.join('.')).join(', '));
        const outcome = await applyInTransaction(tx, this.options.schema, this.options.handler, parsed.data as EventEnvelope);
        await tx.query(`DELETE FROM ${this.s}.waiting_events WHERE seq = $1`, [row.seq]);
        if (row.awaits_entity === 'replay') await markDeadLetterReplayed(tx, this.options.schema, this.consumer, row.event_id);
        return outcome;
      }).catch((error: unknown) => ({ error }));
      if (result === 'empty') return known;
      if (typeof result === 'object') {
        if (!row) throw result.error;
        const moved = await this.failed(row, result.error);
        if (!moved) return known;
        continue;
      }
      if (result === 'applied') {
        releasedCounter.add(1, { 'ehr.schema': this.options.schema, 'ehr.consumer': this.consumer });
        known.push(...idsIn(row!.event));
      }
    }
  }

  /** Records a failed try of a waiting event; true when it left the room (dead-lettered) so the key goes on. */
  private async failed(row: WaitingRow, error: unknown): Promise<boolean> {
    const kind = error instanceof MalformedWaitingEvent ? 'failure' : classifyFailure(error);
    const backoff = (n: number) => Math.min(this.options.maxBackoffMs ?? 10_000, 250 * 2 ** Math.min(n, 10));
    if (kind === 'not-yet-known') {
      const why = error as NotYetKnown;
      await this.options.pool.query(
        `UPDATE ${this.s}.waiting_events SET attempts = attempts + 1, awaits_entity = CASE WHEN awaits_entity = 'replay' THEN awaits_entity ELSE $2 END,
                awaits_id = $3, reason = $4, next_attempt_at = now() + $5 * interval '1 millisecond' WHERE seq = $1`,
        [row.seq, why.entity, why.id, why.message, backoff(row.attempts)],
      );
      return false;
    }
    if (kind === 'retry') {
      await this.options.pool.query(`UPDATE ${this.s}.waiting_events SET next_attempt_at = now() + interval '100 milliseconds' WHERE seq = $1`, [row.seq]);
      this.pendingDue ??= 'due';
      return false;
    }
    if (row.failures + 1 < this.options.maxAttempts) {
      await this.options.pool.query(`UPDATE ${this.s}.waiting_events SET failures = failures + 1, next_attempt_at = now() + $2 * interval '1 millisecond' WHERE seq = $1`, [
        row.seq,
        backoff(row.failures),
      ]);
      return false;
    }
    await withTransaction(this.options.pool, async (tx) => {
      await tx.query(`DELETE FROM ${this.s}.waiting_events WHERE seq = $1`, [row.seq]);
      await recordDeadLetter(tx, this.options.schema, { consumer: this.consumer, eventId: row.event_id, event: row.event, error, attempts: row.failures + 1 });
    });
    await this.options.onDeadLetter?.(row.event, error).catch((e: unknown) => this.options.onError?.(e));
    return true;
  }
}

class MalformedWaitingEvent extends Error {
  constructor(fields: string) {
    super(`the kept message is not an event envelope: ${fields}`);
    this.name = 'MalformedWaitingEvent';
  }
}
