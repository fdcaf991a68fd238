import type { adtBedEvents, DomainEventOf, IsolationType } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import { minutesBetween } from './time.js';
import {
  BedBlockedError,
  BedNotCommissionedError,
  BedNotReadyError,
  BedOccupiedError,
  BedStateError,
  IsolationMismatchError,
} from './adt-errors.js';

export type BedEvent = DomainEventOf<(typeof adtBedEvents)[number]>;

export type BedStatus = 'uncommissioned' | 'available' | 'reserved' | 'occupied' | 'dirty' | 'cleaning' | 'blocked';

interface Occupant {
  encounterId: string;
  patientId: string;
}

export interface BedState {
  status: BedStatus;
  bedId: string;
  unitId: string;
  /** Beds flagged for sharing (mother and baby) take a second patient. */
  sharing: boolean;
  isolation: IsolationType | null;
  occupants: Occupant[];
  reservedFor: Occupant | null;
  blockedReason: string | null;
  dirtySince: string | null;
  cleaningSince: string | null;
  /** The encounter that left it dirty: only its cancelled discharge may take it back uncleaned. */
  lastVacatedBy: string | null;
}

export type BedCommand =
  | { type: 'CommissionBed'; bedId: string; unitId: string; roomId: string; label: string; sharing: boolean }
  | { type: 'ReserveBed'; bedId: string; encounterId: string; patientId: string; overrideReason?: string }
  | { type: 'ReleaseBedReservation'; bedId: string; encounterId: string }
  | { type: 'OccupyBed'; bedId: string; encounterId: string; patientId: string; at: string; isolationNeeded: IsolationType | null; restoringCancelledDischarge?: boolean }
  | { type: 'VacateBed'; bedId: string; encounterId: string; at: string; needsCleaning: boolean }
  | { type: 'StartBedCleaning'; bedId: string; at: string }
  | { type: 'MarkBedClean'; bedId: string; at: string }
  | { type: 'BlockBed'; bedId: string; reason: string }
  | { type: 'UnblockBed'; bedId: string }
  | { type: 'SetBedIsolation'; bedId: string; isolation: IsolationType }
  | { type: 'ClearBedIsolation'; bedId: string };

export const initialBedState: BedState = {
  status: 'uncommissioned',
  bedId: '',
  unitId: '',
  sharing: false,
  isolation: null,
  occupants: [],
  reservedFor: null,
  blockedReason: null,
  dirtySince: null,
  cleaningSince: null,
  lastVacatedBy: null,
};

function requireCommissioned(state: BedState, bedId: string): void {
  if (state.status === 'uncommissioned') throw new BedNotCommissionedError(bedId);
}

function decideOccupy(command: Extract<BedCommand, { type: 'OccupyBed' }>, state: BedState): BedEvent[] {
  const { bedId, encounterId, patientId, at } = command;
  const occupied: BedEvent = { type: 'adt.bed.occupied', data: { bedId, unitId: state.unitId, encounterId, patientId, at } };
  if (state.occupants.some((o) => o.encounterId === encounterId)) return [];
  if (state.isolation !== null && command.isolationNeeded !== state.isolation) {
    throw new IsolationMismatchError(bedId, state.isolation, command.isolationNeeded);
  }
  switch (state.status) {
    case 'available':
      return [occupied];
    case 'reserved':
      if (state.reservedFor?.encounterId !== encounterId) throw new BedOccupiedError(bedId, 'reserved for another patient');
      // Held while still dirty (with an override): the patient waits until EVS is done.
      if (state.dirtySince !== null) throw new BedNotReadyError(bedId, state.cleaningSince ? 'cleaning' : 'dirty');
      return [occupied];
    case 'occupied':
      if (state.sharing && state.occupants.length < 2) return [occupied];
      throw new BedOccupiedError(bedId, 'occupied');
    case 'dirty':
    case 'cleaning':
      // A discharge cancelled before EVS cleaned the bed puts the same patient straight back.
      if (command.restoringCancelledDischarge && state.lastVacatedBy === encounterId) return [occupied];
      throw new BedNotReadyError(bedId, state.status);
    case 'blocked':
      throw new BedBlockedError(bedId, state.blockedReason ?? 'out of service');
    case 'uncommissioned':
      throw new BedNotCommissionedError(bedId);
    default:
      return exhaustive(state.status);
  }
}

function decideReserve(command: Extract<BedCommand, { type: 'ReserveBed' }>, state: BedState): BedEvent[] {
  const { bedId, encounterId, patientId } = command;
  const overrideReason = command.overrideReason?.trim() || null;
  const reserved: BedEvent = { type: 'adt.bed.reserved', data: { bedId, unitId: state.unitId, encounterId, patientId, overrideReason } };
  switch (state.status) {
    case 'available':
      return [reserved];
    case 'reserved':
      if (state.reservedFor?.encounterId === encounterId) return [];
      throw new BedOccupiedError(bedId, 'reserved for another patient');
    case 'dirty':
    case 'cleaning':
      // Bed placement may hold a bed that EVS is about to finish, but only on purpose.
      if (overrideReason) return [reserved];
      throw new BedNotReadyError(bedId, state.status, 'give an override reason to hold it anyway');
    case 'occupied':
      throw new BedOccupiedError(bedId, 'occupied');
    case 'blocked':
      throw new BedBlockedError(bedId, state.blockedReason ?? 'out of service');
    case 'uncommissioned':
      throw new BedNotCommissionedError(bedId);
    default:
      return exhaustive(state.status);
  }
}

export const bedDecider: Decider<BedCommand, BedEvent, BedState> = {
  initialState: initialBedState,

  decide(command, state) {
    const { bedId } = command;
    if (command.type !== 'CommissionBed') requireCommissioned(state, bedId);
    switch (command.type) {
      case 'CommissionBed':
        if (state.status !== 'uncommissioned') throw new BedStateError(bedId, 'is already in service');
        return [{ type: 'adt.bed.commissioned', data: { bedId, unitId: command.unitId, roomId: command.roomId, label: command.label, sharing: command.sharing } }];
      case 'ReserveBed':
        return decideReserve(command, state);
      case 'ReleaseBedReservation':
        if (state.reservedFor?.encounterId !== command.encounterId) return [];
        return [{ type: 'adt.bed.reservation-released', data: { bedId, unitId: state.unitId, encounterId: command.encounterId } }];
      case 'OccupyBed':
        return decideOccupy(command, state);
      case 'VacateBed': {
        const occupant = state.occupants.find((o) => o.encounterId === command.encounterId);
        if (!occupant) throw new BedStateError(bedId, `is not occupied by encounter ${command.encounterId}`);
        return [{ type: 'adt.bed.vacated', data: { bedId, unitId: state.unitId, ...occupant, at: command.at, needsCleaning: command.needsCleaning } }];
      }
      case 'StartBedCleaning':
        if (state.status !== 'dirty') throw new BedStateError(bedId, `is ${state.status}, not waiting for cleaning`);
        return [{ type: 'adt.bed.cleaning-started', data: { bedId, unitId: state.unitId, at: command.at } }];
      case 'MarkBedClean': {
        if (state.status !== 'dirty' && state.status !== 'cleaning') throw new BedStateError(bedId, `is ${state.status}, not being cleaned`);
        const dirtySince = state.dirtySince ?? command.at;
        const cleaningSince = state.cleaningSince ?? dirtySince;
        return [
          {
            type: 'adt.bed.cleaned',
            data: {
              bedId,
              unitId: state.unitId,
              at: command.at,
              turnaroundMinutes: minutesBetween(dirtySince, command.at),
              waitMinutes: minutesBetween(dirtySince, cleaningSince),
              cleanMinutes: minutesBetween(cleaningSince, command.at),
            },
          },
        ];
      }
      case 'BlockBed':
        if (!command.reason.trim()) throw new BedStateError(bedId, 'cannot be blocked without a reason');
        if (state.status === 'occupied' || state.status === 'reserved') throw new BedOccupiedError(bedId, state.status);
        if (state.status === 'blocked') return [];
        return [{ type: 'adt.bed.blocked', data: { bedId, unitId: state.unitId, reason: command.reason.trim() } }];
      case 'UnblockBed':
        if (state.status !== 'blocked') return [];
        return [{ type: 'adt.bed.unblocked', data: { bedId, unitId: state.unitId } }];
      case 'SetBedIsolation':
        if (state.isolation === command.isolation) return [];
        return [{ type: 'adt.bed.isolation-set', data: { bedId, unitId: state.unitId, isolation: command.isolation } }];
      case 'ClearBedIsolation':
        if (state.isolation === null) return [];
        return [{ type: 'adt.bed.isolation-cleared', data: { bedId, unitId: state.unitId } }];
      default:
        return exhaustive(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'adt.bed.commissioned':
        return { ...state, status: 'available', bedId: event.data.bedId, unitId: event.data.unitId, sharing: event.data.sharing };
      case 'adt.bed.reserved':
        return { ...state, status: 'reserved', reservedFor: { encounterId: event.data.encounterId, patientId: event.data.patientId } };
      case 'adt.bed.reservation-released':
        return { ...state, status: state.dirtySince ? 'dirty' : 'available', reservedFor: null };
      case 'adt.bed.occupied':
        return {
          ...state,
          status: 'occupied',
          reservedFor: null,
          dirtySince: null,
          cleaningSince: null,
          occupants: [...state.occupants, { encounterId: event.data.encounterId, patientId: event.data.patientId }],
        };
      case 'adt.bed.vacated': {
        const occupants = state.occupants.filter((o) => o.encounterId !== event.data.encounterId);
        if (occupants.length > 0) return { ...state, occupants };
        return event.data.needsCleaning
          ? { ...state, occupants, status: 'dirty', dirtySince: event.data.at, cleaningSince: null, lastVacatedBy: event.data.encounterId }
          : { ...state, occupants, status: 'available', lastVacatedBy: null };
      }
      case 'adt.bed.cleaning-started':
        return { ...state, status: 'cleaning', cleaningSince: event.data.at };
      case 'adt.bed.cleaned':
        return { ...state, status: state.reservedFor ? 'reserved' : 'available', dirtySince: null, cleaningSince: null, lastVacatedBy: null };
      case 'adt.bed.blocked':
        return { ...state, status: 'blocked', blockedReason: event.data.reason };
      case 'adt.bed.unblocked':
        return { ...state, status: 'available', blockedReason: null };
      case 'adt.bed.isolation-set':
        return { ...state, isolation: event.data.isolation };
      case 'adt.bed.isolation-cleared':
        return { ...state, isolation: null };
      default:
        return exhaustive(event);
    }
  },
};
