import type { BedEvent } from './bed.decider.js';
import { bedDecider } from './bed.decider.js';
import { decideSwap } from './bed-swap.js';
import { encounterDecider, type EncounterEvent } from './encounter.decider.js';
import { fold } from '@ehr/platform';

const at = '2026-03-02T15:00:00Z';
const bedA = { bedId: '4W-01A', unitId: '4W' };
const bedB = { bedId: '5E-02', unitId: '5E' };
const admitted = (encounterId: string, patientId: string, bed: typeof bedA): EncounterEvent => ({
  type: 'adt.encounter.admitted',
  data: { encounterId, patientId, class: 'inpatient', ...bed, at: '2026-03-02T08:00:00Z' },
});
const commissioned = (bed: typeof bedA): BedEvent => ({ type: 'adt.bed.commissioned', data: { ...bed, roomId: bed.bedId, label: bed.bedId, sharing: false } });
const occupied = (bed: typeof bedA, encounterId: string, patientId: string): BedEvent => ({ type: 'adt.bed.occupied', data: { ...bed, encounterId, patientId, at: '2026-03-02T08:00:00Z' } });

function given(extra: { first?: EncounterEvent[]; bedB?: BedEvent[] } = {}) {
  return {
    first: fold(encounterDecider, [admitted('e1', 'p1', bedA), ...(extra.first ?? [])]),
    second: fold(encounterDecider, [admitted('e2', 'p2', bedB)]),
    beds: new Map([
      [bedA.bedId, fold(bedDecider, [commissioned(bedA), occupied(bedA, 'e1', 'p1')])],
      [bedB.bedId, fold(bedDecider, [commissioned(bedB), ...(extra.bedB ?? []), occupied(bedB, 'e2', 'p2')])],
    ]),
  };
}

describe('two patients swap beds (A17)', () => {
  it('moves each encounter into the other bed, marked with the other, and each bed straight from one patient to the other', () => {
    const decision = decideSwap({ type: 'SwapBeds', encounterId: 'e1', otherEncounterId: 'e2', at }, given());
    expect(decision.encounters).toEqual([
      { encounterId: 'e1', events: [{ type: 'adt.encounter.transferred', data: { encounterId: 'e1', from: bedA, to: bedB, at, swappedWith: 'e2' } }] },
      { encounterId: 'e2', events: [{ type: 'adt.encounter.transferred', data: { encounterId: 'e2', from: bedB, to: bedA, at, swappedWith: 'e1' } }] },
    ]);
    expect(decision.beds).toEqual([
      {
        bedId: bedA.bedId,
        events: [
          { type: 'adt.bed.vacated', data: { ...bedA, encounterId: 'e1', patientId: 'p1', at, needsCleaning: false } },
          { type: 'adt.bed.occupied', data: { ...bedA, encounterId: 'e2', patientId: 'p2', at } },
        ],
      },
      {
        bedId: bedB.bedId,
        events: [
          { type: 'adt.bed.vacated', data: { ...bedB, encounterId: 'e2', patientId: 'p2', at, needsCleaning: false } },
          { type: 'adt.bed.occupied', data: { ...bedB, encounterId: 'e1', patientId: 'p1', at } },
        ],
      },
    ]);
  });

  it('is refused whole when one patient is on leave, or for a swap with itself', () => {
    const onLeave: EncounterEvent = { type: 'adt.encounter.leave-started', data: { encounterId: 'e1', at, expectedReturnAt: null } };
    expect(() => decideSwap({ type: 'SwapBeds', encounterId: 'e1', otherEncounterId: 'e2', at }, given({ first: [onLeave] }))).toThrow('is on leave of absence');
    expect(() => decideSwap({ type: 'SwapBeds', encounterId: 'e1', otherEncounterId: 'e1', at }, given())).toThrow('cannot swap beds with itself');
  });

  it('is refused when the other patient would land in an isolation bed they do not need', () => {
    const isolation: BedEvent = { type: 'adt.bed.isolation-set', data: { ...bedB, isolation: 'contact' } };
    expect(() => decideSwap({ type: 'SwapBeds', encounterId: 'e1', otherEncounterId: 'e2', at }, given({ bedB: [isolation] }))).toThrow('isolation');
  });
});
