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

/**
 * A decision that spans several streams (a transfer changes an encounter and two beds):
 * every stream it loaded is checked against the version it read, and every write commits in
 * ONE PostgreSQL transaction or none does. Another writer on any of those streams makes the
 * whole decision run again on fresh state, up to `maxAttempts`.
 */
export async function runUnitOfWork(
  options: { pool: Pool; store: PostgresEventStore; registry: EventRegistry; maxAttempts?: number; inline?: InlineWork },
  decide: (session: UnitOfWorkSession) => Promise<StreamWrite[]>,
): Promise<RecordedEvent[]> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const versions = new Map<string, number>();
    const session: UnitOfWorkSession = {
      async load(streamId) {
        const events = await options.store.readStream(streamId);
        versions.set(streamId, events.length);
        return events.map((e) => options.registry.upcast(e));
      },
    };
    const writes = (await decide(session)).filter((w) => w.events.length > 0);
    if (writes.length === 0) return [];
    try {
      return await withTransaction(options.pool, async (tx: PoolClient) => {
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
      });
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
    }
  }
}
