import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { instant, isolationType } from './adt-codes.js';

export const bedRequestOpened = defineEvent({
  type: 'adt.bed-request.opened',
  description: 'A bed was asked for a patient (an ED admission decision, a transfer, a planned admission).',
  schema: z.object({
    requestId: z.string(),
    patientId: z.string(),
    encounterId: z.string(),
    unitId: z.string().nullable(),
    isolationNeeded: isolationType.nullable(),
    reason: z.string().trim().min(1),
    at: instant,
  }),
});
export const bedRequestAssigned = defineEvent({
  type: 'adt.bed-request.assigned',
  description: 'Bed placement chose a bed for the request; the bed is held for the patient.',
  schema: z.object({ requestId: z.string(), bedId: z.string(), unitId: z.string(), at: instant }),
});
export const bedRequestCancelled = defineEvent({
  type: 'adt.bed-request.cancelled',
  description: 'The bed is no longer needed; a held bed is let go.',
  schema: z.object({ requestId: z.string(), reason: z.string().trim().min(1), at: instant }),
});

export const bedRequestReopened = defineEvent({
  type: 'adt.bed-request.reopened',
  description: 'The admission that filled the request was cancelled: the patient needs a bed again and is back in the queue.',
  schema: z.object({ requestId: z.string(), reason: z.string().trim().min(1), at: instant }),
});

export const adtBedRequestEvents = [bedRequestOpened, bedRequestAssigned, bedRequestCancelled, bedRequestReopened];
