import type { adtBedRequestEvents, DomainEventOf, IsolationType } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import type { BedLocation } from './encounter.decider.js';
import { BedRequestStateError } from './adt-errors.js';

export type BedRequestEvent = DomainEventOf<(typeof adtBedRequestEvents)[number]>;

export interface BedRequestState {
  status: 'none' | 'open' | 'assigned' | 'cancelled';
  requestId: string;
  patientId: string;
  encounterId: string;
  isolationNeeded: IsolationType | null;
  bed: BedLocation | null;
}

export type BedRequestCommand =
  | { type: 'OpenBedRequest'; requestId: string; patientId: string; encounterId: string; unitId: string | null; isolationNeeded: IsolationType | null; reason: string; at: string }
  | { type: 'AssignBed'; requestId: string; bed: BedLocation; at: string }
  | { type: 'CancelBedRequest'; requestId: string; reason: string; at: string }
  /** The admission into the assigned bed was cancelled (ED to unit undone), or the ED asks again after a cancellation: back in the queue. */
  | { type: 'ReopenBedRequest'; requestId: string; reason: string; at: string };

export const bedRequestDecider: Decider<BedRequestCommand, BedRequestEvent, BedRequestState> = {
  initialState: { status: 'none', requestId: '', patientId: '', encounterId: '', isolationNeeded: null, bed: null },

  decide(command, state) {
    const { requestId } = command;
    switch (command.type) {
      case 'OpenBedRequest':
        if (state.status !== 'none') throw new BedRequestStateError(requestId, 'already exists');
        if (!command.reason.trim()) throw new BedRequestStateError(requestId, 'needs a reason (e.g. admit from ED to telemetry)');
        return [
          {
            type: 'adt.bed-request.opened',
            data: { requestId, patientId: command.patientId, encounterId: command.encounterId, unitId: command.unitId, isolationNeeded: command.isolationNeeded, reason: command.reason.trim(), at: command.at },
          },
        ];
      case 'AssignBed':
        if (state.status !== 'open') throw new BedRequestStateError(requestId, state.status === 'assigned' ? `already has bed ${state.bed!.bedId}; cancel it to choose again` : `is ${state.status}`);
        return [{ type: 'adt.bed-request.assigned', data: { requestId, ...command.bed, at: command.at } }];
      case 'CancelBedRequest':
        if (state.status !== 'open' && state.status !== 'assigned') throw new BedRequestStateError(requestId, `is ${state.status}`);
        return [{ type: 'adt.bed-request.cancelled', data: { requestId, reason: command.reason.trim() || 'no longer needed', at: command.at } }];
      case 'ReopenBedRequest':
        if (state.status !== 'assigned' && state.status !== 'cancelled') {
          throw new BedRequestStateError(requestId, `is ${state.status}; only a request whose bed was given, or that was cancelled, can be reopened`);
        }
        return [{ type: 'adt.bed-request.reopened', data: { requestId, reason: command.reason.trim() || 'admission cancelled', at: command.at } }];
      default:
        return exhaustive(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'adt.bed-request.opened':
        return { status: 'open', requestId: event.data.requestId, patientId: event.data.patientId, encounterId: event.data.encounterId, isolationNeeded: event.data.isolationNeeded, bed: null };
      case 'adt.bed-request.assigned':
        return { ...state, status: 'assigned', bed: { bedId: event.data.bedId, unitId: event.data.unitId } };
      case 'adt.bed-request.cancelled':
        return { ...state, status: 'cancelled' };
      case 'adt.bed-request.reopened':
        return { ...state, status: 'open', bed: null };
      default:
        return exhaustive(event);
    }
  },
};
