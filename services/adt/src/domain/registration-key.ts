import { type Demographics, demographics as demographicsSchema } from '@ehr/contracts';
import { hashOf, IdempotencyKeyReusedError } from '@ehr/platform';
import type { PatientEvent } from './patient.decider.js';

/**
 * What a registration asks for, as a repeat under the same idempotency key is compared on:
 * not the MRN, alias or duplicate search it was given, which a second request would get anew.
 */
export type RegistrationRequest =
  | { type: 'RegisterPatient'; demographics: Demographics }
  | { type: 'RegisterUnidentified'; sex: Demographics['sex']; estimatedAgeYears: number | null; circumstances: string };

function asked(request: RegistrationRequest): RegistrationRequest {
  return request.type === 'RegisterPatient'
    ? { type: 'RegisterPatient', demographics: demographicsSchema.parse(request.demographics) }
    : { ...request, circumstances: request.circumstances.trim() };
}

/** A registration event: what was asked, and the patient and MRN it was answered with. */
function registration(event: PatientEvent): { asked: RegistrationRequest; patientId: string; mrn: string } | null {
  switch (event.type) {
    case 'adt.patient.registered':
      return { asked: { type: 'RegisterPatient', demographics: event.data.demographics }, patientId: event.data.patientId, mrn: event.data.mrn };
    case 'adt.patient.registered-unidentified': {
      const { sex, estimatedAgeYears, circumstances } = event.data;
      return { asked: { type: 'RegisterUnidentified', sex, estimatedAgeYears, circumstances }, patientId: event.data.patientId, mrn: event.data.mrn };
    }
    default:
      return null;
  }
}

/**
 * The patient an earlier request with this key registered (the key names the patient, so its
 * stream is that request's), or null when there is none yet. The key sent again with other
 * demographics, or for the other kind of registration, is refused: the first result stands.
 */
export function earlierRegistration(history: readonly PatientEvent[], idempotencyKey: string, request: RegistrationRequest): { patientId: string; mrn: string } | null {
  const first = history[0];
  if (!first) return null;
  const registered = registration(first);
  if (!registered || hashOf(registered.asked) !== hashOf(asked(request))) throw new IdempotencyKeyReusedError(idempotencyKey);
  return { patientId: registered.patientId, mrn: registered.mrn };
}
