import type { BedBoardRow, BedRequest as BedRequestRow, Encounter as EncounterRow, Patient as PatientRow } from '../generated/prisma/client.js';
import { Bed, BedRequest, type ClassPeriod, Encounter, Patient } from './models.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toPatient = (r: PatientRow): Patient =>
  Object.assign(new Patient(), {
    id: r.patientId,
    mrn: r.mrn,
    familyName: r.familyName,
    givenNames: r.givenNames,
    birthDate: r.birthDate ? r.birthDate.toISOString().slice(0, 10) : null,
    sex: r.sex,
    status: r.status,
    mergedInto: r.mergedInto,
    unidentified: r.unidentified,
    estimatedAgeYears: r.estimatedAgeYears,
    wristbandReprintNeeded: r.wristbandReprintNeeded,
  });

export const toEncounter = (r: EncounterRow): Encounter =>
  Object.assign(new Encounter(), {
    id: r.encounterId,
    patientId: r.patientId,
    class: r.class,
    status: r.status,
    bedId: r.bedId,
    unitId: r.unitId,
    admittedAt: iso(r.admittedAt),
    dischargedAt: iso(r.dischargedAt),
    disposition: r.disposition,
    classHistory: r.classHistory as unknown as ClassPeriod[],
  });

export const toBed = (r: BedBoardRow): Bed =>
  Object.assign(new Bed(), {
    id: r.bedId,
    unitId: r.unitId,
    roomId: r.roomId,
    label: r.label,
    status: r.status,
    isolation: r.isolation,
    blockedReason: r.blockedReason,
    patientId: r.patientId,
    encounterId: r.encounterId,
    dirtySince: iso(r.dirtySince),
    lastTurnaroundMinutes: r.lastTurnaroundMinutes,
  });

export const toBedRequest = (r: BedRequestRow): BedRequest =>
  Object.assign(new BedRequest(), {
    id: r.requestId,
    patientId: r.patientId,
    encounterId: r.encounterId,
    unitId: r.unitId,
    isolation: r.isolation,
    reason: r.reason,
    status: r.status,
    requestedAt: r.requestedAt.toISOString(),
    bedId: r.bedId,
  });
