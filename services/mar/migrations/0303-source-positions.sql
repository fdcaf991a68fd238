-- How far the eMAR's followers have applied each source stream it decides on (an encounter at
-- ADT, an order at orders): written with the copy it describes, in the follower's transaction.
-- A dose is documented only once these reach the version the source answered (ADR 0023).
CREATE TABLE source_positions (
  stream_id text PRIMARY KEY,
  version integer NOT NULL
);
