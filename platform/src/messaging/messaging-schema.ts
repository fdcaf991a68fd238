import type { Migration } from '../sql/migrate.js';
import type { Pool } from '../sql/pool.js';
import { migrate } from '../sql/migrate.js';

/**
 * Bookkeeping for moving events between services, in the consuming service's own schema:
 * the relay's position in its store, consumers' positions in another service's store
 * (embedded transport), the inbox of processed event ids, and events parked after failing.
 */
export const messagingMigrations: Migration[] = [
  {
    name: '0100-messaging.sql',
    sql: `
CREATE TABLE relay_checkpoints (
  name text PRIMARY KEY,
  checkpoint text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE consumer_checkpoints (
  consumer text PRIMARY KEY,
  checkpoint text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE inbox (
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE TABLE dead_letters (
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  event jsonb NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  parked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
`,
  },
];

export const migrateMessaging = (pool: Pool, schema: string): Promise<string[]> => migrate(pool, schema, messagingMigrations);
