import type { Migration } from '../../sql/migrate.js';

/**
 * The event table is the store and the outbox. `transaction_id` (xid8) lets readers take
 * only events whose writing transaction can no longer commit below what they have read.
 */
export const eventStoreMigrations = (schema: string): Migration[] => [
  {
    name: '0001-event-store.sql',
    sql: `
CREATE TABLE events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id text NOT NULL,
  stream_version integer NOT NULL CHECK (stream_version >= 1),
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  schema_version integer NOT NULL,
  patient_id text,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT events_event_id_unique UNIQUE (event_id),
  CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
);
CREATE INDEX events_global_order ON events (transaction_id, global_position);

CREATE FUNCTION notify_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${schema}_events', '');
  RETURN NULL;
END $$;
CREATE TRIGGER events_appended AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION notify_events_appended();
`,
  },
];
