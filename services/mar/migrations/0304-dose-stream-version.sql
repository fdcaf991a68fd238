-- The version of the dose's stream its folded state is at: written with the state, in the
-- command's transaction, so a bedside command decides on this row instead of loading the stream
-- and appends at this version (a row behind the stream costs a reload, never a stale decision).
-- Rows written before this column are null and load their stream.
ALTER TABLE doses ADD COLUMN stream_version integer;
