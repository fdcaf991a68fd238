-- What the claim screen shows of the folded account: the attending physician the claim names
-- (2310A) and the charges held on the charge-review queue.
ALTER TABLE accounts ADD COLUMN attending jsonb;
ALTER TABLE accounts ADD COLUMN held_charges jsonb NOT NULL DEFAULT '[]';

-- Account numbers are drawn at random, not from a sequence: each one is kept here so that a
-- number is never issued twice (a draw that meets an issued number draws again).
CREATE TABLE account_numbers_issued (
  account_id text PRIMARY KEY,
  issued_at timestamptz NOT NULL DEFAULT now()
);
