import type { EncounterEvent } from './encounter.decider.js';
import { type CensusLine, censusInstant, midnightCensus, patientDays, stayOf } from './census.js';

const zone = 'America/New_York';
const MedA = { bedId: 'MEDA-01', unitId: 'MED-A' };
const TeleB = { bedId: 'TELB-04', unitId: 'TELE-B' };
const admitted = (encounterId: string, at: string, b = MedA, cls: 'inpatient' | 'observation' = 'inpatient'): EncounterEvent => ({
  type: 'adt.encounter.admitted',
  data: { encounterId, patientId: `p-${encounterId}`, class: cls, ...b, at },
});

const line = (unitId: string, cls: CensusLine['class'], patients: number, moves: Partial<CensusLine> = {}): CensusLine => ({
  unitId,
  class: cls,
  patients,
  admissions: 0,
  transfersIn: 0,
  transfersOut: 0,
  discharges: 0,
  ...moves,
});

describe('midnight census', () => {
  it('takes the census at midnight ending the day in the facility zone, across both daylight-saving changes', () => {
    expect(censusInstant('2026-03-07', zone)).toBe('2026-03-08T05:00:00.000Z'); // EST
    expect(censusInstant('2026-03-08', zone)).toBe('2026-03-09T04:00:00.000Z'); // spring forward: a 23-hour day
    expect(censusInstant('2026-10-31', zone)).toBe('2026-11-01T04:00:00.000Z'); // EDT
    expect(censusInstant('2026-11-01', zone)).toBe('2026-11-02T05:00:00.000Z'); // fall back: a 25-hour day
  });

  it('counts a patient transferred at 23:59 on the new unit, by effective time (scenario 10)', () => {
    // The transfer took effect at 23:59 local (04:59Z) though it was entered after midnight.
    const stay = stayOf([
      admitted('e1', '2026-03-02T15:00:00Z'),
      { type: 'adt.encounter.transferred', data: { encounterId: 'e1', from: MedA, to: TeleB, at: '2026-03-03T04:59:00Z' } },
    ]);
    expect(midnightCensus([stay], '2026-03-02', zone)).toEqual([
      line('MED-A', 'inpatient', 0, { admissions: 1, transfersOut: 1 }),
      line('TELE-B', 'inpatient', 1, { transfersIn: 1 }),
    ]);
    // The next day the patient simply stays on TeleB.
    expect(midnightCensus([stay], '2026-03-03', zone)).toEqual([line('TELE-B', 'inpatient', 1)]);
  });

  it('balances: last night’s count plus the day’s arrivals less its departures is tonight’s count', () => {
    const stays = [
      stayOf([admitted('e1', '2026-03-01T15:00:00Z'), { type: 'adt.encounter.discharged', data: { encounterId: 'e1', ...MedA, disposition: '01', at: '2026-03-02T16:00:00Z' } }]),
      stayOf([admitted('e2', '2026-03-01T18:00:00Z'), { type: 'adt.encounter.transferred', data: { encounterId: 'e2', from: MedA, to: TeleB, at: '2026-03-02T14:00:00Z' } }]),
      stayOf([admitted('e3', '2026-03-02T20:00:00Z')]),
      stayOf([admitted('e4', '2026-03-01T20:00:00Z'), { type: 'adt.encounter.transferred', data: { encounterId: 'e4', from: MedA, to: { bedId: 'MEDA-02', unitId: 'MED-A' }, at: '2026-03-02T12:00:00Z' } }]),
    ];
    const before = midnightCensus(stays, '2026-03-01', zone);
    const after = midnightCensus(stays, '2026-03-02', zone);
    expect(after).toEqual([line('MED-A', 'inpatient', 2, { admissions: 1, transfersOut: 1, discharges: 1 }), line('TELE-B', 'inpatient', 1, { transfersIn: 1 })]);
    for (const tonight of after) {
      const lastNight = before.find((l) => l.unitId === tonight.unitId && l.class === tonight.class)?.patients ?? 0;
      expect(lastNight + tonight.admissions + tonight.transfersIn - tonight.transfersOut - tonight.discharges).toBe(tonight.patients);
    }
  });

  it('does not count a patient on leave at midnight (scenario 9)', () => {
    const stay = stayOf([
      admitted('e1', '2026-03-01T15:00:00Z'),
      { type: 'adt.encounter.leave-started', data: { encounterId: 'e1', at: '2026-03-02T23:00:00Z', expectedReturnAt: null } }, // 18:00 local
      { type: 'adt.encounter.leave-ended', data: { encounterId: 'e1', at: '2026-03-03T15:00:00Z' } }, // 10:00 next day
    ]);
    expect(midnightCensus([stay], '2026-03-01', zone)).toHaveLength(1);
    expect(midnightCensus([stay], '2026-03-02', zone)).toEqual([]);
    expect(midnightCensus([stay], '2026-03-03', zone)).toHaveLength(1);
  });

  it('counts the admit day, not the discharge day, and a same-day stay as one patient day', () => {
    const overnight = stayOf([admitted('e1', '2026-03-02T15:00:00Z'), { type: 'adt.encounter.discharged', data: { encounterId: 'e1', ...MedA, disposition: '01', at: '2026-03-03T16:00:00Z' } }]);
    const sameDay = stayOf([admitted('e2', '2026-03-02T13:00:00Z'), { type: 'adt.encounter.discharged', data: { encounterId: 'e2', ...MedA, disposition: '01', at: '2026-03-02T20:00:00Z' } }]);
    expect(patientDays([overnight, sameDay], '2026-03-02', zone)).toBe(2);
    expect(patientDays([overnight, sameDay], '2026-03-03', zone)).toBe(0);
  });

  it('drops a cancelled transfer and a cancelled admission from the census', () => {
    const transferCancelled = stayOf([
      admitted('e1', '2026-03-02T15:00:00Z'),
      { type: 'adt.encounter.transferred', data: { encounterId: 'e1', from: MedA, to: TeleB, at: '2026-03-03T03:10:00Z' } },
      { type: 'adt.encounter.transfer-cancelled', data: { encounterId: 'e1', from: TeleB, backTo: MedA, transferAt: '2026-03-03T03:10:00Z', reason: 'entered in error' } },
    ]);
    const admitCancelled = stayOf([
      admitted('e2', '2026-03-02T15:00:00Z'),
      { type: 'adt.encounter.admit-cancelled', data: { encounterId: 'e2', ...MedA, reason: 'wrong patient', patientArrived: false } },
    ]);
    expect(midnightCensus([transferCancelled, admitCancelled], '2026-03-02', zone)).toEqual([line('MED-A', 'inpatient', 1, { admissions: 1 })]);
  });

  it('keeps observation patients on their own census line', () => {
    const obs = stayOf([admitted('e1', '2026-03-02T19:00:00Z', MedA, 'observation')]);
    const inpatient = stayOf([admitted('e2', '2026-03-02T19:00:00Z')]);
    expect(midnightCensus([obs, inpatient], '2026-03-02', zone)).toEqual([
      line('MED-A', 'inpatient', 1, { admissions: 1 }),
      line('MED-A', 'observation', 1, { admissions: 1 }),
    ]);
  });

  it('refuses an impossible date, naming it', () => {
    expect(() => censusInstant('2026-02-30', zone)).toThrow(/2026-02-30/);
  });
});
