import { z } from 'zod';
import { instant } from './adt-codes.js';
import { doseQuantity, medicationRoute } from './orders-codes.js';
import {
  administrationSite,
  doseCancelledReason,
  doseHeldReason,
  doseNotGivenReason,
  doseRefusedReason,
  manualEntryReason,
  partialDoseReason,
  verificationOverrideReason,
  patientIdentifier,
  prnEffect,
  timingVarianceReason,
} from './mar-codes.js';
import { defineEvent } from '../registry.js';

const text = z.string().trim().min(1, 'must not be empty');
const comment = text.nullable();

/** How an identity was established: scanned, or typed in with a reason the scan-failure report shows. */
const scanMethod = z.discriminatedUnion('method', [
  z.object({ method: z.literal('scanned') }),
  z.object({ method: z.literal('manual'), reason: manualEntryReason, comment }),
]);

/** Outside the ISMP window, or a PRN before its minimum interval: how far, and why. */
const timingVariance = z.object({ minutes: z.int(), reason: timingVarianceReason, comment }).nullable();

/** A STAT dose scanned before pharmacist verification: why it could not wait. */
const verificationOverride = z.object({ reason: verificationOverrideReason, comment }).nullable();

/** A controlled substance drawn from a larger package: the rest destroyed before a witness. */
const waste = z.object({ amount: doseQuantity, witnessedBy: z.string() }).nullable();

const administration = {
  doseId: z.string(),
  entryId: z.string(),
  orderId: z.string(),
  patientId: z.string(),
  amount: doseQuantity,
  route: medicationRoute,
  site: administrationSite.nullable(),
  by: z.string(),
  at: instant,
  /** The independent second nurse of a high-alert double check (FHIR performer.function "verifier"). */
  verifiedBy: z.string().nullable(),
  waste,
  timingVariance,
  /** How many packages of the scanned product the dose came from; null on entries from before it was recorded. */
  packages: z.int().min(1).nullable(),
  /** Less than the ordered dose was given: what was ordered, and why only part. */
  partialDose: z.object({ ordered: doseQuantity, reason: partialDoseReason, comment }).nullable(),
  /** Given before pharmacist verification (a STAT order); pharmacy reviews it afterwards. */
  verificationOverride,
};

/** Version 1 administrations knew neither package counts, partial doses nor overrides: each was a full dose of a verified order. */
const administrationUpcasters = [{ fromVersion: 1, up: (data: unknown) => ({ packages: null, partialDose: null, verificationOverride: null, ...(data as object) }) }];

const notAdministered = { doseId: z.string(), entryId: z.string(), orderId: z.string(), patientId: z.string(), comment, by: z.string(), at: instant };

export const doseScheduled = defineEvent({
  type: 'mar.dose.scheduled',
  description: 'A dose of a verified order falls due at `dueAt` (UTC); its ISMP window is measured from then.',
  schema: z.object({ doseId: z.string(), orderId: z.string(), patientId: z.string(), encounterId: z.string(), dueAt: instant, timeCritical: z.boolean() }),
});
export const doseRescheduled = defineEvent({
  type: 'mar.dose.rescheduled',
  description: 'A nurse or pharmacist moved a scheduled dose to a new due time, with a reason.',
  schema: z.object({ doseId: z.string(), orderId: z.string(), from: instant, dueAt: instant, reason: timingVarianceReason, comment, by: z.string(), at: instant }),
});
export const doseCancelled = defineEvent({
  type: 'mar.dose.cancelled',
  description: 'The order changed (discontinued, held, expired...) so this scheduled dose is no longer due; it is not a missed dose.',
  schema: z.object({ doseId: z.string(), orderId: z.string(), reason: doseCancelledReason, at: instant }),
});
export const doseRestored = defineEvent({
  type: 'mar.dose.restored',
  description: 'A dose taken off the MAR is due again: the order that stopped it was reinstated (a cancelled discharge).',
  schema: z.object({ doseId: z.string(), orderId: z.string(), reason: text, at: instant }),
});
export const wristbandVerified = defineEvent({
  type: 'mar.wristband.verified',
  description: "The patient's identity was confirmed at the bedside for this dose, by wristband scan or by hand with a reason.",
  schema: z.object({
    doseId: z.string(),
    orderId: z.string(),
    patientId: z.string(),
    identification: scanMethod,
    /** Two identifiers the nurse checked when the wristband was not scanned. */
    identifiersConfirmed: z.array(patientIdentifier),
    by: z.string(),
    at: instant,
  }),
});
export const productVerified = defineEvent({
  type: 'mar.product.verified',
  description: 'The package in hand was matched to the order (right drug), by barcode scan or by hand with a reason.',
  schemaVersion: 2,
  /** Version 1 scans knew no overrides: every one was of a verified order. */
  upcasters: [{ fromVersion: 1, up: (data: unknown) => ({ verificationOverride: null, ...(data as object) }) }],
  schema: z.object({
    doseId: z.string(),
    orderId: z.string(),
    drugId: z.string(),
    identification: scanMethod,
    gtin: z.string().nullable(),
    ndc11: z.string().nullable(),
    lot: z.string().nullable(),
    expiry: z.iso.date().nullable(),
    serial: z.string().nullable(),
    /** How much of the ordered measure one package holds (2 mg in a 1 mL cartridge). */
    packageAmount: doseQuantity,
    /** Scanned for a STAT order pharmacy has not verified yet, with the nurse's reason. */
    verificationOverride,
    by: z.string(),
    at: instant,
  }),
});
export const doseGiven = defineEvent({
  type: 'mar.dose.given',
  description: 'A scheduled dose was given (FHIR MedicationAdministration status completed); a partial dose says why.',
  schemaVersion: 2,
  upcasters: administrationUpcasters,
  schema: z.object(administration),
});
export const prnDoseGiven = defineEvent({
  type: 'mar.prn-dose.given',
  description: 'An as-needed dose was given for its indication; its effect is to be reassessed by `reassessmentDueAt`.',
  schemaVersion: 2,
  upcasters: administrationUpcasters,
  schema: z.object({ ...administration, indication: text, painScore: z.int().min(0).max(10).nullable(), reassessmentDueAt: instant }),
});
export const prnDoseReassessed = defineEvent({
  type: 'mar.prn-dose.reassessed',
  description: 'The effect of an as-needed dose was reassessed.',
  schema: z.object({ doseId: z.string(), orderId: z.string(), effect: prnEffect, painScore: z.int().min(0).max(10).nullable(), comment, by: z.string(), at: instant }),
});
export const doseHeld = defineEvent({
  type: 'mar.dose.held',
  description: 'The nurse held the dose (not-done, statusReason held); the slot is closed, not missed.',
  schema: z.object({ ...notAdministered, reason: doseHeldReason }),
});
export const doseRefused = defineEvent({
  type: 'mar.dose.refused',
  description: 'The patient refused the dose (not-done, statusReason refused); the slot is closed.',
  schema: z.object({ ...notAdministered, reason: doseRefusedReason }),
});
export const doseNotGiven = defineEvent({
  type: 'mar.dose.not-given',
  description: 'The dose could not be given (patient off unit, drug unavailable...); the slot is closed.',
  schema: z.object({ ...notAdministered, reason: doseNotGivenReason }),
});
export const doseDocumentedInError = defineEvent({
  type: 'mar.dose.documented-in-error',
  description: 'A documentation entry was wrong (entered-in-error); it stays in the history, struck through, and a scheduled slot reopens.',
  schema: z.object({ doseId: z.string(), entryId: z.string(), orderId: z.string(), reason: text, by: z.string(), at: instant }),
});
export const doseAmended = defineEvent({
  type: 'mar.dose.amended',
  description: 'Details of a "given" entry were corrected (amount, site, time given); the original values stay in the history.',
  schema: z.object({
    doseId: z.string(),
    entryId: z.string(),
    orderId: z.string(),
    amount: doseQuantity.nullable(),
    site: administrationSite.nullable(),
    givenAt: instant.nullable(),
    reason: text,
    by: z.string(),
    at: instant,
  }),
});

export const marEvents = [
  doseScheduled, doseRescheduled, doseCancelled, doseRestored, wristbandVerified, productVerified, doseGiven, prnDoseGiven, prnDoseReassessed,
  doseHeld, doseRefused, doseNotGiven, doseDocumentedInError, doseAmended,
];
