import { z } from 'zod';

/** What is ordered. Medication is a FHIR MedicationRequest, diet a NutritionOrder, the rest ServiceRequests. */
export const orderKind = z.enum(['medication', 'lab', 'imaging', 'diet', 'nursing']);
export type OrderKind = z.infer<typeof orderKind>;

/** FHIR request priority. */
export const orderPriority = z.enum(['routine', 'urgent', 'asap', 'stat']);
export type OrderPriority = z.infer<typeof orderPriority>;

/** Routes spelled out: "SC", "SQ" and friends are on the error-prone abbreviation lists. */
export const medicationRoute = z.enum(['oral', 'sublingual', 'intravenous', 'intramuscular', 'subcutaneous', 'rectal', 'topical', 'inhalation', 'enteral-tube']);
export type MedicationRoute = z.infer<typeof medicationRoute>;

/** UCUM codes; curly-brace units count dose forms (tablets, capsules, vials). */
export const doseUnit = z.enum(['mg', 'g', 'mcg', '[iU]', 'meq', 'mL', '{tablet}', '{capsule}', '{vial}']);
export type DoseUnit = z.infer<typeof doseUnit>;

export const doseQuantity = z.object({ value: z.number().positive(), unit: doseUnit });
export type DoseQuantity = z.infer<typeof doseQuantity>;

/** A wall-clock time of day in the facility's zone, HH:mm. */
export const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:mm');

/** Clock schedules given at the unit's standard times (TID is not q8h). */
export const scheduledFrequencyCode = z.enum(['daily', 'BID', 'TID', 'QID']);
export type ScheduledFrequencyCode = z.infer<typeof scheduledFrequencyCode>;

/** Interval schedules: elapsed hours from the first dose. */
export const intervalFrequencyCode = z.enum(['q1h', 'q2h', 'q3h', 'q4h', 'q6h', 'q8h', 'q12h']);
export type IntervalFrequencyCode = z.infer<typeof intervalFrequencyCode>;

export const medicationFrequency = z.discriminatedUnion('type', [
  z.object({ type: z.literal('scheduled'), code: scheduledFrequencyCode, times: z.array(localTime).min(1) }),
  z.object({ type: z.literal('interval'), code: intervalFrequencyCode }),
  z.object({ type: z.literal('once') }),
  z.object({ type: z.literal('stat') }),
  z.object({
    type: z.literal('prn'),
    minIntervalMinutes: z.int().positive(),
    maxPer24h: doseQuantity,
    indication: z.string().trim().min(1),
  }),
]);
export type MedicationFrequency = z.infer<typeof medicationFrequency>;

export const controlledSchedule = z.enum(['CII', 'CIII', 'CIV', 'CV']);
export type ControlledSchedule = z.infer<typeof controlledSchedule>;

export const specimenType = z.enum(['blood', 'urine', 'csf', 'sputum', 'stool', 'swab']);
export const imagingModality = z.enum(['XR', 'CT', 'MR', 'US', 'NM']);
export const dietType = z.enum(['regular', 'npo', 'clear-liquid', 'full-liquid', 'soft', 'cardiac', 'consistent-carbohydrate', 'renal']);
export type DietType = z.infer<typeof dietType>;


/** The order-entry checks that can stop a signature. */
export const orderAlertKind = z.enum(['allergy', 'duplicate-ingredient', 'duplicate-class', 'dose-range']);
export type OrderAlertKind = z.infer<typeof orderAlertKind>;

/** Coded reasons for signing through an alert ("other" needs a comment). */
export const alertOverrideReason = z.enum([
  'tolerated-previously',
  'benefit-outweighs-risk',
  'will-monitor',
  'allergy-information-inaccurate',
  'replacing-existing-order',
  'other',
]);
export type AlertOverrideReason = z.infer<typeof alertOverrideReason>;

/** Why an order stopped before its end: a prescriber's decision or the patient leaving. */
export const discontinueCause = z.enum(['prescriber', 'patient-discharged']);
export type DiscontinueCause = z.infer<typeof discontinueCause>;

/** FHIR AllergyIntolerance.criticality. */
export const allergyCriticality = z.enum(['low', 'high', 'unable-to-assess']);
export type AllergyCriticality = z.infer<typeof allergyCriticality>;

/** Why an allergy leaves the list: FHIR verification "entered-in-error"/"refuted", clinical "resolved". */
export const allergyRemovalReason = z.enum(['entered-in-error', 'refuted', 'resolved']);
export type AllergyRemovalReason = z.infer<typeof allergyRemovalReason>;
