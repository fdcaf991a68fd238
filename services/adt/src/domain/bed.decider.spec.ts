import { specFor } from '@ehr/platform/testing';
import { type BedEvent, bedDecider } from './bed.decider.js';
import { BedBlockedError, BedNotReadyError, BedOccupiedError, IsolationMismatchError } from './adt-errors.js';

const spec = specFor(bedDecider);
const bed = { bedId: '5E-03', unitId: '5E' };
const commissioned: BedEvent = { type: 'adt.bed.commissioned', data: { ...bed, roomId: '5E-R03', label: '5E-03', sharing: false } };
const occupiedBy = (encounterId: string, patientId: string): BedEvent => ({ type: 'adt.bed.occupied', data: { ...bed, encounterId, patientId, at: '2026-03-02T08:00:00Z' } });
const vacated: BedEvent = { type: 'adt.bed.vacated', data: { ...bed, encounterId: 'e1', patientId: 'p1', at: '2026-03-02T15:00:00Z', needsCleaning: true } };
const occupy = { type: 'OccupyBed', ...bed, encounterId: 'e2', patientId: 'p2', at: '2026-03-02T16:00:00Z', isolationNeeded: null } as const;

describe('bed', () => {
  it('takes a patient when clean', () => {
    spec.given([commissioned]).when(occupy).then([{ type: 'adt.bed.occupied', data: { ...bed, encounterId: 'e2', patientId: 'p2', at: occupy.at } }]);
  });

  it('refuses a second patient while occupied', () => {
    spec.given([commissioned, occupiedBy('e1', 'p1')]).when(occupy).thenThrows(BedOccupiedError, /5E-03 is occupied; choose another bed, or free this one first/);
  });

  it('takes a second patient when flagged for sharing (mother and baby)', () => {
    const sharing: BedEvent = { type: 'adt.bed.commissioned', data: { ...bed, roomId: 'R', label: '5E-03', sharing: true } };
    spec.given([sharing, occupiedBy('e1', 'p1')]).when(occupy).thenState((s) => expect(s.occupants).toHaveLength(2));
  });

  it('refuses a dirty bed, and holds it for a patient only with an override reason', () => {
    spec.given([commissioned, occupiedBy('e1', 'p1'), vacated]).when(occupy).thenThrows(BedNotReadyError, /is dirty/);
    const reserve = { type: 'ReserveBed', ...bed, encounterId: 'e2', patientId: 'p2' } as const;
    spec.given([commissioned, occupiedBy('e1', 'p1'), vacated]).when(reserve).thenThrows(BedNotReadyError, /override reason/);
    spec
      .given([commissioned, occupiedBy('e1', 'p1'), vacated])
      .when({ ...reserve, overrideReason: 'EVS on the way, ED boarding' })
      .then([{ type: 'adt.bed.reserved', data: { ...bed, encounterId: 'e2', patientId: 'p2', overrideReason: 'EVS on the way, ED boarding' } }]);
  });

  it('refuses a blocked bed, naming the reason', () => {
    spec.given([commissioned, { type: 'adt.bed.blocked', data: { ...bed, reason: 'broken bed rail' } }]).when(occupy).thenThrows(BedBlockedError, /broken bed rail/);
  });

  it('under isolation accepts only a patient needing the same isolation', () => {
    const isolated: BedEvent = { type: 'adt.bed.isolation-set', data: { ...bed, isolation: 'airborne' } };
    spec.given([commissioned, isolated]).when(occupy).thenThrows(IsolationMismatchError, /airborne/);
    spec.given([commissioned, isolated]).when({ ...occupy, isolationNeeded: 'airborne' }).thenState((s) => expect(s.status).toBe('occupied'));
  });

  it('records EVS turnaround split into wait and clean (discharge 10:00, start 10:25, clean 11:05)', () => {
    const out: BedEvent = { type: 'adt.bed.vacated', data: { ...bed, encounterId: 'e1', patientId: 'p1', at: '2026-03-02T10:00:00Z', needsCleaning: true } };
    const started: BedEvent = { type: 'adt.bed.cleaning-started', data: { ...bed, at: '2026-03-02T10:25:00Z' } };
    spec
      .given([commissioned, occupiedBy('e1', 'p1'), out, started])
      .when({ type: 'MarkBedClean', ...bed, at: '2026-03-02T11:05:00Z' })
      .then([{ type: 'adt.bed.cleaned', data: { ...bed, at: '2026-03-02T11:05:00Z', turnaroundMinutes: 65, waitMinutes: 25, cleanMinutes: 40 } }]);
    spec
      .given([commissioned, occupiedBy('e1', 'p1'), out, started])
      .when({ type: 'MarkBedClean', ...bed, at: '2026-03-02T11:05:00Z' })
      .thenState((s) => expect(s.status).toBe('available'));
  });

  it('will not be blocked while a patient is in it', () => {
    spec.given([commissioned, occupiedBy('e1', 'p1')]).when({ type: 'BlockBed', ...bed, reason: 'maintenance' }).thenThrows(BedOccupiedError);
  });
});
