-- Records ADT merged into another: doses and orders charted on the retired record are the
-- survivor's, on the MAR and at the bedside.
CREATE TABLE patient_merges (
  retired_patient_id text PRIMARY KEY,
  survivor_patient_id text NOT NULL
);
CREATE INDEX patient_merges_survivor ON patient_merges (survivor_patient_id);
