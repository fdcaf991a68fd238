import { DomainError } from '@ehr/platform';

// Refusals a registrar, a bed manager or a nurse reads on screen: say what is wrong and what to do.

export class BedNotCommissionedError extends DomainError {
  constructor(bedId: string) {
    super('BED_NOT_IN_SERVICE', `Bed ${bedId} is not in service.`, { bedId });
  }
}

export class BedOccupiedError extends DomainError {
  constructor(bedId: string, why: string) {
    super('BED_OCCUPIED', `Bed ${bedId} is ${why}; choose another bed, or free this one first.`, { bedId });
  }
}

export class BedNotReadyError extends DomainError {
  constructor(bedId: string, status: string, hint = 'wait until environmental services mark it clean') {
    super('BED_NOT_READY', `Bed ${bedId} is ${status}; ${hint}.`, { bedId, status });
  }
}

export class BedBlockedError extends DomainError {
  constructor(bedId: string, reason: string) {
    super('BED_BLOCKED', `Bed ${bedId} is blocked (${reason}); choose another bed.`, { bedId, reason });
  }
}

export class IsolationMismatchError extends DomainError {
  constructor(bedId: string, bedIsolation: string, patientIsolation: string | null) {
    super(
      'ISOLATION_MISMATCH',
      `Bed ${bedId} is under ${bedIsolation} isolation; only a patient needing ${bedIsolation} isolation may be placed there (this patient: ${patientIsolation ?? 'none'}).`,
      { bedId, bedIsolation, patientIsolation },
    );
  }
}

export class BedStateError extends DomainError {
  constructor(bedId: string, problem: string) {
    super('BED_STATE', `Bed ${bedId} ${problem}.`, { bedId });
  }
}

export class EncounterStateError extends DomainError {
  constructor(encounterId: string, problem: string) {
    super('ENCOUNTER_STATE', `Encounter ${encounterId} ${problem}.`, { encounterId });
  }
}

export class ClinicalDataExistsError extends DomainError {
  constructor(encounterId: string) {
    super(
      'CLINICAL_DATA_EXISTS',
      `Encounter ${encounterId} already has clinical documentation, so the admission cannot be cancelled; change the patient class instead.`,
      { encounterId },
    );
  }
}

export class PotentialDuplicateError extends DomainError {
  constructor(candidatePatientIds: string[]) {
    super(
      'POTENTIAL_DUPLICATE',
      `A patient with the same name and birth date is already registered (${candidatePatientIds.length} match${candidatePatientIds.length === 1 ? '' : 'es'}); open the existing record, or give a reason to register a new one.`,
      { candidatePatientIds },
    );
  }
}

export class IdentityAlreadyRegisteredError extends DomainError {
  constructor(existing: Array<{ patientId: string; mrn: string }>) {
    super(
      'IDENTITY_ALREADY_REGISTERED',
      `This person is already registered (MRN ${existing.map((r) => r.mrn).join(', ')}); merge the unidentified record into that one instead, so one chart holds everything.`,
      { existing },
    );
  }
}

export class PatientStateError extends DomainError {
  constructor(patientId: string, problem: string) {
    super('PATIENT_STATE', `Patient ${patientId} ${problem}.`, { patientId });
  }
}

export class MergeRefusedError extends DomainError {
  constructor(reason: string) {
    super('MERGE_REFUSED', `The merge cannot be done: ${reason}.`);
  }
}

export class InvalidMrnError extends DomainError {
  constructor(mrn: string) {
    super('INVALID_MRN', `"${mrn}" is not a valid medical record number (7 digits and a check digit); check for a typing error.`, { mrn });
  }
}

export class BedRequestStateError extends DomainError {
  constructor(requestId: string, problem: string) {
    super('BED_REQUEST_STATE', `Bed request ${requestId} ${problem}.`, { requestId });
  }
}
