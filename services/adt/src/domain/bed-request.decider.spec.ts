import { specFor } from '@ehr/platform/testing';
import { type BedRequestEvent, bedRequestDecider } from './bed-request.decider.js';
import { BedRequestStateError } from './adt-errors.js';

const spec = specFor(bedRequestDecider);
const opened: BedRequestEvent = {
  type: 'adt.bed-request.opened',
  data: { requestId: 'r1', patientId: 'p1', encounterId: 'e1', unitId: '5E', isolationNeeded: null, reason: 'admit from ED to telemetry', at: '2026-03-02T19:00:00Z' },
};
const assign = { type: 'AssignBed', requestId: 'r1', bed: { bedId: '5E-04', unitId: '5E' }, at: '2026-03-02T19:30:00Z' } as const;

describe('bed request', () => {
  it('is assigned a bed once', () => {
    spec.given([opened]).when(assign).then([{ type: 'adt.bed-request.assigned', data: { requestId: 'r1', bedId: '5E-04', unitId: '5E', at: '2026-03-02T19:30:00Z' } }]);
    spec.given([opened, { type: 'adt.bed-request.assigned', data: { requestId: 'r1', bedId: '5E-04', unitId: '5E', at: '2026-03-02T19:30:00Z' } }]).when(assign).thenThrows(BedRequestStateError, /already has bed 5E-04/);
  });

  it('needs a reason to be opened', () => {
    spec.given([]).when({ type: 'OpenBedRequest', requestId: 'r1', patientId: 'p1', encounterId: 'e1', unitId: null, isolationNeeded: null, reason: ' ', at: '2026-03-02T19:00:00Z' }).thenThrows('BED_REQUEST_STATE');
  });

  it('cannot be assigned after it was cancelled', () => {
    spec.given([opened, { type: 'adt.bed-request.cancelled', data: { requestId: 'r1', reason: 'patient went home', at: '2026-03-02T19:10:00Z' } }]).when(assign).thenThrows(BedRequestStateError, /is cancelled/);
  });

  it('is reopened when the admission into its bed is cancelled, and can be given a bed again (scenario 19)', () => {
    const assigned: BedRequestEvent = { type: 'adt.bed-request.assigned', data: { requestId: 'r1', bedId: '5E-07', unitId: '5E', at: '2026-03-02T19:30:00Z' } };
    const reopened: BedRequestEvent = { type: 'adt.bed-request.reopened', data: { requestId: 'r1', reason: 'transfer to the unit entered in error', at: '2026-03-02T21:00:00Z' } };
    spec
      .given([opened, assigned])
      .when({ type: 'ReopenBedRequest', requestId: 'r1', reason: 'transfer to the unit entered in error', at: '2026-03-02T21:00:00Z' })
      .then([reopened]);
    spec
      .given([opened, assigned, reopened])
      .when({ type: 'AssignBed', requestId: 'r1', bed: { bedId: '5E-08', unitId: '5E' }, at: '2026-03-02T21:10:00Z' })
      .then([{ type: 'adt.bed-request.assigned', data: { requestId: 'r1', bedId: '5E-08', unitId: '5E', at: '2026-03-02T21:10:00Z' } }]);
    spec.given([opened]).when({ type: 'ReopenBedRequest', requestId: 'r1', reason: 'x', at: '2026-03-02T21:00:00Z' }).thenThrows(BedRequestStateError, /is open; only a request whose bed was given, or that was cancelled, can be reopened/);
  });

  it('is reopened when the ED decides to admit again after bed placement cancelled it', () => {
    const cancelled: BedRequestEvent = { type: 'adt.bed-request.cancelled', data: { requestId: 'r1', reason: 'telemetry full: re-request for 4W', at: '2026-03-02T19:40:00Z' } };
    const reopened: BedRequestEvent = { type: 'adt.bed-request.reopened', data: { requestId: 'r1', reason: 'the ED decided to admit again', at: '2026-03-02T20:00:00Z' } };
    spec.given([opened, cancelled]).when({ type: 'ReopenBedRequest', requestId: 'r1', reason: 'the ED decided to admit again', at: '2026-03-02T20:00:00Z' }).then([reopened]);
    spec.given([opened, cancelled, reopened]).when(assign).then([{ type: 'adt.bed-request.assigned', data: { requestId: 'r1', bedId: '5E-04', unitId: '5E', at: '2026-03-02T19:30:00Z' } }]);
  });
});
