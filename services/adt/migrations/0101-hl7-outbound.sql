-- Outbound HL7 v2 messages, in the order their events were recorded. A message stays
-- 'pending' until the receiver acknowledges it, however long the receiver is down.
CREATE TABLE hl7_outbound (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  control_id text NOT NULL UNIQUE,
  trigger_event text NOT NULL,
  message text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'rejected')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  ack_code text,
  enqueued_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX hl7_outbound_pending ON hl7_outbound (seq) WHERE status = 'pending';
