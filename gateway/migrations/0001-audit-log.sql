-- Who touched which patient's record, when, from where, how it ended. Append-only: the
-- database itself refuses to change or delete an entry.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id text,
  actor_role text,
  operation_type text,
  operation_name text,
  fields text[] NOT NULL,
  patient_ids text[] NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
  detail text,
  client_address text
);
CREATE INDEX audit_log_patients ON audit_log USING gin (patient_ids);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
