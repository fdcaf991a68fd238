import type { DischargeDisposition, EncounterClass, IsolationType } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { type BedEvent, bedDecider, type BedState } from './bed.decider.js';
import { type BedLocation, encounterDecider, type EncounterEvent, type EncounterState } from './encounter.decider.js';
import { EncounterStateError } from './adt-errors.js';

/**
 * Moving a patient changes an encounter and one or two beds together: all of it is decided
 * here, purely, and the service appends every stream's events in one transaction with each
 * stream's expected version. A refusal from any bed refuses the whole move.
 */
export type PlacementCommand =
  | { type: 'Preadmit'; encounterId: string; patientId: string; class: EncounterClass; expectedAt: string; bed: BedLocation | null; overrideReason?: string }
  | { type: 'CancelPreadmit'; encounterId: string; reason: string }
  | { type: 'Admit'; encounterId: string; patientId: string; class: EncounterClass; bed: BedLocation; at: string; isolationNeeded: IsolationType | null; lateEntryReason?: string | null }
  | { type: 'CancelAdmit'; encounterId: string; reason: string; patientArrived: boolean; hasClinicalData: boolean; at: string }
  | { type: 'Transfer'; encounterId: string; to: BedLocation; at: string; isolationNeeded: IsolationType | null; lateEntryReason?: string | null }
  | { type: 'CancelTransfer'; encounterId: string; reason: string; patientArrived: boolean; at: string; isolationNeeded: IsolationType | null }
  | { type: 'Discharge'; encounterId: string; disposition: DischargeDisposition; at: string; lateEntryReason?: string | null }
  | { type: 'CancelDischarge'; encounterId: string; bed: BedLocation; reason: string; at: string; isolationNeeded: IsolationType | null };

/** The current state of the encounter and of every bed the command names or implies. */
export interface PlacementState {
  encounter: EncounterState;
  beds: ReadonlyMap<string, BedState>;
}

export interface PlacementDecision {
  encounter: EncounterEvent[];
  beds: Array<{ bedId: string; events: BedEvent[] }>;
}

/** The beds a command touches, so the caller knows which streams to load. */
export function bedsInvolved(command: PlacementCommand, encounter: EncounterState): string[] {
  const ids = new Set<string>();
  const add = (bed: BedLocation | null | undefined) => bed && ids.add(bed.bedId);
  switch (command.type) {
    case 'Preadmit':
      add(command.bed);
      break;
    case 'CancelPreadmit':
      add(encounter.reservedBed);
      break;
    case 'Admit':
      add(command.bed);
      add(encounter.reservedBed);
      break;
    case 'Transfer':
      add(encounter.bed);
      add(command.to);
      break;
    case 'CancelTransfer': {
      const last = encounter.transfers[encounter.transfers.length - 1];
      add(last?.from);
      add(last?.to);
      break;
    }
    case 'CancelAdmit':
    case 'Discharge':
      add(encounter.bed);
      break;
    case 'CancelDischarge':
      add(command.bed);
      break;
    default:
      return exhaustive(command);
  }
  return [...ids];
}

export function decidePlacement(command: PlacementCommand, state: PlacementState): PlacementDecision {
  const bedEvents = new Map<string, BedEvent[]>();
  const bed = (bedId: string): BedState => {
    const found = state.beds.get(bedId);
    if (!found) throw new EncounterStateError(command.encounterId, `names bed ${bedId}, which was not loaded`);
    return found;
  };
  const onBed = (bedId: string, decide: (s: BedState) => BedEvent[]) => {
    const events = decide(bed(bedId));
    if (events.length > 0) bedEvents.set(bedId, [...(bedEvents.get(bedId) ?? []), ...events]);
  };
  const encounterEvents = encounterDecider.decide(command, state.encounter);
  const { encounterId } = command;

  switch (command.type) {
    case 'Preadmit':
      if (command.bed) {
        const { bedId } = command.bed;
        onBed(bedId, (s) => bedDecider.decide({ type: 'ReserveBed', bedId, encounterId, patientId: command.patientId, overrideReason: command.overrideReason }, s));
      }
      break;
    case 'CancelPreadmit': {
      const reserved = state.encounter.reservedBed;
      if (reserved) onBed(reserved.bedId, (s) => bedDecider.decide({ type: 'ReleaseBedReservation', bedId: reserved.bedId, encounterId }, s));
      break;
    }
    case 'Admit': {
      const reserved = state.encounter.reservedBed;
      // Arriving in a different bed than the one held for the pre-admission frees the held one.
      if (reserved && reserved.bedId !== command.bed.bedId) {
        onBed(reserved.bedId, (s) => bedDecider.decide({ type: 'ReleaseBedReservation', bedId: reserved.bedId, encounterId }, s));
      }
      const { bedId } = command.bed;
      onBed(bedId, (s) => bedDecider.decide({ type: 'OccupyBed', bedId, encounterId, patientId: command.patientId, at: command.at, isolationNeeded: command.isolationNeeded }, s));
      break;
    }
    case 'CancelAdmit': {
      const current = state.encounter.bed!;
      // A bed the patient never reached is clean; one they lay in needs cleaning.
      onBed(current.bedId, (s) => bedDecider.decide({ type: 'VacateBed', bedId: current.bedId, encounterId, at: command.at, needsCleaning: command.patientArrived }, s));
      break;
    }
    case 'Transfer': {
      const from = state.encounter.bed!;
      const patientId = state.encounter.patientId;
      onBed(command.to.bedId, (s) => bedDecider.decide({ type: 'OccupyBed', bedId: command.to.bedId, encounterId, patientId, at: command.at, isolationNeeded: command.isolationNeeded }, s));
      onBed(from.bedId, (s) => bedDecider.decide({ type: 'VacateBed', bedId: from.bedId, encounterId, at: command.at, needsCleaning: true }, s));
      break;
    }
    case 'CancelTransfer': {
      const last = state.encounter.transfers[state.encounter.transfers.length - 1]!;
      const patientId = state.encounter.patientId;
      onBed(last.from.bedId, (s) =>
        bedDecider.decide(
          { type: 'OccupyBed', bedId: last.from.bedId, encounterId, patientId, at: command.at, isolationNeeded: command.isolationNeeded, restoringCancelledDischarge: true },
          s,
        ),
      );
      onBed(last.to.bedId, (s) => bedDecider.decide({ type: 'VacateBed', bedId: last.to.bedId, encounterId, at: command.at, needsCleaning: command.patientArrived }, s));
      break;
    }
    case 'Discharge': {
      const current = state.encounter.bed!;
      onBed(current.bedId, (s) => bedDecider.decide({ type: 'VacateBed', bedId: current.bedId, encounterId, at: command.at, needsCleaning: true }, s));
      break;
    }
    case 'CancelDischarge': {
      const patientId = state.encounter.patientId;
      const { bedId } = command.bed;
      onBed(bedId, (s) =>
        bedDecider.decide({ type: 'OccupyBed', bedId, encounterId, patientId, at: command.at, isolationNeeded: command.isolationNeeded, restoringCancelledDischarge: true }, s),
      );
      break;
    }
    default:
      return exhaustive(command);
  }
  return { encounter: encounterEvents, beds: [...bedEvents].map(([bedId, events]) => ({ bedId, events })) };
}
