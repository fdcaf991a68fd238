import type { adtPatientEvents, Demographics, DomainEventOf } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import { MergeRefusedError, PatientStateError, PotentialDuplicateError } from './adt-errors.js';
import { requireValidMrn } from './mrn.js';

export type PatientEvent = DomainEventOf<(typeof adtPatientEvents)[number]>;

export interface PatientState {
  status: 'none' | 'active' | 'merged';
  patientId: string;
  mrn: string;
  /** Retired MRNs that now resolve to this patient. */
  absorbedMrns: string[];
  mergedInto: string | null;
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
  | { type: 'UpdateDemographics'; patientId: string; demographics: Demographics }
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

export const initialPatientState: PatientState = { status: 'none', patientId: '', mrn: '', absorbedMrns: [], mergedInto: null };

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
      case 'UpdateDemographics':
        if (state.status !== 'active') throw new PatientStateError(patientId, state.status === 'merged' ? `was merged into ${state.mergedInto}; update the survivor` : 'is not registered');
        return [{ type: 'adt.patient.demographics-updated', data: { patientId, demographics: command.demographics } }];
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
        return { ...state, status: 'active', patientId: event.data.patientId, mrn: event.data.mrn };
      case 'adt.patient.demographics-updated':
        return state;
      case 'adt.patient.merged-into':
        return { ...state, status: 'merged', mergedInto: event.data.survivorPatientId };
      case 'adt.patient.absorbed-duplicate':
        return { ...state, absorbedMrns: [...state.absorbedMrns, event.data.retiredMrn] };
      default:
        return exhaustive(event);
    }
  },
};
