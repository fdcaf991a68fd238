-- Unidentified arrivals: an alias from its own sequence, no invented birth date, and the
-- wristband to reprint once the identity is confirmed or the record merged.
CREATE SEQUENCE alias_sequence START WITH 1 NO CYCLE;
ALTER TABLE patients ALTER COLUMN birth_date DROP NOT NULL;
ALTER TABLE patients ADD COLUMN unidentified boolean NOT NULL DEFAULT false;
ALTER TABLE patients ADD COLUMN estimated_age_years integer;
ALTER TABLE patients ADD COLUMN wristband_reprint_needed boolean NOT NULL DEFAULT false;
