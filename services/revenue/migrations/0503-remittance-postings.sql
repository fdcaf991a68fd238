-- An 835 claim payment is posted once: the payer's trace number (TRN02), the payer and the
-- claim payment (CLP01 + CLP07) identify it, whatever envelope it comes in again.
CREATE TABLE remittance_postings (
  trace_number text NOT NULL,
  payer_id text NOT NULL,
  patient_control_number text NOT NULL,
  payer_claim_number text NOT NULL,
  -- Null when the payment matched no claim of that payer and went to unapplied cash.
  account_id text,
  paid_cents bigint NOT NULL,
  posted_at timestamptz NOT NULL,
  PRIMARY KEY (trace_number, payer_id, patient_control_number, payer_claim_number)
);

-- Money received that matches no claim sent to that payer: the cash-posting team applies or refunds it.
CREATE TABLE unapplied_cash (
  trace_number text NOT NULL,
  payer_id text NOT NULL,
  patient_control_number text NOT NULL,
  payer_claim_number text NOT NULL,
  paid_cents bigint NOT NULL,
  reason text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (trace_number, payer_id, patient_control_number, payer_claim_number)
);

-- PLB provider-level adjustments (interest, recoupments): the provider's ledger, not a patient account's.
CREATE TABLE provider_adjustments (
  trace_number text NOT NULL,
  payer_id text NOT NULL,
  seq int NOT NULL,
  reason text NOT NULL,
  reference text,
  amount_cents bigint NOT NULL,
  PRIMARY KEY (trace_number, payer_id, seq)
);
