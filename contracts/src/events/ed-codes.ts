import { z } from 'zod';
import type { DischargeDisposition } from './adt-codes.js';

/** Emergency Severity Index: 1 is the most urgent. */
export const esiLevel = z.literal([1, 2, 3, 4, 5]);
export type EsiLevel = z.infer<typeof esiLevel>;

export const arrivalMode = z.enum(['walk-in', 'ambulance', 'transfer']);
export type ArrivalMode = z.infer<typeof arrivalMode>;

/** Where a visit stands on the tracking board; derived from what has happened, never set directly. */
export const edStatus = z.enum(['waiting', 'triaged', 'roomed', 'seen-by-provider', 'results-pending', 'disposition-decided', 'boarding', 'departed']);
export type EdStatus = z.infer<typeof edStatus>;

/** How an ED visit ended. LWBS: left before a physician, APN or PA evaluated the patient. */
export const edDisposition = z.enum(['admitted', 'discharged', 'transferred', 'lwbs', 'ama', 'expired']);
export type EdDisposition = z.infer<typeof edDisposition>;

/**
 * Documentation that counts as the decision to admit (ED-2): not the bed assignment, not the
 * report call. A visit may have several; which one a measure uses depends on its version.
 */
export const admissionDecisionSource = z.enum(['admit-order', 'disposition', 'bed-request', 'accepting-physician']);
export type AdmissionDecisionSource = z.infer<typeof admissionDecisionSource>;

/** UB-04 discharge statuses a discharge home (or to the community) may carry. */
export const edDischargeHomeStatuses = ['01', '06', '21', '50'] as const satisfies readonly DischargeDisposition[];
/** UB-04 discharge statuses of a transfer to another facility. */
export const edTransferStatuses = ['02', '03', '04', '05', '43', '51', '61', '62', '63', '64', '65', '66', '70'] as const satisfies readonly DischargeDisposition[];
/** Transfers to another acute care hospital: the OP-18 transfer stratum. */
export const acuteHospitalTransferStatuses = ['02', '05', '43', '66'] as const satisfies readonly DischargeDisposition[];

/** The UB-04 status implied by the dispositions that admit no choice of destination. */
export const edImpliedDischargeStatus = { admitted: '09', ama: '07', expired: '20', lwbs: '07' } as const satisfies Record<'admitted' | 'ama' | 'expired' | 'lwbs', DischargeDisposition>;

/**
 * UB-04 has no LWBS code (claims use 07, "left against medical advice or discontinued care"),
 * so the HL7 feed sends this local value of user-defined table 0112 in PV1-36 to keep LWBS
 * apart from AMA for receivers that count them.
 */
export const lwbsLocalDischargeCode = 'LWB';

/** The PV1-36 value for an ED departure. */
export const pv1DischargeDisposition = (disposition: EdDisposition, dischargeStatus: DischargeDisposition): string =>
  disposition === 'lwbs' ? lwbsLocalDischargeCode : dischargeStatus;

/** Triage vital signs; null when not taken. Bounds reject typing errors, not sick patients. */
export const triageVitalSigns = z.object({
  heartRate: z.int().min(0).max(350).nullable(),
  respiratoryRate: z.int().min(0).max(120).nullable(),
  oxygenSaturation: z.number().min(0).max(100).nullable(),
  systolicPressure: z.int().min(0).max(350).nullable(),
  diastolicPressure: z.int().min(0).max(250).nullable(),
  temperatureCelsius: z.number().min(25).max(45).nullable(),
  painScore: z.int().min(0).max(10).nullable(),
});
export type TriageVitalSigns = z.infer<typeof triageVitalSigns>;

/** A vital sign in the ESI danger zone, with the limit it crossed for the patient's age. */
export const dangerZoneFinding = z.object({
  sign: z.enum(['heart-rate', 'respiratory-rate', 'oxygen-saturation']),
  value: z.number(),
  limit: z.number(),
});
export type DangerZoneFinding = z.infer<typeof dangerZoneFinding>;
