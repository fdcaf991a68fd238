import { createHash } from 'node:crypto';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { Actor, EventRegistry } from '@ehr/contracts';
import type { Decider } from '../decider/decider.js';
import { fold } from '../decider/decider.js';
import type { AppendResult, EventStore, NewEvent, RecordedEvent } from '../event-store/event-store.js';
import { ConcurrencyError } from '../event-store/event-store.js';
import type { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import type { Pool, PoolClient } from '../sql/pool.js';
import { withTransaction } from '../sql/pool.js';
import { IdempotencyKeyReusedError } from './command-errors.js';

/** A domain event as deciders see it: a past-tense type and its data. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/** Who asks, on whose behalf, and how to recognise a repeat of the same request. */
export interface CommandContext {
  actor: Actor;
  correlationId?: string;
  causationId?: string | null;
  traceparent?: string | null;
  /** Same key on the same stream = same result, no second effect (a double tap, a retry). */
  idempotencyKey?: string;
  /** When it happened at the bedside, if documented late. */
  occurredAt?: string;
}

export interface CommandResult {
  streamId: string;
  streamVersion: number;
  events: RecordedEvent[];
  /** True when the idempotency key had been seen: these are the first request's events. */
  replayed: boolean;
}

/** Runs in the append's transaction: read models that must be read-your-writes. */
export type InlineWork = (tx: PoolClient, events: RecordedEvent[]) => Promise<void>;

export interface CommandHandlerOptions<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  store: EventStore;
  registry: EventRegistry;
  streamId(command: C): string;
  /** The patient (the Kafka key) and encounter each new event concerns. */
  subjectOf(command: C, event: E, state: S): { patientId: string | null; encounterId?: string | null };
  /** How many times a command is re-decided after another writer got in first. */
  maxAttempts?: number;
  /** PostgreSQL only: work committed atomically with the events. */
  inline?: { pool: Pool; work: InlineWork };
}

const idempotencyNamespace = '6f1d3c52-8f0e-4c1a-9a57-2d6f0b8e4a11';

/**
 * A stream's state folded to `version`, kept in the same transactions as the stream's events
 * (an inline read model), so it is exactly that version's fold. Deciding on it saves loading
 * the stream; the append still expects `version`, so a snapshot behind the stream only costs
 * a reload and a second decision.
 */
export interface StreamSnapshot<S> {
  state: S;
  version: number;
}

/**
 * Load, decide, append. A conflict reloads and decides again (the command may now be
 * refused, which the caller then hears); the caller gets a ConcurrencyError only when the
 * stream keeps moving under it.
 */
export class CommandHandler<C, E extends DomainEvent, S> {
  private readonly maxAttempts: number;

  constructor(private readonly options: CommandHandlerOptions<C, E, S>) {
    this.maxAttempts = options.maxAttempts ?? 5;
    if (options.inline && !('appendInTransaction' in options.store)) {
      throw new Error('inline read models need the PostgreSQL event store');
    }
  }

  /**
   * `snapshot`: the stream's state as the caller read it, decided on in the first attempt instead
   * of loading the stream (not with an idempotency key, which is looked up in the stream's events).
   */
  async handle(command: C, context: CommandContext, snapshot?: StreamSnapshot<S>): Promise<CommandResult> {
    const streamId = this.options.streamId(command);
    for (let attempt = 1; ; attempt++) {
      const decision =
        attempt === 1 && snapshot && !context.idempotencyKey ? this.decideFrom(streamId, command, context, snapshot) : await this.decideOn(streamId, command, context);
      if ('result' in decision) return decision.result;
      try {
        const result = await this.append(streamId, decision.newEvents, decision.readVersion);
        return { streamId, streamVersion: result.streamVersion, events: result.events, replayed: result.duplicate };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= this.maxAttempts) throw error;
      }
    }
  }

  /**
   * Decides and appends inside a transaction the caller owns, e.g. a consumer reacting to
   * another service's event, so the reaction commits with the consumer's inbox row or not at
   * all. One attempt: a ConcurrencyError rolls the caller's transaction back to be retried.
   */
  async handleInTransaction(tx: PoolClient, command: C, context: CommandContext): Promise<CommandResult> {
    const { inline, store } = this.options;
    if (!inline) throw new Error('handleInTransaction needs the PostgreSQL event store with inline work');
    const streamId = this.options.streamId(command);
    const decision = await this.decideOn(streamId, command, context);
    if ('result' in decision) return decision.result;
    const expectedVersion = decision.readVersion === 0 ? 'no-stream' : decision.readVersion;
    const result = await (store as PostgresEventStore).appendInTransaction(tx, streamId, decision.newEvents, { expectedVersion });
    if (!result.duplicate) await inline.work(tx, result.events);
    return { streamId, streamVersion: result.streamVersion, events: result.events, replayed: result.duplicate };
  }

  /** Loads the stream and decides: the events to append, or the result when there is nothing to write. */
  private async decideOn(streamId: string, command: C, context: CommandContext): Promise<{ newEvents: NewEvent[]; readVersion: number } | { result: CommandResult }> {
    const { decider, store, registry } = this.options;
    const commandHash = context.idempotencyKey ? hashOf(command) : undefined;
    const history = await store.readStream(streamId);
    if (context.idempotencyKey) {
      const earlier = earlierRequest(history, context.idempotencyKey, commandHash!);
      if (earlier.length > 0) return { result: { streamId, streamVersion: history.length, events: earlier, replayed: true } };
    }
    const state = fold(decider, asDomainEvents<E>(history.map((e) => registry.upcast(e))));
    return this.decideFrom(streamId, command, context, { state, version: history.length }, commandHash);
  }

  /** Decides on the stream's state at `version`: the events to append at that version, or the result when there is nothing to write. */
  private decideFrom(streamId: string, command: C, context: CommandContext, { state, version }: StreamSnapshot<S>, commandHash?: string): { newEvents: NewEvent[]; readVersion: number } | { result: CommandResult } {
    const { decider, registry } = this.options;
    const decided = decider.decide(command, state);
    const correlationId = context.correlationId ?? uuidv7();
    const newEvents: NewEvent[] = decided.map((event, index) => ({
      eventId: context.idempotencyKey ? uuidv5(`${streamId}\n${context.idempotencyKey}\n${index}`, idempotencyNamespace) : uuidv7(),
      type: event.type,
      schemaVersion: registry.get(event.type).schemaVersion,
      data: registry.validateNew(event.type, event.data),
      metadata: {
        ...this.options.subjectOf(command, event, state),
        actor: context.actor,
        correlationId,
        causationId: context.causationId ?? null,
        traceparent: context.traceparent ?? null,
        ...(context.occurredAt ? { occurredAt: context.occurredAt } : {}),
        ...(context.idempotencyKey ? { extra: { idempotencyKey: context.idempotencyKey, commandHash } } : {}),
      },
    }));
    if (newEvents.length === 0) return { result: { streamId, streamVersion: version, events: [], replayed: false } };
    return { newEvents, readVersion: version };
  }

  private append(streamId: string, events: NewEvent[], readVersion: number): Promise<AppendResult> {
    const expectedVersion = readVersion === 0 ? 'no-stream' : readVersion;
    const { inline, store } = this.options;
    if (!inline) return store.append(streamId, events, { expectedVersion });
    const pgStore = store as PostgresEventStore;
    return withTransaction(inline.pool, async (tx) => {
      const result = await pgStore.appendInTransaction(tx, streamId, events, { expectedVersion });
      if (!result.duplicate) await inline.work(tx, result.events);
      return result;
    });
  }
}

/**
 * Stored events as a decider's `{ type, data }` union. The registry has already upcast and
 * validated each one against its schema, which is what makes the narrowing safe.
 */
export function asDomainEvents<E extends DomainEvent>(events: RecordedEvent[]): E[] {
  return events.map((event) => ({ type: event.type, data: event.data }) as E);
}

/**
 * The events an earlier request with this idempotency key wrote to a stream (none: it is new).
 * The same key with a different command is refused: a client reused it by mistake.
 */
export function earlierRequest(history: readonly RecordedEvent[], idempotencyKey: string, commandHash: string): RecordedEvent[] {
  const earlier = history.filter((e) => e.extra.idempotencyKey === idempotencyKey);
  if (earlier.length > 0 && earlier[0]!.extra.commandHash !== commandHash) throw new IdempotencyKeyReusedError(idempotencyKey);
  return earlier;
}

/** Stable across key order, so the same command always hashes the same. */
export function hashOf(value: unknown): string {
  const canonical = JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
  return createHash('sha256').update(canonical).digest('hex');
}
