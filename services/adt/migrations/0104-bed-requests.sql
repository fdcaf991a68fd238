-- The bed placement queue: open requests oldest first, with the bed chosen and the outcome.
CREATE TABLE bed_requests (
  request_id text PRIMARY KEY,
  patient_id text NOT NULL,
  encounter_id text NOT NULL,
  unit_id text,
  isolation text,
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'assigned', 'fulfilled', 'cancelled')),
  requested_at timestamptz NOT NULL,
  bed_id text,
  assigned_at timestamptz
);
CREATE INDEX bed_requests_queue ON bed_requests (status, requested_at);
