import { z } from 'zod';

/** Why a dose was held back by the nurse (clinical judgement, parameters, procedures). */
export const doseHeldReason = z.enum(['parameter-not-met', 'npo', 'procedure-or-test', 'lab-value', 'adverse-effect', 'prescriber-instruction', 'other']);
export type DoseHeldReason = z.infer<typeof doseHeldReason>;

/** Why the patient declined a dose. */
export const doseRefusedReason = z.enum(['patient-refused', 'patient-refused-side-effects', 'patient-unable-to-swallow', 'other']);
export type DoseRefusedReason = z.infer<typeof doseRefusedReason>;

/** Why a dose could not be given for reasons outside the nurse's judgement. */
export const doseNotGivenReason = z.enum(['patient-off-unit', 'medication-unavailable', 'no-iv-access', 'patient-asleep', 'vomiting', 'other']);
export type DoseNotGivenReason = z.infer<typeof doseNotGivenReason>;

/** Why less than the ordered dose was given (the rest of the packages never opened, or part refused). */
export const partialDoseReason = z.enum(['medication-unavailable', 'patient-unable-to-take', 'patient-refused-part', 'vomiting', 'prescriber-instruction', 'other']);
export type PartialDoseReason = z.infer<typeof partialDoseReason>;

/** Why a STAT dose is given before pharmacist verification; pharmacy reviews it afterwards. */
export const verificationOverrideReason = z.enum(['life-threatening-emergency', 'delay-would-harm-patient', 'pharmacy-unavailable', 'other']);
export type VerificationOverrideReason = z.infer<typeof verificationOverrideReason>;

/** Why a wristband or package was entered by hand instead of scanned: reported, never hidden. */
export const manualEntryReason = z.enum(['wristband-unreadable', 'no-wristband', 'barcode-unreadable', 'no-barcode', 'scanner-unavailable', 'emergency', 'other']);
export type ManualEntryReason = z.infer<typeof manualEntryReason>;

/** Identifiers a nurse confirms against the chart when the wristband is not scanned (NPSG.01.01.01). */
export const patientIdentifier = z.enum(['name', 'date-of-birth', 'mrn']);
export type PatientIdentifier = z.infer<typeof patientIdentifier>;

/** Why a dose is given outside its timing window, or a PRN sooner than its interval. */
export const timingVarianceReason = z.enum(['patient-off-unit', 'delayed-by-procedure', 'prescriber-instruction', 'patient-request', 'clinical-need', 'other']);
export type TimingVarianceReason = z.infer<typeof timingVarianceReason>;

/** Why the MAR moved or dropped a dose it had scheduled. */
export const doseCancelledReason = z.enum(['order-discontinued', 'order-held', 'order-expired', 'order-completed', 'order-rejected']);
export type DoseCancelledReason = z.infer<typeof doseCancelledReason>;

/** Where a dose went in (injections, patches); oral doses have none. */
export const administrationSite = z.enum([
  'left-arm', 'right-arm', 'left-thigh', 'right-thigh', 'abdomen-left', 'abdomen-right', 'left-gluteal', 'right-gluteal',
  'left-deltoid', 'right-deltoid', 'chest', 'back', 'iv-line-peripheral', 'iv-line-central',
]);
export type AdministrationSite = z.infer<typeof administrationSite>;

/** How well a PRN dose worked, at reassessment. */
export const prnEffect = z.enum(['effective', 'partially-effective', 'not-effective']);
export type PrnEffect = z.infer<typeof prnEffect>;
