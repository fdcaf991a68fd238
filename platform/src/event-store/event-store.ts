import type { Actor, EventEnvelope } from '@ehr/contracts';

/**
 * What the writer expects the stream to be at:
 * 'no-stream' (it must not exist yet), 'any' (no check), or the exact version of its last event.
 */
export type ExpectedVersion = 'no-stream' | 'any' | number;

/** A position in the store's global order, opaque outside the implementation that made it. */
export type Checkpoint = string & { readonly __checkpoint: unique symbol };

export interface EventMetadata {
  patientId: string | null;
  encounterId?: string | null;
  actor: Actor;
  correlationId: string;
  causationId?: string | null;
  traceparent?: string | null;
  /** When it happened at the bedside; defaults to the time of writing. */
  occurredAt?: string;
  /** Extra keys kept with the event, e.g. the idempotency key that produced it. */
  extra?: Record<string, unknown>;
}

export interface NewEvent<TData = unknown> {
  /** Supplied for idempotent appends; a UUIDv7 is generated otherwise. */
  eventId?: string;
  type: string;
  schemaVersion: number;
  data: TData;
  metadata: EventMetadata;
}

export interface RecordedEvent<TData = unknown> extends EventEnvelope<TData> {
  /** Where the event stands in this store's global order. */
  checkpoint: Checkpoint;
  /** Extra metadata keys written with the event. */
  extra: Record<string, unknown>;
}

export interface AppendResult {
  /** The stream version after the append: pass it as the next expected version. */
  streamVersion: number;
  events: RecordedEvent[];
  /** True when every event id was already in the stream: nothing was written again. */
  duplicate: boolean;
}

export interface ReadAllResult {
  events: RecordedEvent[];
  /** Where the next read starts; unchanged when nothing new was visible. */
  checkpoint: Checkpoint | null;
}

export interface Subscription {
  /** Resolves when the handler has returned for the last delivered batch. */
  stop(): Promise<void>;
  /** Resolves once the subscriber has caught up with everything visible when called. */
  caughtUp(): Promise<void>;
}

export interface SubscribeOptions {
  from: Checkpoint | null;
  batchSize?: number;
  /** Called with each batch in global order; the next batch waits for it. */
  handler(events: RecordedEvent[], checkpoint: Checkpoint): Promise<void>;
  /** Called when the handler or the store fails; the subscription retries after a pause. */
  onError?(error: unknown): void;
}

/**
 * The event store port. Implementations: PostgreSQL (the default) and EventStoreDB; both
 * pass the same contract suite.
 */
export interface EventStore {
  append(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult>;
  readStream(streamId: string, options?: { fromVersion?: number; toVersion?: number }): Promise<RecordedEvent[]>;
  /** The events after `after` in global order, never skipping one that commits late. */
  readAll(after: Checkpoint | null, limit?: number): Promise<ReadAllResult>;
  /** Catch up from `from`, then follow new events as they commit. */
  subscribe(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

/** The stream was not at the version the writer expected: someone else wrote first. */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, the writer expected ${String(expected)}; reload and try again`);
    this.name = 'ConcurrencyError';
  }
}

/** An event id the caller supplied already belongs to another stream or position. */
export class DuplicateEventError extends Error {
  constructor(readonly eventId: string) {
    super(`event ${eventId} was already written elsewhere`);
    this.name = 'DuplicateEventError';
  }
}
