import type { EventRegistry } from '@ehr/contracts';
import type { NewEvent, RecordedEvent } from '../event-store/event-store.js';
import { ConcurrencyError } from '../event-store/event-store.js';
import type { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import type { Pool, PoolClient } from '../sql/pool.js';
import { withTransaction } from '../sql/pool.js';
import type { InlineWork } from './command-handler.js';

export interface StreamWrite {
  streamId: string;
  events: NewEvent[];
}

/** What a unit of work can do: read streams, then say what to write. */
export interface UnitOfWorkSession {
  /** The stream's events, upcast to the current schema versions; remembered for the version check. */
  load(streamId: string): Promise<RecordedEvent[]>;
}

type UnitOfWorkOptions = { store: PostgresEventStore; registry: EventRegistry; inline?: InlineWork };
type Decide = (session: UnitOfWorkSession) => Promise<StreamWrite[]>;

/** Loads through a session that remembers each stream's version, then returns what the decision wants written. */
async function decideWrites(options: UnitOfWorkOptions, decide: Decide): Promise<{ versions: Map<string, number>; writes: StreamWrite[] }> {
  const versions = new Map<string, number>();
  const session: UnitOfWorkSession = {
    async load(streamId) {
      const events = await options.store.readStream(streamId);
      versions.set(streamId, events.length);
      return events.map((e) => options.registry.upcast(e));
    },
  };
  const writes = (await decide(session)).filter((w) => w.events.length > 0);
  return { versions, writes };
}

/** Appends every write at the version its stream was read at, then runs the inline work, all in `tx`. */
async function appendWrites(tx: PoolClient, options: UnitOfWorkOptions, versions: Map<string, number>, writes: StreamWrite[]): Promise<RecordedEvent[]> {
  const written: RecordedEvent[] = [];
  for (const write of writes) {
    const read = versions.get(write.streamId);
    if (read === undefined) throw new Error(`stream ${write.streamId} is written without having been loaded in this unit of work`);
    const events = write.events.map((e) => ({ ...e, data: options.registry.validateNew(e.type, e.data) }));
    const result = await options.store.appendInTransaction(tx, write.streamId, events, { expectedVersion: read === 0 ? 'no-stream' : read });
    written.push(...result.events);
  }
  if (options.inline) await options.inline(tx, written);
  return written;
}

/**
 * A decision that spans several streams (a transfer changes an encounter and two beds):
 * every stream it loaded is checked against the version it read, and every write commits in
 * ONE PostgreSQL transaction or none does. Another writer on any of those streams makes the
 * whole decision run again on fresh state, up to `maxAttempts`.
 */
export async function runUnitOfWork(options: UnitOfWorkOptions & { pool: Pool; maxAttempts?: number }, decide: Decide): Promise<RecordedEvent[]> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const { versions, writes } = await decideWrites(options, decide);
    if (writes.length === 0) return [];
    try {
      return await withTransaction(options.pool, (tx) => appendWrites(tx, options, versions, writes));
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
    }
  }
}

/**
 * The same decision as a reaction inside a consumer's transaction, so it commits with the
 * inbox row or not at all. One attempt: a ConcurrencyError rolls the caller's transaction back
 * to be retried.
 */
export async function runUnitOfWorkInTransaction(tx: PoolClient, options: UnitOfWorkOptions, decide: Decide): Promise<RecordedEvent[]> {
  const { versions, writes } = await decideWrites(options, decide);
  return writes.length === 0 ? [] : appendWrites(tx, options, versions, writes);
}
