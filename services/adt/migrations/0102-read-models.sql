-- Read models of the ADT service, kept by projections from its own events.

CREATE TABLE patients (
  patient_id text PRIMARY KEY,
  mrn text NOT NULL UNIQUE,
  family_name text NOT NULL,
  given_names text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'merged')),
  merged_into text
);
CREATE INDEX patients_name_birth ON patients (lower(family_name), birth_date);

-- Every MRN ever issued, so a retired (merged) MRN still finds its survivor.
CREATE TABLE patient_identifiers (
  mrn text PRIMARY KEY,
  patient_id text NOT NULL
);

CREATE TABLE encounters (
  encounter_id text PRIMARY KEY,
  patient_id text NOT NULL,
  class text NOT NULL,
  status text NOT NULL,
  bed_id text,
  unit_id text,
  admitted_at timestamptz,
  discharged_at timestamptz,
  disposition text
);
CREATE INDEX encounters_patient ON encounters (patient_id);

CREATE TABLE bed_board (
  bed_id text PRIMARY KEY,
  unit_id text NOT NULL,
  room_id text NOT NULL,
  label text NOT NULL,
  status text NOT NULL,
  isolation text,
  blocked_reason text,
  encounter_id text,
  patient_id text,
  reserved_for_encounter_id text,
  dirty_since timestamptz,
  cleaning_since timestamptz,
  last_turnaround_minutes integer,
  updated_at timestamptz NOT NULL
);
CREATE INDEX bed_board_unit ON bed_board (unit_id, label);
