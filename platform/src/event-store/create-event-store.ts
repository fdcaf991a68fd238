import type { EventStore } from './event-store.js';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import type { Pool } from '../sql/pool.js';

export type EventStoreKind = 'postgres' | 'eventstoredb';

/** The store a service's configuration names (EVENT_STORE), with a clear error for anything else. */
export function createEventStore(config: { kind: string; pool: Pool; schema: string; eventStoreDbUrl?: string }): EventStore {
  switch (config.kind) {
    case 'postgres':
      return new PostgresEventStore({ pool: config.pool, schema: config.schema });
    case 'eventstoredb':
      if (!config.eventStoreDbUrl) throw new Error('EVENT_STORE=eventstoredb needs EVENTSTOREDB_URL');
      return new EventStoreDbEventStore({ connectionString: config.eventStoreDbUrl });
    default:
      throw new Error(`EVENT_STORE must be postgres or eventstoredb (got "${config.kind}")`);
  }
}
