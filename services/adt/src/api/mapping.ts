import type { BedBoardRow, BedRequest as BedRequestRow, Encounter as EncounterRow, Patient as PatientRow } from '../generated/prisma/client.js';
import type { BedAsOf, EncounterAsOf, PatientAsOf } from '../application/as-of.reader.js';
import type { EdRoomOccupant } from '../integration/ed-rooms.js';
import { Address, Bed, BedRequest, type ClassPeriod, Encounter, Patient } from './models.js';

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
    edVisitId: null,
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

/** A bed the read model shows free (or waiting for cleaning) while the ED has a patient in that room. */
export const withEdRoom = (bed: Bed, room: EdRoomOccupant | undefined): Bed =>
  room && bed.status !== 'occupied' ? Object.assign(bed, { status: 'occupied', patientId: room.patientId, encounterId: null, edVisitId: room.visitId, dirtySince: null }) : bed;

export const toBedAsOf = (b: BedAsOf): Bed =>
  Object.assign(new Bed(), {
    id: b.bedId,
    unitId: b.unitId,
    roomId: b.roomId,
    label: b.label,
    status: b.status,
    isolation: b.isolation,
    blockedReason: b.blockedReason,
    patientId: b.patientId,
    encounterId: b.encounterId,
    edVisitId: b.edVisitId,
    dirtySince: b.dirtySince,
    lastTurnaroundMinutes: null,
  });

export const toEncounterAsOf = (e: EncounterAsOf): Encounter =>
  Object.assign(new Encounter(), {
    id: e.encounterId,
    patientId: e.patientId,
    class: e.class ?? 'unknown',
    status: e.status,
    bedId: e.bed?.bedId ?? null,
    unitId: e.bed?.unitId ?? null,
    admittedAt: e.admittedAt,
    dischargedAt: e.dischargedAt,
    disposition: e.disposition,
    classHistory: e.classHistory,
  });

export const toPatientAsOf = (p: PatientAsOf, at: string): Patient => {
  const d = p.demographics;
  return Object.assign(new Patient(), {
    id: p.patientId,
    mrn: p.mrn,
    familyName: d.familyName,
    givenNames: d.givenNames.join(' '),
    birthDate: d.birthDate,
    sex: d.sex,
    status: p.status,
    mergedInto: p.mergedInto,
    unidentified: p.unidentified,
    estimatedAgeYears: p.estimatedAgeYears,
    wristbandReprintNeeded: p.wristbandReprintNeeded,
    asOf: { at, phone: d.phone, address: d.address ? Object.assign(new Address(), d.address) : null },
  });
};
