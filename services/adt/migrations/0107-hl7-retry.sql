-- An AR (or CR) acknowledgment means the receiver could not take the message now: it is sent
-- again, not before next_attempt_at. An AE (CE) parks it as 'rejected' for the interface analyst.
ALTER TABLE hl7_outbound ADD COLUMN next_attempt_at timestamptz;
