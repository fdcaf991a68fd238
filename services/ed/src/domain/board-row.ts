import type { ArrivalMode, DangerZoneFinding, EdDisposition, EdStatus, EsiLevel } from '@ehr/contracts';
import { fold } from '@ehr/platform';
import { defaultEdThresholds, type EdThresholds, minutesBetween, type VisitTimers, visitTimers } from './timers.js';
import { statusOf, type VisitDecision, visitDecider, type VisitEvent, type VisitState } from './visit.decider.js';

export interface BoardRow {
  visitId: string;
  patientId: string;
  arrivedAt: string;
  arrivalMode: ArrivalMode;
  esi: EsiLevel | null;
  chiefComplaint: string | null;
  /** Danger-zone vital signs at triage, for the flag beside the ESI. */
  dangerZone: DangerZoneFinding[];
  roomId: string | null;
  status: EdStatus;
  providerId: string | null;
  nurseId: string | null;
  /** The disposition decided, or the one the visit closed with. */
  disposition: EdDisposition | null;
  /** The inpatient bed request of a boarding patient: open until bed placement assigns a bed, or cancelled by it. */
  bedRequest: { status: 'open' } | { status: 'assigned'; bedId: string; unitId: string } | { status: 'cancelled'; reason: string } | null;
  timers: VisitTimers;
  /** Departed visits leave the active board for the look-up view. */
  view: 'active' | 'look-up';
}

type ArrivedVisit = VisitState & { arrival: NonNullable<VisitState['arrival']> };

/** Whether a visit is on the board at `now`: active, or departed less than the look-up hours ago. */
export function isOnBoard(visit: VisitState, now: string, thresholds: EdThresholds = defaultEdThresholds): visit is ArrivedVisit {
  if (!visit.arrival) return false;
  return !visit.departure || minutesBetween(visit.departure.at, now) < thresholds.lookUpHours * 60;
}

/**
 * One visit's tracking-board row at `now`, projected from its events. Null before arrival and
 * once a departed visit has been on the look-up view for its configured hours.
 */
export function boardRow(events: readonly VisitEvent[], now: string, thresholds: EdThresholds = defaultEdThresholds): BoardRow | null {
  const visit = fold(visitDecider, events);
  return isOnBoard(visit, now, thresholds) ? boardRowOf(visit, now, thresholds) : null;
}

/** The row of an arrived visit from its folded state, as the read model keeps it. */
export function boardRowOf(visit: ArrivedVisit, now: string, thresholds: EdThresholds = defaultEdThresholds): BoardRow {
  const decision = visit.decision;
  return {
    visitId: visit.visitId,
    patientId: visit.patientId,
    arrivedAt: visit.arrival.at,
    arrivalMode: visit.arrival.mode,
    esi: visit.triage?.esi ?? null,
    chiefComplaint: visit.triage?.chiefComplaint ?? null,
    dangerZone: visit.triage?.dangerZone?.findings ?? [],
    roomId: visit.roomId,
    status: statusOf(visit),
    providerId: visit.providerId,
    nurseId: visit.nurseId,
    disposition: visit.departure?.disposition ?? (decision ? (decision.kind === 'admit' ? 'admitted' : decision.disposition) : null),
    bedRequest: decision?.kind !== 'admit' || visit.departure ? null : bedRequestOf(decision),
    timers: visitTimers(visit, now, thresholds),
    view: visit.departure ? 'look-up' : 'active',
  };
}

function bedRequestOf(decision: Extract<VisitDecision, { kind: 'admit' }>): BoardRow['bedRequest'] {
  if (decision.bed) return { status: 'assigned', bedId: decision.bed.bedId, unitId: decision.bed.unitId };
  if (decision.requestCancelled) return { status: 'cancelled', reason: decision.requestCancelled.reason };
  return { status: 'open' };
}
