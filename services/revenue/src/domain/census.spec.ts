import { censusDays, emptyStay, type EncounterEvent, evolveStay, type Facility, observationHours } from './census.js';

const facility: Facility = { timeZone: 'America/New_York', accommodationByUnit: { '4W': '0121', '5E': '0120', ICU: '0200' }, leaveOfAbsence: '0180' };
const stayOf = (events: EncounterEvent[]) => events.reduce(evolveStay, emptyStay('e1'));
const admitted = (at: string, unitId = '4W'): EncounterEvent => ({ type: 'adt.encounter.admitted', data: { encounterId: 'e1', patientId: 'p1', class: 'inpatient', bedId: `${unitId}-1`, unitId, at } });
const discharged = (at: string): EncounterEvent => ({ type: 'adt.encounter.discharged', data: { encounterId: 'e1', bedId: '4W-1', unitId: '4W', disposition: '01', at } });

describe('midnight census', () => {
  it('bills one day for a patient in a 0121 bed at 23:59, and the same night again adds nothing', () => {
    const stay = stayOf([admitted('2025-01-01T10:00:00-05:00')]);
    const first = censusDays(stay, facility, '2025-01-02T00:00:00-05:00');
    expect(first).toEqual([{ encounterId: 'e1', date: '2025-01-01', revenueCode: '0121', bedId: '4W-1' }]);
    expect(censusDays(stay, facility, '2025-01-02T00:30:00-05:00')).toEqual(first);
  });

  it('counts the day of admission and not the day of discharge', () => {
    const stay = stayOf([admitted('2025-01-01T22:15:00-05:00'), discharged('2025-01-04T11:00:00-05:00')]);
    expect(censusDays(stay, facility, '2025-01-10T00:00:00-05:00').map((d) => d.date)).toEqual(['2025-01-01', '2025-01-02', '2025-01-03']);
  });

  it('bills a same-day admission and discharge as one day', () => {
    const stay = stayOf([admitted('2025-01-01T08:00:00-05:00'), discharged('2025-01-01T17:00:00-05:00')]);
    expect(censusDays(stay, facility, '2025-01-02T12:00:00-05:00')).toEqual([{ encounterId: 'e1', date: '2025-01-01', revenueCode: '0121', bedId: '4W-1' }]);
  });

  it('finds the local midnights across the spring-forward and fall-back days', () => {
    const spring = stayOf([admitted('2026-03-07T20:00:00-05:00'), discharged('2026-03-10T09:00:00-04:00')]);
    expect(censusDays(spring, facility, '2026-03-11T00:00:00-04:00').map((d) => d.date)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    // 23:30 EDT on 31 Oct is before the local midnight; 00:30 EST on 2 Nov is after the 1 Nov midnight (a 25-hour day).
    const fall = stayOf([admitted('2026-10-31T23:30:00-04:00')]);
    expect(censusDays(fall, facility, '2026-11-02T00:30:00-05:00').map((d) => d.date)).toEqual(['2026-10-31', '2026-11-01']);
  });

  it('bills the bed held at midnight, and forgets a transfer that was cancelled', () => {
    const transferred: EncounterEvent = { type: 'adt.encounter.transferred', data: { encounterId: 'e1', from: { bedId: '5E-1', unitId: '5E' }, to: { bedId: 'ICU-1', unitId: 'ICU' }, at: '2025-01-01T23:30:00-05:00' } };
    const cancelled: EncounterEvent = {
      type: 'adt.encounter.transfer-cancelled',
      data: { encounterId: 'e1', from: { bedId: 'ICU-1', unitId: 'ICU' }, backTo: { bedId: '5E-1', unitId: '5E' }, transferAt: '2025-01-01T23:30:00-05:00', reason: 'wrong patient' },
    };
    const asOf = '2025-01-02T01:10:00-05:00';
    expect(censusDays(stayOf([admitted('2025-01-01T12:00:00-05:00', '5E'), transferred]), facility, asOf).map((d) => d.revenueCode)).toEqual(['0200']);
    expect(censusDays(stayOf([admitted('2025-01-01T12:00:00-05:00', '5E'), transferred, cancelled]), facility, asOf).map((d) => d.revenueCode)).toEqual(['0120']);
  });

  it('bills no room days while the patient is in observation, and from the inpatient order on', () => {
    const observed: EncounterEvent = { type: 'adt.encounter.admitted', data: { encounterId: 'e1', patientId: 'p1', class: 'observation', bedId: '4W-1', unitId: '4W', at: '2025-01-01T02:00:00-05:00' } };
    const toInpatient: EncounterEvent = { type: 'adt.encounter.class-changed', data: { encounterId: 'e1', from: 'observation', to: 'inpatient', at: '2025-01-01T22:00:00-05:00' } };
    expect(censusDays(stayOf([observed]), facility, '2025-01-03T00:00:00-05:00')).toEqual([]);
    expect(censusDays(stayOf([observed, toInpatient]), facility, '2025-01-02T00:00:00-05:00').map((d) => d.date)).toEqual(['2025-01-01']);
  });
});

describe('observation hours', () => {
  const tz = facility.timeZone;
  const observed = (at: string): EncounterEvent => ({ type: 'adt.encounter.admitted', data: { encounterId: 'e1', patientId: 'p1', class: 'observation', bedId: '4W-1', unitId: '4W', at } });
  const toInpatient = (at: string): EncounterEvent => ({ type: 'adt.encounter.class-changed', data: { encounterId: 'e1', from: 'observation', to: 'inpatient', at } });

  it('counts 20 hours of observation until the inpatient order, and bills days only from the order (scenario 7)', () => {
    const stay = stayOf([observed('2025-01-01T10:00:00-05:00'), toInpatient('2025-01-02T06:00:00-05:00'), discharged('2025-01-04T11:00:00-05:00')]);
    expect(observationHours(stay, tz)).toEqual({ encounterId: 'e1', date: '2025-01-01', hours: 20 });
    expect(stay.inpatientFrom).toBe('2025-01-02T06:00:00-05:00');
    expect(censusDays(stay, facility, '2025-01-10T00:00:00-05:00').map((d) => d.date)).toEqual(['2025-01-02', '2025-01-03']);
  });

  it('counts nothing while observation lasts, and ends it at the discharge, to the nearest hour', () => {
    expect(observationHours(stayOf([observed('2025-01-01T10:00:00-05:00')]), tz)).toBeNull();
    expect(observationHours(stayOf([observed('2025-01-01T10:00:00-05:00'), discharged('2025-01-02T04:29:00-05:00')]), tz)?.hours).toBe(18);
    expect(observationHours(stayOf([observed('2025-01-01T10:00:00-05:00'), discharged('2025-01-02T04:31:00-05:00')]), tz)?.hours).toBe(19);
  });

  it('takes the hours back when the discharge that ended observation is cancelled', () => {
    const cancelled: EncounterEvent = {
      type: 'adt.encounter.discharge-cancelled',
      data: { encounterId: 'e1', bedId: '4W-1', unitId: '4W', previousBed: { bedId: '4W-1', unitId: '4W' }, reason: 'wrong patient' },
    };
    expect(observationHours(stayOf([observed('2025-01-01T10:00:00-05:00'), discharged('2025-01-01T20:00:00-05:00'), cancelled]), tz)).toBeNull();
  });

  it('adds a later stretch of observation (inpatient changed to outpatient, condition code 44) from its own order', () => {
    const toObservation: EncounterEvent = { type: 'adt.encounter.class-changed', data: { encounterId: 'e1', from: 'inpatient', to: 'observation', at: '2025-01-01T20:00:00-05:00' } };
    const stay = stayOf([admitted('2025-01-01T08:00:00-05:00'), toObservation, discharged('2025-01-02T08:00:00-05:00')]);
    expect(observationHours(stay, tz)).toEqual({ encounterId: 'e1', date: '2025-01-01', hours: 12 });
    expect(stay.inpatientFrom).toBeNull();
  });
});
