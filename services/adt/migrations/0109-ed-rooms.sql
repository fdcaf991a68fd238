-- Where the ED has put its patients, as ADT learns it from the ED's events: the bed board shows
-- an ED room with a patient in it as occupied, and keeps each stay so the board can be read as of
-- a past instant.
CREATE TABLE ed_room_stays (
  visit_id text NOT NULL,
  room_id text NOT NULL,
  patient_id text NOT NULL,
  roomed_at timestamptz NOT NULL,
  released_at timestamptz,
  PRIMARY KEY (visit_id, room_id, roomed_at)
);
CREATE INDEX ed_room_stays_room ON ed_room_stays (room_id, roomed_at);
CREATE INDEX ed_room_stays_current ON ed_room_stays (room_id) WHERE released_at IS NULL;
