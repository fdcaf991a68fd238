-- A STAT dose given before pharmacist verification: the order waits for pharmacy's review.
ALTER TABLE orders ADD COLUMN given_before_verification boolean NOT NULL DEFAULT false;
