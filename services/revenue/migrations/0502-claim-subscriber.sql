-- The subscriber on the claim also needs the MRN (REF*EA) and the address registration
-- captured (2010BA N3/N4); both stay null until ADT says them.
ALTER TABLE patients ADD COLUMN mrn text;
ALTER TABLE patients ADD COLUMN address jsonb;
