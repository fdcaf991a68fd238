import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { instant, isolationType } from './adt-codes.js';

const bed = { bedId: z.string(), unitId: z.string() };
const occupant = { encounterId: z.string(), patientId: z.string() };

export const bedCommissioned = defineEvent({
  type: 'adt.bed.commissioned',
  description: 'A bed was put into service in a room of a unit.',
  schema: z.object({ ...bed, roomId: z.string(), label: z.string().min(1), sharing: z.boolean() }),
});
export const bedReserved = defineEvent({
  type: 'adt.bed.reserved',
  description: 'A bed was held for an expected patient (pre-admission or a bed request).',
  schema: z.object({ ...bed, ...occupant, overrideReason: z.string().nullable() }),
});
export const bedReservationReleased = defineEvent({
  type: 'adt.bed.reservation-released',
  description: 'A held bed was let go before the patient arrived.',
  schema: z.object({ ...bed, encounterId: z.string() }),
});
export const bedOccupied = defineEvent({
  type: 'adt.bed.occupied',
  description: 'A patient arrived in the bed.',
  schema: z.object({ ...bed, ...occupant, at: instant }),
});
export const bedVacated = defineEvent({
  type: 'adt.bed.vacated',
  description: 'The patient left the bed; it needs cleaning, or is clean again when it was never used.',
  schema: z.object({ ...bed, ...occupant, at: instant, needsCleaning: z.boolean() }),
});
export const bedCleaningStarted = defineEvent({
  type: 'adt.bed.cleaning-started',
  description: 'Environmental services started cleaning the bed.',
  schema: z.object({ ...bed, at: instant }),
});
export const bedCleaned = defineEvent({
  type: 'adt.bed.cleaned',
  description: 'The bed is clean and can be assigned; turnaround split into wait and clean.',
  schema: z.object({ ...bed, at: instant, turnaroundMinutes: z.number(), waitMinutes: z.number(), cleanMinutes: z.number() }),
});
export const bedBlocked = defineEvent({
  type: 'adt.bed.blocked',
  description: 'The bed was taken out of service (maintenance, staffing, closure).',
  schema: z.object({ ...bed, reason: z.string().trim().min(1) }),
});
export const bedUnblocked = defineEvent({
  type: 'adt.bed.unblocked',
  description: 'The bed was returned to service.',
  schema: z.object({ ...bed }),
});
export const bedIsolationSet = defineEvent({
  type: 'adt.bed.isolation-set',
  description: 'The bed is under isolation precautions: only a patient needing the same isolation may share its room.',
  schema: z.object({ ...bed, isolation: isolationType }),
});
export const bedIsolationCleared = defineEvent({
  type: 'adt.bed.isolation-cleared',
  description: 'Isolation precautions for the bed ended.',
  schema: z.object({ ...bed }),
});

export const adtBedEvents = [
  bedCommissioned, bedReserved, bedReservationReleased, bedOccupied, bedVacated, bedCleaningStarted, bedCleaned,
  bedBlocked, bedUnblocked, bedIsolationSet, bedIsolationCleared,
];
