import { type BedEvent, bedDecider, type BedState } from './bed.decider.js';
import { encounterDecider, type EncounterEvent, type EncounterState } from './encounter.decider.js';
import { EncounterStateError } from './adt-errors.js';

/**
 * Two patients exchange beds in one step (HL7 A17), e.g. to put the one who needs telemetry in
 * the monitored bed. Each encounter is transferred into the other's bed, marked with the other
 * encounter; each bed is left by one patient and taken by the other, with no cleaning between
 * (the patients move, the beds stay made). Any refusal (a patient on leave or discharged, an
 * isolation bed the other patient does not need) refuses the whole swap.
 */
export interface SwapBeds {
  type: 'SwapBeds';
  encounterId: string;
  otherEncounterId: string;
  at: string;
}

export interface SwapDecision {
  encounters: Array<{ encounterId: string; events: EncounterEvent[] }>;
  beds: Array<{ bedId: string; events: BedEvent[] }>;
}

export function decideSwap(command: SwapBeds, state: { first: EncounterState; second: EncounterState; beds: ReadonlyMap<string, BedState> }): SwapDecision {
  const { encounterId, otherEncounterId, at } = command;
  if (encounterId === otherEncounterId) throw new EncounterStateError(encounterId, 'cannot swap beds with itself');
  const moves = [
    { id: encounterId, other: otherEncounterId, state: state.first, partner: state.second },
    { id: otherEncounterId, other: encounterId, state: state.second, partner: state.first },
  ];
  for (const move of moves) {
    if (move.state.status !== 'in-progress') {
      throw new EncounterStateError(move.id, move.state.status === 'onleave' ? 'is on leave of absence, so its patient cannot swap beds' : 'is not in a bed now, so it cannot swap beds');
    }
  }
  const encounters = moves.map((move) => ({
    encounterId: move.id,
    events: encounterDecider
      .decide({ type: 'Transfer', encounterId: move.id, to: move.partner.bed!, at }, move.state)
      .map((e): EncounterEvent => (e.type === 'adt.encounter.transferred' ? { ...e, data: { ...e.data, swappedWith: move.other } } : e)),
  }));
  const beds = moves.map((move) => {
    const bedId = move.state.bed!.bedId;
    const bed = state.beds.get(bedId);
    if (!bed) throw new EncounterStateError(move.id, `names bed ${bedId}, which was not loaded`);
    const vacated = bedDecider.decide({ type: 'VacateBed', bedId, encounterId: move.id, at, needsCleaning: false }, bed);
    const emptied = vacated.reduce(bedDecider.evolve, bed);
    const taken = bedDecider.decide({ type: 'OccupyBed', bedId, encounterId: move.other, patientId: move.partner.patientId, at, isolationNeeded: null }, emptied);
    return { bedId, events: [...vacated, ...taken] };
  });
  return { encounters, beds };
}
