import type { adtPatientEvents, Demographics, DomainEventOf } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import { IdentityAlreadyRegisteredError, MergeRefusedError, PatientStateError, PotentialDuplicateError } from './adt-errors.js';
import { requireValidMrn } from './mrn.js';

export type PatientEvent = DomainEventOf<(typeof adtPatientEvents)[number]>;

export interface PatientState {
  status: 'none' | 'active' | 'merged';
  patientId: string;
  mrn: string;
  /** Registered under an alias; identity not yet confirmed. */
  unidentified: boolean;
  /** The name or MRN on the wristband changed: a new band must be printed and put on. */
  wristbandReprintNeeded: boolean;
  /** Retired MRNs that now resolve to this patient. */
  absorbedMrns: string[];
  mergedInto: string | null;
  /** As last registered, identified or corrected; null for an unidentified alias. */
  demographics: Demographics | null;
}

export type PatientCommand =
  | {
      type: 'RegisterPatient';
      patientId: string;
      mrn: string;
      demographics: Demographics;
      /** Patients the search found with the same name and birth date. */
      potentialDuplicates: string[];
      duplicateOverrideReason?: string;
    }
  | {
      type: 'RegisterUnidentified';
      patientId: string;
      mrn: string;
      alias: { familyName: string; givenNames: string[] };
      sex: Demographics['sex'];
      estimatedAgeYears: number | null;
      circumstances: string;
    }
  | {
      type: 'IdentifyPatient';
      patientId: string;
      demographics: Demographics;
      howConfirmed: string;
      /** Active records the search found with the confirmed name and birth date: merge instead. */
      existingRecords: Array<{ patientId: string; mrn: string }>;
    }
  | { type: 'ConfirmWristbandPrinted'; patientId: string }
  | { type: 'CorrectDemographics'; patientId: string; demographics: Demographics; reason: string }
  | {
      type: 'MergeIntoSurvivor';
      patientId: string;
      survivorPatientId: string;
      survivorMrn: string;
      reason: string;
      /** Facts the service looks up: a merge must not join two live inpatient stays. */
      retiredHasActiveInpatientStay: boolean;
      survivorHasActiveInpatientStay: boolean;
    }
  | { type: 'AbsorbDuplicate'; patientId: string; retiredPatientId: string; retiredMrn: string };

export const initialPatientState: PatientState = {
  status: 'none',
  patientId: '',
  mrn: '',
  unidentified: false,
  wristbandReprintNeeded: false,
  absorbedMrns: [],
  mergedInto: null,
  demographics: null,
};

/** The parts of the demographics a correction changes, as PID carries them. */
function changedParts(before: Demographics | null, after: Demographics): string[] {
  const parts: Array<[string, (d: Demographics) => unknown]> = [
    ['name', (d) => [d.familyName, d.givenNames]],
    ['birthDate', (d) => d.birthDate],
    ['sex', (d) => d.sex],
    ['phone', (d) => d.phone],
    ['address', (d) => d.address],
  ];
  return parts.filter(([, of]) => JSON.stringify(before ? of(before) : null) !== JSON.stringify(of(after))).map(([name]) => name);
}

export const patientDecider: Decider<PatientCommand, PatientEvent, PatientState> = {
  initialState: initialPatientState,

  decide(command, state) {
    const { patientId } = command;
    switch (command.type) {
      case 'RegisterPatient': {
        if (state.status !== 'none') throw new PatientStateError(patientId, 'is already registered');
        const reason = command.duplicateOverrideReason?.trim();
        const candidates = command.potentialDuplicates.filter((id) => id !== patientId);
        if (candidates.length > 0 && !reason) throw new PotentialDuplicateError(candidates);
        return [
          {
            type: 'adt.patient.registered',
            data: {
              patientId,
              mrn: requireValidMrn(command.mrn),
              demographics: command.demographics,
              duplicateOverride: candidates.length > 0 ? { reason: reason!, candidatePatientIds: candidates } : null,
            },
          },
        ];
      }
      case 'RegisterUnidentified': {
        if (state.status !== 'none') throw new PatientStateError(patientId, 'is already registered');
        const circumstances = command.circumstances.trim();
        if (!circumstances) throw new PatientStateError(patientId, 'cannot be registered as unidentified without the circumstances (how and where the patient arrived)');
        return [
          {
            type: 'adt.patient.registered-unidentified',
            data: { patientId, mrn: requireValidMrn(command.mrn), alias: command.alias, sex: command.sex, estimatedAgeYears: command.estimatedAgeYears, circumstances },
          },
        ];
      }
      case 'IdentifyPatient': {
        if (state.status !== 'active') throw new PatientStateError(patientId, state.status === 'merged' ? `was merged into ${state.mergedInto}` : 'is not registered');
        if (!state.unidentified) throw new PatientStateError(patientId, 'is not an unidentified record; correct the demographics instead');
        const howConfirmed = command.howConfirmed.trim();
        if (!howConfirmed) throw new PatientStateError(patientId, 'cannot be identified without saying how the identity was confirmed');
        const existing = command.existingRecords.filter((r) => r.patientId !== patientId);
        if (existing.length > 0) throw new IdentityAlreadyRegisteredError(existing);
        return [{ type: 'adt.patient.identified', data: { patientId, demographics: command.demographics, howConfirmed } }];
      }
      case 'ConfirmWristbandPrinted':
        if (state.status !== 'active') throw new PatientStateError(patientId, 'is not an active record');
        return state.wristbandReprintNeeded ? [{ type: 'adt.patient.wristband-printed', data: { patientId } }] : [];
      case 'CorrectDemographics': {
        if (state.status !== 'active') throw new PatientStateError(patientId, state.status === 'merged' ? `was merged into ${state.mergedInto}; update the survivor` : 'is not registered');
        if (state.unidentified) throw new PatientStateError(patientId, 'is an unidentified record; identify the patient instead');
        const reason = command.reason.trim();
        if (!reason) throw new PatientStateError(patientId, 'needs a reason for a demographic correction');
        const changed = changedParts(state.demographics, command.demographics);
        if (changed.length === 0) return [];
        return [{ type: 'adt.patient.demographics-updated', data: { patientId, demographics: command.demographics, reason, changed } }];
      }
      case 'MergeIntoSurvivor':
        if (command.survivorPatientId === patientId) throw new MergeRefusedError('a patient cannot be merged into itself');
        if (state.status === 'merged') throw new MergeRefusedError(`patient ${patientId} was already merged into ${state.mergedInto}`);
        if (state.status !== 'active') throw new MergeRefusedError(`patient ${patientId} is not registered`);
        if (command.retiredHasActiveInpatientStay && command.survivorHasActiveInpatientStay) {
          throw new MergeRefusedError('both records have an active inpatient stay; discharge or cancel one of them first');
        }
        if (!command.reason.trim()) throw new MergeRefusedError('a reason is required');
        return [
          {
            type: 'adt.patient.merged-into',
            data: { patientId, mrn: state.mrn, survivorPatientId: command.survivorPatientId, survivorMrn: command.survivorMrn, reason: command.reason.trim() },
          },
        ];
      case 'AbsorbDuplicate':
        if (state.status !== 'active') throw new MergeRefusedError(`the survivor ${patientId} is not an active record`);
        if (state.absorbedMrns.includes(command.retiredMrn)) return [];
        return [{ type: 'adt.patient.absorbed-duplicate', data: { patientId, retiredPatientId: command.retiredPatientId, retiredMrn: command.retiredMrn } }];
      default:
        return exhaustive(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'adt.patient.registered':
        return { ...state, status: 'active', patientId: event.data.patientId, mrn: event.data.mrn, demographics: event.data.demographics };
      case 'adt.patient.registered-unidentified':
        return { ...state, status: 'active', patientId: event.data.patientId, mrn: event.data.mrn, unidentified: true };
      case 'adt.patient.identified':
        return { ...state, unidentified: false, wristbandReprintNeeded: true, demographics: event.data.demographics };
      case 'adt.patient.wristband-printed':
        return { ...state, wristbandReprintNeeded: false };
      case 'adt.patient.demographics-updated':
        // A corrected name changes the wristband.
        return { ...state, demographics: event.data.demographics, wristbandReprintNeeded: state.wristbandReprintNeeded || (event.data.changed ?? ['name']).includes('name') };
      case 'adt.patient.merged-into':
        return { ...state, status: 'merged', mergedInto: event.data.survivorPatientId };
      case 'adt.patient.absorbed-duplicate':
        // The patient may be wearing the retired record's band.
        return { ...state, absorbedMrns: [...state.absorbedMrns, event.data.retiredMrn], wristbandReprintNeeded: true };
      default:
        return exhaustive(event);
    }
  },
};

/** Demographics as the record carries them; an unidentified patient has no birth date. */
export type RecordedDemographics = Omit<Demographics, 'birthDate'> & { birthDate: string | null };

/**
 * The MRN and demographics a patient's history says are current: the registration (or the
 * alias of an unidentified arrival), then every identification and correction in order.
 */
export function currentIdentity(events: PatientEvent[]): { mrn: string; demographics: RecordedDemographics } | null {
  let mrn: string | null = null;
  let demographics: RecordedDemographics | null = null;
  for (const event of events) {
    switch (event.type) {
      case 'adt.patient.registered':
        mrn = event.data.mrn;
        demographics = event.data.demographics;
        break;
      case 'adt.patient.registered-unidentified':
        mrn = event.data.mrn;
        demographics = { ...event.data.alias, birthDate: null, sex: event.data.sex, phone: null, address: null };
        break;
      case 'adt.patient.demographics-updated':
      case 'adt.patient.identified':
        demographics = event.data.demographics;
        break;
      default:
        break;
    }
  }
  return mrn && demographics ? { mrn, demographics } : null;
}
