import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { instant } from './adt-codes.js';
import { allergyCriticality, allergyRemovalReason } from './orders-codes.js';

/** An ingredient or a drug class of the formulary ("amoxicillin", "penicillins"), or another coded substance. */
export const allergySubstance = z.object({ code: z.string().trim().min(1), display: z.string().trim().min(1) });
export type AllergySubstance = z.infer<typeof allergySubstance>;

export const allergyRecorded = defineEvent({
  type: 'orders.allergy.recorded',
  description: "An allergy or intolerance was added to the patient's list; order entry checks drugs against it.",
  schema: z.object({
    patientId: z.string(),
    allergyId: z.string(),
    substance: allergySubstance,
    reaction: z.string().trim().min(1).nullable(),
    criticality: allergyCriticality,
    recordedBy: z.string(),
    at: instant,
  }),
});
export const allergyRemoved = defineEvent({
  type: 'orders.allergy.removed',
  description: 'An allergy left the list: entered in error, refuted, or resolved.',
  schema: z.object({
    patientId: z.string(),
    allergyId: z.string(),
    reason: allergyRemovalReason,
    comment: z.string().trim().min(1).nullable(),
    by: z.string(),
    at: instant,
  }),
});

export const ordersAllergyEvents = [allergyRecorded, allergyRemoved];
