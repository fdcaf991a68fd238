-- The interface analyst's queue: a rejected message is sent again or discarded with a reason,
-- and who did it is kept.
ALTER TABLE hl7_outbound DROP CONSTRAINT hl7_outbound_status_check;
ALTER TABLE hl7_outbound ADD CONSTRAINT hl7_outbound_status_check CHECK (status IN ('pending', 'sent', 'rejected', 'discarded'));
ALTER TABLE hl7_outbound ADD COLUMN handled_by text, ADD COLUMN handled_at timestamptz, ADD COLUMN discard_reason text;
