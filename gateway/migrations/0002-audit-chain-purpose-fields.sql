-- Each entry records why (purpose of use), which data fields the answer read, whether it was an
-- emergency ("break-the-glass") access, and is chained to the entry before it: the hash of
-- each entry covers its content and the previous entry's hash, so changing or removing an
-- entry breaks every hash after it (audit_chain_breaks finds where).
ALTER TABLE audit_log
  ADD COLUMN purpose text,
  ADD COLUMN data_fields text[] NOT NULL DEFAULT '{}',
  ADD COLUMN emergency_access boolean NOT NULL DEFAULT false,
  ADD COLUMN chain_position bigint UNIQUE,
  ADD COLUMN prev_hash bytea,
  ADD COLUMN hash bytea;
CREATE INDEX audit_log_actor_at ON audit_log (actor_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_entry_digest(prev bytea, e audit_log) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT sha256(prev || convert_to(jsonb_build_array(
    e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.actor_id, e.actor_role, e.operation_type, e.operation_name,
    e.fields, e.patient_ids, e.outcome, e.detail, e.client_address, e.purpose, e.data_fields, e.emergency_access, e.chain_position
  )::text, 'UTF8'))
$$;

-- Entries are chained in the order they commit: the lock is held to the end of the inserting
-- transaction, so the next entry always sees the one before it.
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last audit_log;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('gateway.audit_log chain'));
  SELECT * INTO last FROM audit_log ORDER BY chain_position DESC NULLS LAST LIMIT 1;
  NEW.chain_position := coalesce(last.chain_position, 0) + 1;
  NEW.prev_hash := coalesce(last.hash, '\x'::bytea);
  NEW.hash := audit_entry_digest(NEW.prev_hash, NEW);
  RETURN NEW;
END $$;
ALTER FUNCTION audit_log_chain() SET search_path FROM CURRENT;
ALTER FUNCTION audit_entry_digest(bytea, audit_log) SET search_path FROM CURRENT;

-- Entries written before the chain existed are chained once, in the order they were written.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
DO $$
DECLARE
  e audit_log;
  previous bytea := '\x'::bytea;
  position bigint := 0;
BEGIN
  FOR e IN SELECT * FROM audit_log ORDER BY id LOOP
    position := position + 1;
    e.chain_position := position;
    e.prev_hash := previous;
    e.hash := audit_entry_digest(previous, e);
    UPDATE audit_log SET chain_position = e.chain_position, prev_hash = e.prev_hash, hash = e.hash WHERE id = e.id;
    previous := e.hash;
  END LOOP;
END $$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
ALTER TABLE audit_log ALTER COLUMN chain_position SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- Where the chain breaks: an entry whose hash is not its content's, or that does not follow the
-- entry before it. Empty when the log is intact.
CREATE FUNCTION audit_chain_breaks() RETURNS TABLE (chain_position bigint, problem text) LANGUAGE sql STABLE AS $$
  SELECT chain_position, problem FROM (
    SELECT e.chain_position,
           CASE WHEN e.hash IS DISTINCT FROM audit_entry_digest(e.prev_hash, e) THEN 'the entry was changed'
                WHEN e.chain_position <> coalesce(lag(e.chain_position) OVER w, 0) + 1 THEN 'an entry before it is missing'
                WHEN e.prev_hash IS DISTINCT FROM coalesce(lag(e.hash) OVER w, '\x'::bytea) THEN 'the entry does not follow the one before it'
           END AS problem
      FROM audit_log e
    WINDOW w AS (ORDER BY e.chain_position)
  ) checked
  WHERE problem IS NOT NULL ORDER BY chain_position
$$;
ALTER FUNCTION audit_chain_breaks() SET search_path FROM CURRENT;

-- Only the owner (who runs the migrations) may change the table's rights; no one else may
-- change or remove entries, whatever they are granted later by mistake.
REVOKE ALL ON audit_log FROM PUBLIC;
