// A small bed aggregate used to exercise the platform's command path; not clinical code.
import { z } from 'zod';
import { defineEvent, EventRegistry } from '@ehr/contracts';
import { DomainError, exhaustive, type Decider } from '../../src/index.js';

export const bedEvents = [
  defineEvent({ type: 'test.bed.occupied', description: 'A patient took the bed.', schema: z.object({ bedId: z.string(), patientId: z.string().min(1) }) }),
  defineEvent({ type: 'test.bed.vacated', description: 'The patient left the bed.', schema: z.object({ bedId: z.string(), patientId: z.string() }) }),
];
export const bedRegistry = new EventRegistry(bedEvents);

export type BedCommand = { type: 'Occupy'; bedId: string; patientId: string } | { type: 'Vacate'; bedId: string };
export type BedEvent =
  | { type: 'test.bed.occupied'; data: { bedId: string; patientId: string } }
  | { type: 'test.bed.vacated'; data: { bedId: string; patientId: string } };
export type BedState = { occupant: string | null };

export class BedOccupiedError extends DomainError {
  constructor(bedId: string) {
    super('BED_OCCUPIED', `Bed ${bedId} is occupied; choose another bed.`, { bedId });
  }
}

export const bedDecider: Decider<BedCommand, BedEvent, BedState> = {
  initialState: { occupant: null },
  decide(command, state) {
    switch (command.type) {
      case 'Occupy':
        if (state.occupant !== null) throw new BedOccupiedError(command.bedId);
        return [{ type: 'test.bed.occupied', data: { bedId: command.bedId, patientId: command.patientId } }];
      case 'Vacate':
        if (state.occupant === null) throw new DomainError('BED_EMPTY', `Bed ${command.bedId} has no patient to move out.`);
        return [{ type: 'test.bed.vacated', data: { bedId: command.bedId, patientId: state.occupant } }];
      default:
        return exhaustive(command);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'test.bed.occupied':
        return { occupant: event.data.patientId };
      case 'test.bed.vacated':
        return { occupant: null };
      default:
        return exhaustive(event);
    }
  },
};
