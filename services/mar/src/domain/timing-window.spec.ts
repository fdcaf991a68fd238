import type { MedicationFrequency } from '@ehr/contracts';
import { doseTiming, ismpTimingPolicy, windowMinutes } from './timing-window.js';

const scheduled = (code: 'daily' | 'BID' | 'TID' | 'QID'): MedicationFrequency => ({ type: 'scheduled', code, times: ['09:00'] });
const every = (code: 'q1h' | 'q2h' | 'q3h' | 'q4h' | 'q6h' | 'q8h' | 'q12h'): MedicationFrequency => ({ type: 'interval', code });

describe('ISMP timing windows', () => {
  it('gives time-critical doses 30 minutes either side, whatever their frequency', () => {
    expect(windowMinutes(scheduled('daily'), true, ismpTimingPolicy)).toBe(30);
    expect(windowMinutes(every('q12h'), true, ismpTimingPolicy)).toBe(30);
  });

  it('gives doses more often than q4h 30 minutes, BID to q12h one hour, daily two hours', () => {
    expect(['q1h', 'q2h', 'q3h'].map((c) => windowMinutes(every(c as 'q1h'), false, ismpTimingPolicy))).toEqual([30, 30, 30]);
    expect(['q4h', 'q6h', 'q8h', 'q12h'].map((c) => windowMinutes(every(c as 'q4h'), false, ismpTimingPolicy))).toEqual([60, 60, 60, 60]);
    expect(['BID', 'TID', 'QID'].map((c) => windowMinutes(scheduled(c as 'BID'), false, ismpTimingPolicy))).toEqual([60, 60, 60]);
    expect(windowMinutes(scheduled('daily'), false, ismpTimingPolicy)).toBe(120);
  });

  it('applies no window to one-time, STAT and PRN doses', () => {
    expect(windowMinutes({ type: 'once' }, true, ismpTimingPolicy)).toBeNull();
    expect(windowMinutes({ type: 'stat' }, false, ismpTimingPolicy)).toBeNull();
    expect(windowMinutes({ type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 30, unit: 'mg' }, indication: 'pain' }, false, ismpTimingPolicy)).toBeNull();
  });

  it('takes a facility policy instead of the ISMP defaults', () => {
    expect(windowMinutes(scheduled('daily'), false, { ...ismpTimingPolicy, dailyMinutes: 90 })).toBe(90);
  });
});

describe('due, late and missed', () => {
  const insulin = { dueAt: '2026-05-04T12:00:00-04:00', frequency: scheduled('TID'), timeCritical: true, nextDueAt: '2026-05-04T17:00:00-04:00' };
  const at = (time: string) => `2026-05-04T${time}:00-04:00`;

  it('turns a time-critical dose late at 12:31 and missed at the policy threshold (scenario 10)', () => {
    expect(doseTiming(insulin, at('11:29'), ismpTimingPolicy)).toBe('upcoming');
    expect(doseTiming(insulin, at('11:30'), ismpTimingPolicy)).toBe('due');
    expect(doseTiming(insulin, at('12:30'), ismpTimingPolicy)).toBe('due');
    expect(doseTiming(insulin, at('12:31'), ismpTimingPolicy)).toBe('late');
    expect(doseTiming(insulin, at('13:00'), ismpTimingPolicy)).toBe('missed');
  });

  it('misses any other dose when the next one falls due', () => {
    const bid = { dueAt: at('09:00'), frequency: scheduled('BID'), timeCritical: false, nextDueAt: at('21:00') };
    expect(doseTiming(bid, at('10:01'), ismpTimingPolicy)).toBe('late');
    expect(doseTiming(bid, at('20:59'), ismpTimingPolicy)).toBe('late');
    expect(doseTiming(bid, at('21:00'), ismpTimingPolicy)).toBe('missed');
  });

  it('misses the last dose of an order by the policy threshold', () => {
    const last = { dueAt: at('09:00'), frequency: scheduled('daily'), timeCritical: false, nextDueAt: null };
    expect(doseTiming(last, at('11:01'), ismpTimingPolicy)).toBe('late');
    expect(doseTiming(last, at('13:00'), ismpTimingPolicy)).toBe('missed');
  });

  it('keeps a moved 03:00 EDT dose on spring-forward night from turning late before 03:00 plus its window (scenario 14)', () => {
    const dose = { dueAt: '2026-03-08T03:00:00-04:00', frequency: scheduled('daily'), timeCritical: false, nextDueAt: null };
    expect(doseTiming(dose, '2026-03-08T04:59:00-04:00', ismpTimingPolicy)).toBe('due');
    expect(doseTiming(dose, '2026-03-08T05:01:00-04:00', ismpTimingPolicy)).toBe('late');
  });

  it('shows a one-time dose upcoming, then due, never late', () => {
    const once = { dueAt: at('09:00'), frequency: { type: 'once' } as const, timeCritical: false, nextDueAt: null };
    expect(doseTiming(once, at('08:00'), ismpTimingPolicy)).toBe('upcoming');
    expect(doseTiming(once, at('23:00'), ismpTimingPolicy)).toBe('due');
  });
});
