-- What the orders service knows of the hospital and its encounters, learned from ADT events.
CREATE TABLE units (
  unit_id text PRIMARY KEY,
  name text NOT NULL,
  level_of_care text NOT NULL
);

CREATE TABLE encounters (
  encounter_id text PRIMARY KEY,
  patient_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('planned', 'in-progress', 'onleave', 'finished', 'cancelled')),
  unit_id text
);
CREATE INDEX encounters_patient ON encounters (patient_id);

-- Orders for the chart, the pharmacist's verification queue and order entry's checks.
CREATE TABLE orders (
  order_id text PRIMARY KEY,
  patient_id text NOT NULL,
  encounter_id text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL,
  verification text NOT NULL,
  priority text NOT NULL,
  summary text NOT NULL,
  details jsonb NOT NULL,
  ordered_by text NOT NULL,
  placed_at timestamptz NOT NULL,
  start_at timestamptz NOT NULL,
  stop_at timestamptz,
  alerts_overridden jsonb NOT NULL DEFAULT '[]',
  review_pending boolean NOT NULL DEFAULT false,
  verified_by text,
  ended_at timestamptz,
  ended_reason text
);
CREATE INDEX orders_patient ON orders (patient_id);
CREATE INDEX orders_encounter ON orders (encounter_id);
CREATE INDEX orders_verification_queue ON orders (placed_at) WHERE verification = 'pending' AND status IN ('active', 'on-hold');

CREATE TABLE allergies (
  allergy_id text PRIMARY KEY,
  patient_id text NOT NULL,
  substance_code text NOT NULL,
  substance_display text NOT NULL,
  reaction text,
  criticality text NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX allergies_patient ON allergies (patient_id);
