import type { AllergyCriticality, AllergyRemovalReason, AllergySubstance, DomainEventOf, ordersAllergyEvents } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import { AllergyStateError } from './orders-errors.js';

export type AllergyEvent = DomainEventOf<(typeof ordersAllergyEvents)[number]>;

export interface RecordedAllergy {
  allergyId: string;
  substance: AllergySubstance;
  reaction: string | null;
  criticality: AllergyCriticality;
}

/** One patient's allergy list (stream `allergies-<patientId>`), read by order entry. */
export interface AllergyListState {
  patientId: string;
  allergies: RecordedAllergy[];
  /** Ids of entries that left the list: an id names one entry for ever. */
  removedIds: string[];
}

export type AllergyCommand =
  | {
      type: 'RecordAllergy';
      patientId: string;
      allergyId: string;
      substance: AllergySubstance;
      reaction: string | null;
      criticality: AllergyCriticality;
      recordedBy: string;
      at: string;
    }
  | { type: 'RemoveAllergy'; patientId: string; allergyId: string; reason: AllergyRemovalReason; comment: string | null; by: string; at: string };

export const initialAllergyListState: AllergyListState = { patientId: '', allergies: [], removedIds: [] };

const orNull = (text: string | null): string | null => text?.trim() || null;

export const allergyDecider: Decider<AllergyCommand, AllergyEvent, AllergyListState> = {
  initialState: initialAllergyListState,

  decide(command, state) {
    const { patientId, allergyId } = command;
    if (state.patientId && state.patientId !== patientId) {
      throw new AllergyStateError('PATIENT_MISMATCH', `This allergy list belongs to patient ${state.patientId}, not ${patientId}.`, { patientId });
    }
    switch (command.type) {
      case 'RecordAllergy': {
        const code = command.substance.code.trim().toLowerCase();
        const display = command.substance.display.trim();
        if (!code || !display) throw new AllergyStateError('INVALID_ALLERGY', 'substance: choose the substance the patient reacts to from the list.', { field: 'substance' });
        if (state.removedIds.includes(allergyId) || state.allergies.some((a) => a.allergyId === allergyId)) {
          throw new AllergyStateError('ALLERGY_ID_TAKEN', `Allergy entry ${allergyId} already exists; record a new entry with a new id.`, { allergyId });
        }
        const existing = state.allergies.find((a) => a.substance.code === code);
        if (existing) {
          throw new AllergyStateError(
            'ALLERGY_ALREADY_RECORDED',
            `${existing.substance.display} is already on the allergy list${existing.reaction ? ` (${existing.reaction})` : ''}; remove that entry first to record it differently.`,
            { allergyId: existing.allergyId },
          );
        }
        return [
          {
            type: 'orders.allergy.recorded',
            data: { patientId, allergyId, substance: { code, display }, reaction: orNull(command.reaction), criticality: command.criticality, recordedBy: command.recordedBy, at: command.at },
          },
        ];
      }
      case 'RemoveAllergy':
        if (!state.allergies.some((a) => a.allergyId === allergyId)) {
          throw new AllergyStateError('ALLERGY_NOT_FOUND', `Allergy entry ${allergyId} is not on this patient's list; refresh the list and try again.`, { allergyId });
        }
        return [{ type: 'orders.allergy.removed', data: { patientId, allergyId, reason: command.reason, comment: orNull(command.comment), by: command.by, at: command.at } }];
      default:
        return exhaustive(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'orders.allergy.recorded': {
        const { allergyId, substance, reaction, criticality } = event.data;
        return { ...state, patientId: event.data.patientId, allergies: [...state.allergies, { allergyId, substance, reaction, criticality }] };
      }
      case 'orders.allergy.removed':
        return {
          ...state,
          allergies: state.allergies.filter((a) => a.allergyId !== event.data.allergyId),
          removedIds: [...state.removedIds, event.data.allergyId],
        };
      default:
        return exhaustive(event);
    }
  },
};
