import type { adtAttendingEvents, AttendingProvider, DomainEventOf } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import { EncounterStateError } from './adt-errors.js';

export type AttendingEvent = DomainEventOf<(typeof adtAttendingEvents)[number]>;

export interface AttendingState {
  attending: AttendingProvider | null;
}

export type AttendingCommand = {
  type: 'AssignAttending';
  encounterId: string;
  patientId: string;
  attending: AttendingProvider;
  at: string;
  /** Required to change the attending; none at admission. */
  reason: string | null;
  /** When the encounter ended, if it has: the attending of a discharged stay is history, not changed. */
  dischargedAt: string | null;
};

/**
 * Who attends an encounter: named at admission, changed with a reason while the patient is in
 * house; the same physician again changes nothing. After discharge the attending is refused: the
 * stay's record (and the claim's 2310A) keeps whom care was with.
 */
export const attendingDecider: Decider<AttendingCommand, AttendingEvent, AttendingState> = {
  initialState: { attending: null },
  decide(command, state) {
    switch (command.type) {
      case 'AssignAttending': {
        if (command.dischargedAt !== null) {
          throw new EncounterStateError(command.encounterId, `was discharged at ${command.dischargedAt}, so its attending physician cannot be changed; cancel the discharge first if the patient is still in care`);
        }
        if (state.attending?.npi === command.attending.npi) return [];
        const reason = command.reason?.trim() || null;
        if (state.attending && !reason) throw new EncounterStateError(command.encounterId, 'needs a reason to change the attending physician');
        const { encounterId, patientId, attending, at } = command;
        return [{ type: 'adt.attending.assigned', data: { encounterId, patientId, attending, previous: state.attending, at, reason } }];
      }
      default:
        return exhaustive(command.type);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'adt.attending.assigned':
        return { attending: event.data.attending };
      default:
        return exhaustive(event.type);
    }
  },
};
