import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { calendarDate, dischargeDisposition, instant } from './adt-codes.js';
import {
  accountClass,
  adjustmentGroup,
  admissionPriority,
  billHoldReason,
  cents,
  chargeSource,
  claimFilingIndicator,
  claimFrequency,
  coverageRank,
  hcpcsCode,
  icd10cm,
  icd10pcs,
  individualRelationship,
  poaIndicator,
  pointOfOrigin,
  revenueCode,
} from './revenue-codes.js';

const text = z.string().trim().min(1, 'must not be empty');
const admission = z.object({ at: instant, priority: admissionPriority, pointOfOrigin });

/** The lines of a charge or a reversal: a reversal copies the original with negative quantity and amount. */
const chargeLine = {
  accountId: z.string(),
  chargeId: z.string(),
  chargeCode: z.string(),
  description: text,
  revenueCode,
  hcpcs: hcpcsCode.nullable(),
  modifiers: z.array(z.string().regex(/^[0-9A-Z]{2}$/)).max(4),
  serviceDate: calendarDate,
  quantity: z.int(),
  unitPriceCents: cents,
  amountCents: cents,
  source: chargeSource,
  postedAt: instant,
};

export const accountOpened = defineEvent({
  type: 'revenue.account.opened',
  description: 'A hospital account was opened for an encounter; its id is the claim patient control number (CLM01).',
  schema: z.object({ accountId: z.string().max(20), patientId: z.string(), encounterId: z.string(), accountClass, at: instant }),
});
export const accountAdmitted = defineEvent({
  type: 'revenue.account.admitted',
  description: 'The patient was admitted as an inpatient on this account; earlier ED or observation charges stay on it.',
  schema: z.object({ accountId: z.string(), encounterId: z.string(), from: accountClass, admission }),
});
export const accountChangedToOutpatient = defineEvent({
  type: 'revenue.account.changed-to-outpatient',
  description: 'Before discharge the inpatient admission was changed to outpatient observation (utilization review with the physician): the claim is 013x with condition code 44.',
  schema: z.object({ accountId: z.string(), encounterId: z.string(), at: instant }),
});
const postalAddress = z.object({ line: z.array(z.string()), city: z.string(), state: z.string(), postalCode: z.string() });
/** A person named on a coverage or as guarantor who is not the patient, as the card or the registrar has them. */
const insuredPerson = z.object({ familyName: text, givenName: text, birthDate: calendarDate, sex: z.enum(['F', 'M', 'U']), address: postalAddress.nullable() });
export const coverageRecorded = defineEvent({
  type: 'revenue.account.coverage-recorded',
  description: 'A payer covers the account at a rank (primary, secondary, tertiary); a later record at the same rank replaces it.',
  schemaVersion: 2,
  // Version 1 named the payer and member only: the patient was the subscriber and eligibility was not recorded.
  upcasters: [{ fromVersion: 1, up: (data: unknown) => ({ planName: null, groupNumber: null, relationship: '18', subscriber: null, effectiveFrom: null, effectiveThrough: null, ...(data as object) }) }],
  schema: z.object({
    accountId: z.string(),
    rank: coverageRank,
    payerId: z.string(),
    payerName: text,
    filingIndicator: claimFilingIndicator,
    memberId: text,
    /** The payer's contract wants the MS-DRG on the claim (HI*DR). */
    wantsDrg: z.boolean(),
    planName: text.nullable(),
    /** The group or policy number on the card (SBR03). */
    groupNumber: text.nullable(),
    /** The subscriber's relationship to the patient: 18 self, else the 2000C patient loop carries it. */
    relationship: individualRelationship,
    /** The subscriber when not the patient (relationship other than 18); null when self. */
    subscriber: insuredPerson.nullable(),
    /** Eligibility as verified with the payer: the first and last day covered; null when not recorded or open-ended. */
    effectiveFrom: calendarDate.nullable(),
    effectiveThrough: calendarDate.nullable(),
  }),
});
export const guarantorRecorded = defineEvent({
  type: 'revenue.account.guarantor-recorded',
  description: 'The person who answers for what the payers leave to the patient (statements, self-pay); a later record replaces it.',
  schema: z.object({
    accountId: z.string(),
    relationship: individualRelationship,
    /** Null when the patient is their own guarantor (relationship 18). */
    guarantor: insuredPerson.extend({ phone: text.nullable() }).nullable(),
    at: instant,
  }),
});
export const accountDischarged = defineEvent({
  type: 'revenue.account.discharged',
  description: 'The encounter ended; the account waits out its suspense days before it may bill.',
  schema: z.object({ accountId: z.string(), at: instant, dischargeStatus: dischargeDisposition }),
});
export const accountDischargeCancelled = defineEvent({
  type: 'revenue.account.discharge-cancelled',
  description: 'ADT cancelled the discharge: the patient is in house again and the account may not bill until the next discharge.',
  schema: z.object({ accountId: z.string(), reason: text, at: instant }),
});
export const chargePosted = defineEvent({
  type: 'revenue.charge.posted',
  description: 'A charge was posted to the account from a chargemaster row; `late` when a claim had already gone.',
  schema: z.object({ ...chargeLine, late: z.boolean() }),
});
export const chargeReversed = defineEvent({
  type: 'revenue.charge.reversed',
  description: 'A posted charge was reversed by a linked negative line because its source was corrected or cancelled.',
  schema: z.object({ ...chargeLine, reversesChargeId: z.string(), reason: text, late: z.boolean() }),
});
export const accountCoded = defineEvent({
  type: 'revenue.account.coded',
  description: 'HIM coding was completed (or corrected): diagnoses with POA, procedures with dates, and the grouper result.',
  schema: z.object({
    accountId: z.string(),
    principalDiagnosis: z.object({ code: icd10cm, poa: poaIndicator.nullable() }),
    admittingDiagnosis: icd10cm.nullable(),
    otherDiagnoses: z.array(z.object({ code: icd10cm, poa: poaIndicator.nullable() })),
    procedures: z.array(z.object({ code: icd10pcs, date: calendarDate })),
    drg: z.object({ msDrg: z.string().regex(/^\d{3}$/), grouperVersion: z.string() }).nullable(),
    by: z.string(),
    at: instant,
  }),
});
export const billHoldPlaced = defineEvent({
  type: 'revenue.account.bill-hold-placed',
  description: 'The account may not bill until the hold is released.',
  schema: z.object({ accountId: z.string(), reason: billHoldReason, note: text, at: instant }),
});
export const billHoldReleased = defineEvent({
  type: 'revenue.account.bill-hold-released',
  description: 'A bill hold was lifted.',
  schema: z.object({ accountId: z.string(), reason: billHoldReason, at: instant }),
});
export const claimEditsFailed = defineEvent({
  type: 'revenue.claim.edits-failed',
  description: 'The scrubber stopped the claim; nothing was sent and the account sits in the claim-edit queue.',
  schema: z.object({ accountId: z.string(), edits: z.array(z.object({ code: z.string(), message: text })).min(1), at: instant }),
});
export const claimCreated = defineEvent({
  type: 'revenue.claim.created',
  description: 'A claim version was frozen from the account and released to the payer (original, interim, replacement or void).',
  schemaVersion: 2,
  // Version 1 claims billed the whole stay: their statement period is the account's.
  upcasters: [{ fromVersion: 1, up: (data: unknown) => ({ statementPeriod: null, ...(data as object) }) }],
  schema: z.object({
    accountId: z.string(),
    claimId: z.string(),
    version: z.int().positive(),
    frequency: claimFrequency,
    typeOfBill: z.string().regex(/^0\d{3}$/),
    payerId: z.string(),
    totalCents: cents,
    chargeIds: z.array(z.string()),
    /** The payer's claim number of the claim being replaced or voided (REF*F8). */
    originalPayerClaimNumber: z.string().nullable(),
    conditionCodes: z.array(z.string().regex(/^[0-9A-Z]{2}$/)),
    /** An interim bill's own days (FL6); null: the stay from admission (or the first charge) to discharge. */
    statementPeriod: z.object({ from: calendarDate, through: calendarDate }).nullable(),
    at: instant,
  }),
});
export const claimRejected = defineEvent({
  type: 'revenue.claim.rejected',
  description: 'A 277CA rejected the claim before adjudication (A3, A6, A7, A8); it is fixed and sent again as a new original.',
  schema: z.object({ accountId: z.string(), claimId: z.string(), category: z.enum(['A3', 'A6', 'A7', 'A8']), statusCode: z.string(), at: instant }),
});
export const remittancePosted = defineEvent({
  type: 'revenue.remittance.posted',
  description: 'One 835 claim payment (CLP) was posted: payment, adjustments by group and CARC, and patient responsibility.',
  schema: z.object({
    accountId: z.string(),
    claimStatus: z.string().regex(/^\d{1,2}$/),
    payerClaimNumber: text,
    chargeCents: cents,
    paidCents: cents,
    patientResponsibilityCents: cents,
    adjustments: z.array(z.object({ group: adjustmentGroup, carc: z.string(), amountCents: cents })),
    remarkCodes: z.array(z.string()),
    remitDate: calendarDate,
  }),
});
export const patientResponsibilityTransferred = defineEvent({
  type: 'revenue.account.balance-transferred',
  description: 'Patient responsibility moved from the paying payer to the next payer or to self-pay.',
  schema: z.object({ accountId: z.string(), amountCents: cents, to: z.union([coverageRank, z.literal('self-pay')]), remitDate: calendarDate }),
});
export const denialRecorded = defineEvent({
  type: 'revenue.denial.recorded',
  description: 'The payer denied the claim; no write-off is taken and the account goes to the denial queue of its category.',
  schema: z.object({ accountId: z.string(), payerClaimNumber: text, carc: z.string(), rarcs: z.array(z.string()), amountCents: cents, category: text, remitDate: calendarDate }),
});

export const accountAssigned = defineEvent({
  type: 'revenue.account.assigned',
  description: 'A biller took the account (or handed it to a colleague) to work it in its queue.',
  schema: z.object({ accountId: z.string(), owner: text, by: z.string(), at: instant }),
});

export const attendingRecorded = defineEvent({
  type: 'revenue.account.attending-recorded',
  description: 'ADT named the attending physician of an encounter on the account (at admission, or when care passed on): the claim names them in loop 2310A.',
  schema: z.object({
    accountId: z.string(),
    encounterId: z.string(),
    attending: z.object({ npi: z.string().regex(/^[12]\d{9}$/), familyName: text, givenName: text, taxonomy: z.string().regex(/^[0-9A-Z]{9}X$/) }),
    at: instant,
  }),
});
export const admissionCancelled = defineEvent({
  type: 'revenue.account.admission-cancelled',
  description: 'ADT cancelled the admission (it should not have happened): every charge it caused was reversed, and an account with no other encounter bills nothing.',
  schema: z.object({ accountId: z.string(), encounterId: z.string(), reason: text, at: instant }),
});
export const chargeHeld = defineEvent({
  type: 'revenue.charge.held',
  description: 'A charge could not be priced or placed automatically (no chargemaster row that day, a cancelled admission): it waits on the charge-review queue, never lost.',
  schema: z.object({
    accountId: z.string(),
    holdId: z.string(),
    chargeCode: z.string(),
    serviceDate: calendarDate,
    quantity: z.int(),
    source: chargeSource,
    problem: z.string().regex(/^[A-Z_]+$/),
    reason: text,
    at: instant,
  }),
});
export const chargeHoldReleased = defineEvent({
  type: 'revenue.charge.hold-released',
  description: 'A held charge left the charge-review queue: posted once it could be priced, withdrawn when its source was corrected, or discarded by a biller with a reason.',
  schema: z.object({ accountId: z.string(), holdId: z.string(), outcome: z.enum(['posted', 'withdrawn', 'discarded']), note: text, by: z.string(), at: instant }),
});

export const revenueEvents = [
  accountOpened,
  accountAdmitted,
  accountChangedToOutpatient,
  coverageRecorded,
  guarantorRecorded,
  accountDischarged,
  accountDischargeCancelled,
  chargePosted,
  chargeReversed,
  accountCoded,
  billHoldPlaced,
  billHoldReleased,
  claimEditsFailed,
  claimCreated,
  claimRejected,
  remittancePosted,
  patientResponsibilityTransferred,
  denialRecorded,
  accountAssigned,
  attendingRecorded,
  admissionCancelled,
  chargeHeld,
  chargeHoldReleased,
];
