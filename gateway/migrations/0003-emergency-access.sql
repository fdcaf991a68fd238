-- Break-the-glass: a user outside the access policy states a reason and gets time-limited access
-- to one patient. Grants are never changed or removed; the privacy office reviews them all.
CREATE TABLE emergency_access (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id text NOT NULL,
  user_role text NOT NULL,
  patient_id text NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 1000),
  granted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  expires_at timestamptz NOT NULL CHECK (expires_at > granted_at)
);
CREATE INDEX emergency_access_user_patient ON emergency_access (user_id, patient_id, expires_at);
CREATE TRIGGER emergency_access_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON emergency_access
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
REVOKE ALL ON emergency_access FROM PUBLIC;
