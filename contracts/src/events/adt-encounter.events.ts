import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { dischargeDisposition, encounterClass, instant } from './adt-codes.js';

const location = { bedId: z.string(), unitId: z.string() };

export const encounterPreadmitted = defineEvent({
  type: 'adt.encounter.preadmitted',
  description: 'A future admission was registered, optionally with a reserved bed (HL7 A05).',
  schema: z.object({ encounterId: z.string(), patientId: z.string(), class: encounterClass, expectedAt: instant, bed: z.object(location).nullable() }),
});
export const encounterPreadmitCancelled = defineEvent({
  type: 'adt.encounter.preadmit-cancelled',
  description: 'The planned admission will not happen (HL7 A38).',
  schema: z.object({ encounterId: z.string(), reason: z.string().trim().min(1) }),
});
export const encounterAdmitted = defineEvent({
  type: 'adt.encounter.admitted',
  description: 'The patient was admitted into a bed (HL7 A01; emergency class A04).',
  schema: z.object({ encounterId: z.string(), patientId: z.string(), class: encounterClass, ...location, at: instant }),
});
export const encounterAdmitCancelled = defineEvent({
  type: 'adt.encounter.admit-cancelled',
  description: 'The admission was cancelled (HL7 A11): it should not have happened.',
  schema: z.object({ encounterId: z.string(), ...location, reason: z.string().trim().min(1), patientArrived: z.boolean() }),
});
export const encounterTransferred = defineEvent({
  type: 'adt.encounter.transferred',
  description: 'The patient moved to another bed (HL7 A02); `at` is when the move took effect. With `swappedWith`, two patients exchanged beds in one step (HL7 A17): that encounter moved into this one\'s bed.',
  schema: z.object({ encounterId: z.string(), from: z.object(location), to: z.object(location), at: instant, swappedWith: z.string().optional() }),
});
export const encounterTransferCancelled = defineEvent({
  type: 'adt.encounter.transfer-cancelled',
  description: 'The last transfer was entered in error and is undone (HL7 A12): the patient is back in the earlier bed.',
  schema: z.object({ encounterId: z.string(), from: z.object(location), backTo: z.object(location), transferAt: instant, reason: z.string().trim().min(1) }),
});
export const encounterLeaveStarted = defineEvent({
  type: 'adt.encounter.leave-started',
  description: 'The patient left on a leave of absence; the bed stays held (HL7 A21).',
  schema: z.object({ encounterId: z.string(), at: instant, expectedReturnAt: instant.nullable() }),
});
export const encounterLeaveEnded = defineEvent({
  type: 'adt.encounter.leave-ended',
  description: 'The patient returned from a leave of absence (HL7 A22).',
  schema: z.object({ encounterId: z.string(), at: instant }),
});
export const encounterDischarged = defineEvent({
  type: 'adt.encounter.discharged',
  description: 'The patient was discharged with a disposition (HL7 A03).',
  schema: z.object({ encounterId: z.string(), ...location, disposition: dischargeDisposition, at: instant }),
});
export const encounterDischargeCancelled = defineEvent({
  type: 'adt.encounter.discharge-cancelled',
  description: 'The discharge was undone (HL7 A13); the patient is in `bed`, which may differ from the bed before discharge.',
  schema: z.object({ encounterId: z.string(), ...location, previousBed: z.object(location), reason: z.string().trim().min(1) }),
});
export const encounterClassChanged = defineEvent({
  type: 'adt.encounter.class-changed',
  description: 'The patient class changed, e.g. observation to inpatient (HL7 A06/A07).',
  schema: z.object({ encounterId: z.string(), from: encounterClass, to: encounterClass, at: instant }),
});

export const adtEncounterEvents = [
  encounterPreadmitted, encounterPreadmitCancelled, encounterAdmitted, encounterAdmitCancelled, encounterTransferred,
  encounterTransferCancelled, encounterLeaveStarted, encounterLeaveEnded, encounterDischarged, encounterDischargeCancelled,
  encounterClassChanged,
];
