import type { adtEncounterEvents, DischargeDisposition, DomainEventOf, EncounterClass } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import { ClinicalDataExistsError, EncounterStateError } from './adt-errors.js';

export type EncounterEvent = DomainEventOf<(typeof adtEncounterEvents)[number]>;

export interface BedLocation {
  bedId: string;
  unitId: string;
}

/** FHIR Encounter.status, narrowed to what ADT decides. */
export type EncounterStatus = 'none' | 'planned' | 'in-progress' | 'onleave' | 'finished' | 'cancelled';

export interface EncounterState {
  status: EncounterStatus;
  encounterId: string;
  patientId: string;
  class: EncounterClass | null;
  bed: BedLocation | null;
  reservedBed: BedLocation | null;
  /** Transfers not yet undone, newest last: a cancel undoes the newest. */
  transfers: Array<{ from: BedLocation; to: BedLocation; at: string }>;
  admittedAt: string | null;
  dischargedAt: string | null;
  disposition: DischargeDisposition | null;
}

export type EncounterCommand =
  | { type: 'Preadmit'; encounterId: string; patientId: string; class: EncounterClass; expectedAt: string; bed: BedLocation | null }
  | { type: 'CancelPreadmit'; encounterId: string; reason: string }
  | { type: 'Admit'; encounterId: string; patientId: string; class: EncounterClass; bed: BedLocation; at: string }
  | { type: 'CancelAdmit'; encounterId: string; reason: string; patientArrived: boolean; hasClinicalData: boolean }
  | { type: 'Transfer'; encounterId: string; to: BedLocation; at: string }
  | { type: 'CancelTransfer'; encounterId: string; reason: string }
  | { type: 'StartLeave'; encounterId: string; at: string; expectedReturnAt: string | null }
  | { type: 'EndLeave'; encounterId: string; at: string }
  | { type: 'Discharge'; encounterId: string; disposition: DischargeDisposition; at: string }
  | { type: 'CancelDischarge'; encounterId: string; bed: BedLocation; reason: string }
  | { type: 'ChangeClass'; encounterId: string; to: EncounterClass; at: string };

export const initialEncounterState: EncounterState = {
  status: 'none',
  encounterId: '',
  patientId: '',
  class: null,
  bed: null,
  reservedBed: null,
  transfers: [],
  admittedAt: null,
  dischargedAt: null,
  disposition: null,
};

const describe: Record<EncounterStatus, string> = {
  none: 'does not exist',
  planned: 'is a pre-admission, not yet admitted',
  'in-progress': 'is in progress',
  onleave: 'is on leave of absence',
  finished: 'is discharged',
  cancelled: 'was cancelled',
};

function requireStatus(state: EncounterState, encounterId: string, allowed: EncounterStatus[], action: string): void {
  if (!allowed.includes(state.status)) throw new EncounterStateError(encounterId, `${describe[state.status]}, so it cannot be ${action}`);
}

function requireReason(encounterId: string, reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new EncounterStateError(encounterId, 'needs a reason for this correction');
  return trimmed;
}

function requireNotBefore(state: EncounterState, encounterId: string, at: string): void {
  if (state.admittedAt && Date.parse(at) < Date.parse(state.admittedAt)) {
    throw new EncounterStateError(encounterId, `cannot record a change at ${at}, before its admission at ${state.admittedAt}`);
  }
}

export const encounterDecider: Decider<EncounterCommand, EncounterEvent, EncounterState> = {
  initialState: initialEncounterState,

  decide(command, state) {
    const { encounterId } = command;
    switch (command.type) {
      case 'Preadmit':
        requireStatus(state, encounterId, ['none'], 'pre-admitted');
        return [{ type: 'adt.encounter.preadmitted', data: { encounterId, patientId: command.patientId, class: command.class, expectedAt: command.expectedAt, bed: command.bed } }];
      case 'CancelPreadmit':
        requireStatus(state, encounterId, ['planned'], 'cancelled as a pre-admission');
        return [{ type: 'adt.encounter.preadmit-cancelled', data: { encounterId, reason: requireReason(encounterId, command.reason) } }];
      case 'Admit':
        requireStatus(state, encounterId, ['none', 'planned'], 'admitted');
        if (state.status === 'planned' && state.patientId !== command.patientId) {
          throw new EncounterStateError(encounterId, 'was pre-admitted for another patient');
        }
        return [{ type: 'adt.encounter.admitted', data: { encounterId, patientId: command.patientId, class: command.class, ...command.bed, at: command.at } }];
      case 'CancelAdmit':
        requireStatus(state, encounterId, ['in-progress'], 'cancelled');
        if (command.hasClinicalData) throw new ClinicalDataExistsError(encounterId);
        return [{ type: 'adt.encounter.admit-cancelled', data: { encounterId, ...state.bed!, reason: requireReason(encounterId, command.reason), patientArrived: command.patientArrived } }];
      case 'Transfer':
        requireStatus(state, encounterId, ['in-progress'], 'transferred');
        requireNotBefore(state, encounterId, command.at);
        if (state.bed!.bedId === command.to.bedId) throw new EncounterStateError(encounterId, `is already in bed ${command.to.bedId}`);
        return [{ type: 'adt.encounter.transferred', data: { encounterId, from: state.bed!, to: command.to, at: command.at } }];
      case 'CancelTransfer': {
        requireStatus(state, encounterId, ['in-progress'], 'have a transfer cancelled');
        const last = state.transfers[state.transfers.length - 1];
        if (!last) throw new EncounterStateError(encounterId, 'has no transfer to cancel');
        return [{ type: 'adt.encounter.transfer-cancelled', data: { encounterId, from: last.to, backTo: last.from, transferAt: last.at, reason: requireReason(encounterId, command.reason) } }];
      }
      case 'StartLeave':
        requireStatus(state, encounterId, ['in-progress'], 'sent on leave');
        requireNotBefore(state, encounterId, command.at);
        return [{ type: 'adt.encounter.leave-started', data: { encounterId, at: command.at, expectedReturnAt: command.expectedReturnAt } }];
      case 'EndLeave':
        requireStatus(state, encounterId, ['onleave'], 'returned from leave');
        return [{ type: 'adt.encounter.leave-ended', data: { encounterId, at: command.at } }];
      case 'Discharge':
        requireStatus(state, encounterId, ['in-progress', 'onleave'], 'discharged');
        requireNotBefore(state, encounterId, command.at);
        return [{ type: 'adt.encounter.discharged', data: { encounterId, ...state.bed!, disposition: command.disposition, at: command.at } }];
      case 'CancelDischarge':
        requireStatus(state, encounterId, ['finished'], 'have its discharge cancelled');
        return [{ type: 'adt.encounter.discharge-cancelled', data: { encounterId, ...command.bed, previousBed: state.bed!, reason: requireReason(encounterId, command.reason) } }];
      case 'ChangeClass':
        requireStatus(state, encounterId, ['in-progress', 'onleave'], 'change class');
        if (state.class === command.to) return [];
        return [{ type: 'adt.encounter.class-changed', data: { encounterId, from: state.class!, to: command.to, at: command.at } }];
      default:
        return exhaustive(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'adt.encounter.preadmitted':
        return { ...state, status: 'planned', encounterId: event.data.encounterId, patientId: event.data.patientId, class: event.data.class, reservedBed: event.data.bed };
      case 'adt.encounter.preadmit-cancelled':
        return { ...state, status: 'cancelled', reservedBed: null };
      case 'adt.encounter.admitted':
        return {
          ...state,
          status: 'in-progress',
          encounterId: event.data.encounterId,
          patientId: event.data.patientId,
          class: event.data.class,
          bed: { bedId: event.data.bedId, unitId: event.data.unitId },
          reservedBed: null,
          admittedAt: event.data.at,
        };
      case 'adt.encounter.admit-cancelled':
        return { ...state, status: 'cancelled', bed: null };
      case 'adt.encounter.transferred':
        return { ...state, bed: event.data.to, transfers: [...state.transfers, { from: event.data.from, to: event.data.to, at: event.data.at }] };
      case 'adt.encounter.transfer-cancelled':
        return { ...state, bed: event.data.backTo, transfers: state.transfers.slice(0, -1) };
      case 'adt.encounter.leave-started':
        return { ...state, status: 'onleave' };
      case 'adt.encounter.leave-ended':
        return { ...state, status: 'in-progress' };
      case 'adt.encounter.discharged':
        return { ...state, status: 'finished', dischargedAt: event.data.at, disposition: event.data.disposition };
      case 'adt.encounter.discharge-cancelled':
        return { ...state, status: 'in-progress', bed: { bedId: event.data.bedId, unitId: event.data.unitId }, dischargedAt: null, disposition: null };
      case 'adt.encounter.class-changed':
        return { ...state, class: event.data.to };
      default:
        return exhaustive(event);
    }
  },
};
