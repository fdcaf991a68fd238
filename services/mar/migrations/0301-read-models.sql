-- Who a wristband names: the MRN printed on it, learned from ADT's registrations and merges.
CREATE TABLE wristbands (
  mrn text PRIMARY KEY,
  patient_id text NOT NULL
);
CREATE INDEX wristbands_patient ON wristbands (patient_id);

-- Where each patient lies, learned from ADT's encounter events: the unit's due list reads it.
CREATE TABLE encounters (
  encounter_id text PRIMARY KEY,
  patient_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('planned', 'in-progress', 'onleave', 'finished', 'cancelled')),
  unit_id text,
  bed_id text
);
CREATE INDEX encounters_patient ON encounters (patient_id);
CREATE INDEX encounters_unit ON encounters (unit_id) WHERE status IN ('in-progress', 'onleave');

-- The eMAR's own copy of each medication order, folded from the orders service's events.
CREATE TABLE med_orders (
  order_id text PRIMARY KEY,
  patient_id text NOT NULL,
  encounter_id text NOT NULL,
  status text NOT NULL,
  mar_order jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX med_orders_patient ON med_orders (patient_id);

-- Every scheduled dose and PRN administration, as its stream folds (state is the decider's DoseState).
CREATE TABLE doses (
  dose_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('scheduled', 'prn')),
  order_id text NOT NULL,
  patient_id text NOT NULL,
  status text NOT NULL,
  due_at timestamptz,
  -- When the dose sorts on the MAR: due time, or when a PRN administration began.
  sort_at timestamptz NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX doses_patient_time ON doses (patient_id, sort_at);
CREATE INDEX doses_order ON doses (order_id);
CREATE INDEX doses_open ON doses (due_at) WHERE status = 'open';

-- Wristbands and packages entered by hand instead of scanned: the scan-failure report.
CREATE TABLE manual_entries (
  dose_id text NOT NULL,
  what text NOT NULL CHECK (what IN ('wristband', 'product')),
  patient_id text NOT NULL,
  reason text NOT NULL,
  comment text,
  entered_by text NOT NULL,
  entered_at timestamptz NOT NULL,
  PRIMARY KEY (dose_id, what, entered_at)
);
CREATE INDEX manual_entries_time ON manual_entries (entered_at);

-- A second nurse's sign-in at the bedside for a dose (independent double check or waste
-- witness), waiting for the administering nurse to document; it is recorded on that event.
CREATE TABLE cosignatures (
  dose_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('verifier', 'witness')),
  signed_by text NOT NULL,
  signed_at timestamptz NOT NULL,
  PRIMARY KEY (dose_id, role)
);
