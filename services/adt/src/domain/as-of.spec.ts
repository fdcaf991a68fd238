import { encounterAt } from './as-of.js';
import { stayOf } from './census.js';
import type { EncounterEvent } from './encounter.decider.js';

const e = 'e1';
const MedA = { bedId: '4W-01A', unitId: '4W' };
const Tele = { bedId: '5E-02', unitId: '5E' };
const admitted: EncounterEvent = { type: 'adt.encounter.admitted', data: { encounterId: e, patientId: 'p1', class: 'observation', ...MedA, at: '2026-03-02T10:00:00Z' } };
const transferred: EncounterEvent = { type: 'adt.encounter.transferred', data: { encounterId: e, from: MedA, to: Tele, at: '2026-03-02T23:59:00Z' } };

describe('an encounter as of a past instant', () => {
  it('is where the patient was at that instant, by effective time, in the class in force then', () => {
    const stay = stayOf([
      admitted,
      { type: 'adt.encounter.class-changed', data: { encounterId: e, from: 'observation', to: 'inpatient', at: '2026-03-02T16:00:00Z' } },
      transferred,
      { type: 'adt.encounter.leave-started', data: { encounterId: e, at: '2026-03-03T12:00:00Z', expectedReturnAt: null } },
      { type: 'adt.encounter.leave-ended', data: { encounterId: e, at: '2026-03-03T15:00:00Z' } },
      { type: 'adt.encounter.discharged', data: { encounterId: e, ...Tele, disposition: '01', at: '2026-03-04T11:00:00Z' } },
    ]);
    expect(encounterAt(stay, '2026-03-02T09:59:59Z', null)).toBeNull();
    expect(encounterAt(stay, '2026-03-02T12:00:00Z', null)).toEqual({ status: 'in-progress', class: 'observation', bed: MedA });
    expect(encounterAt(stay, '2026-03-02T20:00:00Z', null)).toEqual({ status: 'in-progress', class: 'inpatient', bed: MedA });
    expect(encounterAt(stay, '2026-03-03T00:00:00Z', null)).toEqual({ status: 'in-progress', class: 'inpatient', bed: Tele });
    expect(encounterAt(stay, '2026-03-03T13:00:00Z', null)).toEqual({ status: 'onleave', class: 'inpatient', bed: Tele });
    expect(encounterAt(stay, '2026-03-04T11:00:00Z', null)).toEqual({ status: 'finished', class: 'inpatient', bed: null });
  });

  it('forgets a transfer that was cancelled: the patient never left the first bed', () => {
    const stay = stayOf([
      admitted,
      transferred,
      { type: 'adt.encounter.transfer-cancelled', data: { encounterId: e, from: Tele, backTo: MedA, transferAt: '2026-03-02T23:59:00Z', reason: 'wrong patient' } },
    ]);
    expect(encounterAt(stay, '2026-03-03T06:00:00Z', null)?.bed).toEqual(MedA);
  });

  it('is planned from the pre-admission until arrival, and a cancelled admission was never in a bed', () => {
    const preadmitted: EncounterEvent = { type: 'adt.encounter.preadmitted', data: { encounterId: e, patientId: 'p1', class: 'inpatient', expectedAt: '2026-03-02T10:00:00Z', bed: null } };
    const planned = { recordedAt: '2026-03-01T09:00:00Z', class: 'inpatient' as const };
    const stay = stayOf([preadmitted, { ...admitted, data: { ...admitted.data, class: 'inpatient' } }]);
    expect(encounterAt(stay, '2026-03-01T08:00:00Z', planned)).toBeNull();
    expect(encounterAt(stay, '2026-03-01T12:00:00Z', planned)).toEqual({ status: 'planned', class: 'inpatient', bed: null });
    expect(encounterAt(stay, '2026-03-02T11:00:00Z', planned)?.status).toBe('in-progress');
    const cancelled = stayOf([admitted, { type: 'adt.encounter.admit-cancelled', data: { encounterId: e, ...MedA, reason: 'wrong patient', patientArrived: false } }]);
    expect(encounterAt(cancelled, '2026-03-02T12:00:00Z', null)).toEqual({ status: 'cancelled', class: 'observation', bed: null });
  });
});
