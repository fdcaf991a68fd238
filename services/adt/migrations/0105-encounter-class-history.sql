-- Each encounter's classes over time (FHIR classHistory), for the observation notice and
-- class-change audits; and the admission time the census uses to find the stays of a date.
ALTER TABLE encounters ADD COLUMN class_history jsonb NOT NULL DEFAULT '[]';
CREATE INDEX encounters_admitted ON encounters (admitted_at);
