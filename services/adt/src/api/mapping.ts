import { EventContractError } from '@ehr/contracts';
import { currentTraceparent, DomainError, type Identity } from '@ehr/platform';
import type { BedBoardRow, BedRequest as BedRequestRow, Encounter as EncounterRow, Patient as PatientRow } from '../generated/prisma/client.js';
import { Bed, BedRequest, type ClassPeriod, Encounter, Patient, Refusal } from './models.js';

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

/** Expected refusals become typed results; anything else stays a fault. */
export async function orRefusal<T>(work: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) return Object.assign(new Refusal(), { code: error.code, message: error.message });
    // Input that breaks an event's schema: say which field, do not fail the request as a fault.
    if (error instanceof EventContractError) return Object.assign(new Refusal(), { code: 'INVALID_INPUT', message: error.message });
    throw error;
  }
}

/**
 * The context recorded on events: who, in which role (from the gateway's identity), and the
 * trace the request belongs to, so one trace runs from the gateway through the store and Kafka.
 */
export const actorOf = (identity: Identity | undefined) => {
  if (!identity) throw new Error('no identity on the request: the roles guard must run first');
  return { actor: { id: identity.sub, role: identity.role }, traceparent: currentTraceparent() };
};
