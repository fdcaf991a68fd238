import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { dischargeDisposition, instant } from './adt-codes.js';
import { admissionDecisionSource, arrivalMode, dangerZoneFinding, edDisposition, esiLevel, triageVitalSigns } from './ed-codes.js';

// Who did it travels in the envelope's actor; the data names only the people a step assigns.

export const edVisitArrived = defineEvent({
  type: 'ed.visit.arrived',
  description: 'A patient arrived in the ED (the earliest documented arrival); the patient was registered in ADT.',
  schema: z.object({ visitId: z.string(), patientId: z.string(), mode: arrivalMode, at: instant }),
});
/** Danger-zone vital signs found at triage and the nurse's answer to the "consider ESI 2" prompt (null: not prompted). */
const triageDangerZone = z.object({ findings: z.array(dangerZoneFinding).min(1), answer: z.enum(['accepted', 'declined']).nullable() }).nullable();

export const edVisitTriaged = defineEvent({
  type: 'ed.visit.triaged',
  description: 'The triage nurse gave an ESI level with the chief complaint and vital signs, and answered any danger-zone prompt.',
  schema: z.object({
    visitId: z.string(),
    esi: esiLevel,
    chiefComplaint: z.string().trim().min(1),
    vitals: triageVitalSigns,
    dangerZone: triageDangerZone,
    at: instant,
  }),
});
export const edVisitRetriaged = defineEvent({
  type: 'ed.visit.retriaged',
  description: 'The patient was triaged again because their condition changed: the new ESI level replaces the old one (`previousEsi`), with the reason.',
  schema: z.object({
    visitId: z.string(),
    esi: esiLevel,
    previousEsi: esiLevel,
    chiefComplaint: z.string().trim().min(1),
    vitals: triageVitalSigns,
    dangerZone: triageDangerZone,
    reason: z.string().trim().min(1),
    at: instant,
  }),
});
export const edVisitRoomed = defineEvent({
  type: 'ed.visit.roomed',
  description: 'The patient was placed in a treatment space (room, hallway bed).',
  schema: z.object({ visitId: z.string(), roomId: z.string(), at: instant }),
});
export const edVisitRoomReleased = defineEvent({
  type: 'ed.visit.room-released',
  description: 'The patient left the treatment space, which is free for the next patient.',
  schema: z.object({ visitId: z.string(), roomId: z.string(), at: instant }),
});
export const edVisitProviderAssigned = defineEvent({
  type: 'ed.visit.provider-assigned',
  description: 'A physician or advanced practice provider took the patient; the first one marks the door-to-provider time.',
  schema: z.object({ visitId: z.string(), providerId: z.string(), at: instant }),
});
export const edVisitNurseAssigned = defineEvent({
  type: 'ed.visit.nurse-assigned',
  description: 'A nurse took the patient.',
  schema: z.object({ visitId: z.string(), nurseId: z.string(), at: instant }),
});
export const edVisitResultsAwaited = defineEvent({
  type: 'ed.visit.results-awaited',
  description: 'The provider is waiting for test results before deciding.',
  schema: z.object({ visitId: z.string(), at: instant }),
});
export const edVisitResultsReturned = defineEvent({
  type: 'ed.visit.results-returned',
  description: 'The awaited results are back for the provider to review.',
  schema: z.object({ visitId: z.string(), at: instant }),
});
export const edVisitAdmissionDecided = defineEvent({
  type: 'ed.visit.admission-decided',
  description: 'A decision to admit was documented (admit order, disposition, bed request, accepting physician); the first one starts boarding.',
  schema: z.object({ visitId: z.string(), source: admissionDecisionSource, at: instant }),
});
export const edVisitDischargeDecided = defineEvent({
  type: 'ed.visit.discharge-decided',
  description: 'The provider decided to discharge the patient home or transfer them to another facility.',
  schema: z.object({
    visitId: z.string(),
    disposition: z.enum(['discharged', 'transferred']),
    dischargeStatus: dischargeDisposition,
    /** ICD-10-CM code of the ED diagnosis, when coded; it places the visit in the OP-18 mental health stratum. */
    diagnosisCode: z.string().regex(/^[A-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?$/, 'must be an ICD-10-CM code').nullable(),
    at: instant,
  }),
});
export const edVisitBedAssigned = defineEvent({
  type: 'ed.visit.bed-assigned',
  description: 'Bed placement assigned an inpatient bed to the boarding patient.',
  schema: z.object({ visitId: z.string(), bedId: z.string(), unitId: z.string(), at: instant }),
});
export const edVisitBedRequestCancelled = defineEvent({
  type: 'ed.visit.bed-request-cancelled',
  description: 'Bed placement cancelled the boarding patient’s bed request; a held bed was let go. A new decision to admit asks again.',
  schema: z.object({ visitId: z.string(), reason: z.string().trim().min(1), at: instant }),
});
export const edVisitDeparted = defineEvent({
  type: 'ed.visit.departed',
  description: 'The patient physically left the ED (or died there); the visit is closed with its disposition.',
  schema: z.object({ visitId: z.string(), disposition: edDisposition, dischargeStatus: dischargeDisposition, at: instant }),
});
export const edVisitDepartureCancelled = defineEvent({
  type: 'ed.visit.departure-cancelled',
  description: 'The departure was undone (e.g. the move to the unit was cancelled): the patient is back on the board.',
  schema: z.object({ visitId: z.string(), reason: z.string().trim().min(1), at: instant }),
});

export const edEvents = [
  edVisitArrived,
  edVisitTriaged,
  edVisitRetriaged,
  edVisitRoomed,
  edVisitRoomReleased,
  edVisitProviderAssigned,
  edVisitNurseAssigned,
  edVisitResultsAwaited,
  edVisitResultsReturned,
  edVisitAdmissionDecided,
  edVisitDischargeDecided,
  edVisitBedAssigned,
  edVisitBedRequestCancelled,
  edVisitDeparted,
  edVisitDepartureCancelled,
];
