import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { instant, levelOfCare } from './adt-codes.js';
import {
  alertOverrideReason,
  controlledSchedule,
  dietType,
  discontinueCause,
  doseQuantity,
  imagingModality,
  medicationFrequency,
  medicationRoute,
  orderAlertKind,
  orderPriority,
  specimenType,
} from './orders-codes.js';

// Messages name what is wrong: order entry reports them with the field's name.
const text = z.string().trim().min(1, 'must not be empty');

/** The drug's safety flags travel with the order, so readers need no formulary of their own. */
export const medicationOrderDetails = z.object({
  kind: z.literal('medication'),
  drugId: z.string(),
  drugName: z.string(),
  dose: doseQuantity,
  route: medicationRoute,
  frequency: medicationFrequency,
  timeCritical: z.boolean(),
  highAlert: z.boolean(),
  controlledSchedule: controlledSchedule.nullable(),
  indication: text.nullable(),
  instructions: text.nullable(),
});
export const labOrderDetails = z.object({ kind: z.literal('lab'), loinc: z.string().regex(/^\d{1,7}-\d$/, 'must be a LOINC code such as 2345-7'), display: text, specimen: specimenType });
export const imagingOrderDetails = z.object({
  kind: z.literal('imaging'),
  modality: imagingModality,
  study: text,
  bodySite: text,
  reason: text,
  contrast: z.boolean(),
});
export const dietOrderDetails = z.object({ kind: z.literal('diet'), diet: dietType, fluidRestrictionMl: z.int('must be a whole number of mL').positive('must be more than zero').nullable(), instructions: text.nullable() });
export const nursingOrderDetails = z.object({ kind: z.literal('nursing'), instruction: text });

export const orderDetails = z.discriminatedUnion('kind', [medicationOrderDetails, labOrderDetails, imagingOrderDetails, dietOrderDetails, nursingOrderDetails]);
export type OrderDetails = z.infer<typeof orderDetails>;
export type MedicationOrderDetails = z.infer<typeof medicationOrderDetails>;

export const orderAlert = z.object({ kind: orderAlertKind, key: z.string(), message: text });
export type OrderAlert = z.infer<typeof orderAlert>;

export const orderPlaced = defineEvent({
  type: 'orders.order.placed',
  description: 'A prescriber signed an order; a medication order waits for pharmacist verification before it may be given.',
  schema: z.object({
    orderId: z.string(),
    patientId: z.string(),
    encounterId: z.string(),
    orderedBy: z.string(),
    placedAt: instant,
    priority: orderPriority,
    start: instant,
    stop: instant.nullable(),
    details: orderDetails,
  }),
});
export const orderAlertOverridden = defineEvent({
  type: 'orders.order.alert-overridden',
  description: 'The prescriber signed through an order-entry alert (allergy, duplicate therapy) with a coded reason.',
  schema: z.object({ orderId: z.string(), alert: orderAlert, reason: alertOverrideReason, comment: text.nullable(), by: z.string(), at: instant }),
});
export const orderVerified = defineEvent({
  type: 'orders.order.verified',
  description: 'A pharmacist verified the medication order; its doses may now be given.',
  schema: z.object({ orderId: z.string(), by: z.string(), at: instant }),
});
export const orderRejected = defineEvent({
  type: 'orders.order.rejected',
  description: 'A pharmacist rejected the medication order at verification; it will never be given.',
  schema: z.object({ orderId: z.string(), by: z.string(), at: instant, reason: text }),
});
export const orderHeld = defineEvent({
  type: 'orders.order.held',
  description: 'The order is on hold from `at`: no dose is due or given until it is resumed.',
  schema: z.object({ orderId: z.string(), by: z.string(), at: instant, reason: text }),
});
export const orderResumed = defineEvent({
  type: 'orders.order.resumed',
  description: 'The hold ended at `at`; doses are due again from then on.',
  schema: z.object({ orderId: z.string(), by: z.string(), at: instant }),
});
export const orderDiscontinued = defineEvent({
  type: 'orders.order.discontinued',
  description: 'The order was stopped before its end, by a prescriber or because the patient was discharged (`by` is null then).',
  schema: z.object({ orderId: z.string(), cause: discontinueCause, by: z.string().nullable(), at: instant, reason: text }),
});
export const orderReinstated = defineEvent({
  type: 'orders.order.reinstated',
  description: 'The discharge that stopped the order was cancelled: it runs again from `at`, back to `status` (active, or on hold as it was), and a prescriber must review it.',
  schema: z.object({ orderId: z.string(), status: z.enum(['active', 'on-hold']), reason: text, at: instant }),
});
export const orderCompleted = defineEvent({
  type: 'orders.order.completed',
  description: 'Everything the order asked for was done (a one-time dose given, a specimen collected, a study performed).',
  schema: z.object({ orderId: z.string(), by: z.string(), at: instant }),
});
export const orderExpired = defineEvent({
  type: 'orders.order.expired',
  description: 'The order reached its stop time.',
  schema: z.object({ orderId: z.string(), at: instant }),
});
export const orderFlaggedForReview = defineEvent({
  type: 'orders.order.flagged-for-review',
  description: 'The patient moved between levels of care; a prescriber must review the order.',
  schema: z.object({ orderId: z.string(), from: levelOfCare, to: levelOfCare, at: instant }),
});
export const orderMissedDoseReported = defineEvent({
  type: 'orders.order.missed-dose-reported',
  description: 'A time-critical dose of the order was held, refused or not given at the bedside; the prescriber is notified to review the order.',
  schema: z.object({ orderId: z.string(), doseId: z.string(), outcome: z.enum(['held', 'refused', 'not-given']), reason: text, by: z.string(), at: instant }),
});
export const orderReviewed = defineEvent({
  type: 'orders.order.reviewed',
  description: 'A prescriber reviewed the order (after a change in level of care, its reinstatement after a cancelled discharge, or a time-critical dose not given) and kept it.',
  schema: z.object({ orderId: z.string(), by: z.string(), at: instant }),
});
export const orderRetrospectiveReviewRequested = defineEvent({
  type: 'orders.order.retrospective-review-requested',
  description: 'A dose was given with an override before pharmacist verification; a pharmacist must review it.',
  schema: z.object({ orderId: z.string(), administeredBy: z.string(), at: instant, reason: text }),
});

export const ordersOrderEvents = [
  orderPlaced, orderAlertOverridden, orderVerified, orderRejected, orderHeld, orderResumed, orderDiscontinued, orderReinstated,
  orderCompleted, orderExpired, orderFlaggedForReview, orderMissedDoseReported, orderReviewed, orderRetrospectiveReviewRequested,
];
