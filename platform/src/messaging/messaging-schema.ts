import type { Migration } from '../sql/migrate.js';
import type { Pool } from '../sql/pool.js';
import { migrate } from '../sql/migrate.js';

/**
 * Bookkeeping for moving events between services, in the consuming service's own schema:
 * the relay's position in its store, consumers' positions in another service's store
 * (embedded transport), the inbox of processed event ids, events waiting for a predecessor
 * another service has not delivered yet, and dead letters (failed for good) until an operator
 * replays or discards them.
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
  {
    // See docs/adr/0024: events waiting for a predecessor, and dead letters an operator resolves.
    name: '0101-waiting-room-and-dead-letter-resolution.sql',
    sql: `
CREATE TABLE waiting_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  order_key text NOT NULL,
  awaits_entity text NOT NULL,
  awaits_id text NOT NULL,
  reason text NOT NULL,
  event jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  failures integer NOT NULL DEFAULT 0,
  parked_at timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consumer, event_id)
);
CREATE INDEX waiting_events_by_key ON waiting_events (consumer, order_key, seq);
CREATE INDEX waiting_events_by_awaited ON waiting_events (consumer, awaits_id);
CREATE INDEX waiting_events_by_due ON waiting_events (consumer, next_attempt_at);
ALTER TABLE dead_letters
  ADD COLUMN source text,
  ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replaying', 'replayed', 'discarded')),
  ADD COLUMN replays integer NOT NULL DEFAULT 0,
  ADD COLUMN resolved_by text,
  ADD COLUMN resolved_at timestamptz,
  ADD COLUMN discard_reason text;
CREATE INDEX dead_letters_by_status ON dead_letters (status, parked_at);
`,
  },
];

export const migrateMessaging = (pool: Pool, schema: string): Promise<string[]> => migrate(pool, schema, messagingMigrations);
