import { type BoardRow, boardRowOf } from '../domain/board-row.js';
import type { EdThresholds, Threshold, TimerState } from '../domain/timers.js';
import type { VisitState } from '../domain/visit.decider.js';
import type { Prisma, Visit as VisitRow } from '../generated/prisma/client.js';
import { EdBedRequest, EdTimer, EdVisit, Patient } from './models.js';

const timer = (t: TimerState, threshold: Threshold): EdTimer => Object.assign(new EdTimer(), { ...t, ...threshold });

function toBedRequest(request: NonNullable<BoardRow['bedRequest']>): EdBedRequest {
  return Object.assign(new EdBedRequest(), {
    status: request.status,
    bedId: request.status === 'assigned' ? request.bedId : null,
    unitId: request.status === 'assigned' ? request.unitId : null,
    cancelledReason: request.status === 'cancelled' ? request.reason : null,
  });
}

/** The state column holds the visit as the decider's evolve folded it. */
export const stateOf = (row: { state: Prisma.JsonValue }): VisitState => row.state as unknown as VisitState;

/** A visit from the read model as the board shows it at `now`; the patient is the surviving record after a merge. */
export function toEdVisit(record: VisitRow, now: string, thresholds: EdThresholds): EdVisit {
  const visit = stateOf(record);
  const row = boardRowOf({ ...visit, arrival: visit.arrival!, patientId: record.patientId }, now, thresholds);
  const { timers } = row;
  return Object.assign(new EdVisit(), {
    id: row.visitId,
    patientId: row.patientId,
    patient: Object.assign(new Patient(), { id: row.patientId }),
    arrivedAt: row.arrivedAt,
    arrivalMode: row.arrivalMode,
    esi: row.esi,
    previousEsi: visit.retriage?.previousEsi ?? null,
    retriageReason: visit.retriage?.reason ?? null,
    chiefComplaint: row.chiefComplaint,
    dangerZone: row.dangerZone,
    dangerZoneAnswer: visit.triage?.dangerZone?.answer ?? null,
    roomId: row.roomId,
    status: row.status,
    providerId: row.providerId,
    nurseId: row.nurseId,
    disposition: row.disposition,
    bedRequest: row.bedRequest ? toBedRequest(row.bedRequest) : null,
    departedAt: visit.departure?.at ?? null,
    dischargeStatus: visit.departure?.dischargeStatus ?? null,
    boardingMinutes: visit.departure?.disposition === 'admitted' && timers.boarding ? timers.boarding.elapsedMinutes : null,
    timers: {
      doorToRoom: timer(timers.doorToRoom, thresholds.doorToRoom),
      doorToProvider: timers.doorToProvider && visit.triage ? timer(timers.doorToProvider, thresholds.doorToProvider[visit.triage.esi]) : null,
      boarding: timers.boarding ? timer(timers.boarding, thresholds.boarding) : null,
      lengthOfStay: timer(timers.lengthOfStay, thresholds.lengthOfStay),
    },
    view: row.view,
  });
}
