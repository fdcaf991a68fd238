-- The tracking board, the patient record's ED visits and the measures, from the ED's own events.
-- `state` is the visit folded by the decider's evolve; the columns beside it are what the board filters on.
CREATE TABLE visits (
  visit_id text PRIMARY KEY,
  patient_id text NOT NULL,
  status text NOT NULL,
  esi integer CHECK (esi BETWEEN 1 AND 5),
  room_id text,
  provider_id text,
  nurse_id text,
  arrived_at timestamptz NOT NULL,
  departed_at timestamptz,
  state jsonb NOT NULL
);
CREATE INDEX visits_patient ON visits (patient_id);
CREATE INDEX visits_departed ON visits (departed_at);
CREATE INDEX visits_active ON visits (arrived_at) WHERE departed_at IS NULL;

-- The inpatient bed requests ADT opened for ED visits (the request id is the visit id), learned
-- from ADT's events: the encounter id tells the ED which bed occupancy ends the boarding.
CREATE TABLE bed_requests (
  request_id text PRIMARY KEY,
  visit_id text NOT NULL,
  encounter_id text NOT NULL,
  bed_id text
);
CREATE INDEX bed_requests_encounter ON bed_requests (encounter_id);

-- Duplicate records ADT retired into a survivor: the visits of the retired record are the
-- survivor's, also after the visits read model is rebuilt from the ED's own events.
CREATE TABLE patient_merges (
  retired_patient_id text PRIMARY KEY,
  survivor_patient_id text NOT NULL
);
