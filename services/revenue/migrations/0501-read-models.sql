-- What the revenue service knows of the hospital, its patients and their care, learned from
-- ADT, ED, orders and MAR events: enough to open accounts, count census days and capture charges.
CREATE TABLE units (
  unit_id text PRIMARY KEY,
  level_of_care text NOT NULL
);

-- The subscriber on the claim (patient = subscriber): name, birth date and sex from ADT.
CREATE TABLE patients (
  patient_id text PRIMARY KEY,
  family_name text NOT NULL,
  given_name text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL
);

-- ED visits and the account each opened; the triage level sets the ED facility level.
CREATE TABLE ed_visits (
  visit_id text PRIMARY KEY,
  patient_id text NOT NULL,
  account_id text NOT NULL,
  arrived_at timestamptz NOT NULL,
  esi integer
);

-- ADT's bed requests name the ED visit they came from: the admission joins that visit's account.
CREATE TABLE bed_requests (
  request_id text PRIMARY KEY,
  encounter_id text NOT NULL
);
CREATE INDEX bed_requests_encounter ON bed_requests (encounter_id);

-- Where each inpatient lay and when (the census input), by encounter.
CREATE TABLE stays (
  encounter_id text PRIMARY KEY,
  account_id text NOT NULL,
  stay jsonb NOT NULL,
  discharged boolean NOT NULL DEFAULT false
);

-- Orders as the orders service signed them: what a lab or imaging order bills as, which drug a dose is.
CREATE TABLE orders (
  order_id text PRIMARY KEY,
  encounter_id text NOT NULL,
  details jsonb NOT NULL
);

-- Hospital account numbers (the claim's patient control number, CLM01): short, unique, never reused.
CREATE SEQUENCE account_numbers START 100001;

-- Read models of the revenue service's own events.
CREATE TABLE accounts (
  account_id text PRIMARY KEY,
  patient_id text NOT NULL,
  account_class text NOT NULL,
  opened_at timestamptz NOT NULL,
  admitted_at timestamptz,
  discharged_at timestamptz,
  discharge_status text,
  payer_id text,
  payer_name text,
  coding jsonb,
  holds text[] NOT NULL,
  edits jsonb NOT NULL,
  charges_cents bigint NOT NULL,
  paid_cents bigint NOT NULL,
  written_off_cents bigint NOT NULL,
  balance_cents bigint NOT NULL
);
CREATE INDEX accounts_patient ON accounts (patient_id);

CREATE TABLE account_encounters (
  encounter_id text PRIMARY KEY,
  account_id text NOT NULL
);

CREATE TABLE charges (
  charge_id text PRIMARY KEY,
  account_id text NOT NULL,
  charge_code text NOT NULL,
  description text NOT NULL,
  revenue_code text NOT NULL,
  hcpcs text,
  service_date date NOT NULL,
  quantity integer NOT NULL,
  unit_price_cents bigint NOT NULL,
  amount_cents bigint NOT NULL,
  source_kind text NOT NULL,
  source_id text NOT NULL,
  reverses_charge_id text,
  reversed_by text,
  reason text,
  late boolean NOT NULL,
  posted_at timestamptz NOT NULL
);
CREATE INDEX charges_account ON charges (account_id);

CREATE TABLE claims (
  claim_id text PRIMARY KEY,
  account_id text NOT NULL,
  version integer NOT NULL,
  frequency text NOT NULL,
  type_of_bill text NOT NULL,
  payer_id text NOT NULL,
  total_cents bigint NOT NULL,
  status text NOT NULL,
  payer_claim_number text,
  original_payer_claim_number text,
  condition_codes text[] NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX claims_account ON claims (account_id);

CREATE TABLE denials (
  account_id text NOT NULL,
  payer_claim_number text NOT NULL,
  carc text NOT NULL,
  rarcs text[] NOT NULL,
  amount_cents bigint NOT NULL,
  category text NOT NULL,
  remit_date date NOT NULL,
  PRIMARY KEY (account_id, payer_claim_number, carc)
);

-- The queue each unpaid account is worked in now; an account in no row is settled.
CREATE TABLE work_items (
  account_id text PRIMARY KEY,
  queue text NOT NULL,
  reason text NOT NULL,
  payer_id text,
  owner text NOT NULL,
  amount_cents bigint NOT NULL,
  aging_from date NOT NULL
);
CREATE INDEX work_items_queue ON work_items (queue, aging_from);

-- The account's history as a biller reads it: one line per event.
CREATE TABLE account_history (
  event_id text PRIMARY KEY,
  account_id text NOT NULL,
  stream_version integer NOT NULL,
  type text NOT NULL,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  summary text NOT NULL
);
CREATE INDEX account_history_account ON account_history (account_id, stream_version);
