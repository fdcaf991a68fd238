import { fold } from '@ehr/platform';
import { defaultEdThresholds, type EdThresholds, visitTimers } from './timers.js';
import { visitDecider, type VisitEvent } from './visit.decider.js';

const t = (hhmm: string) => `2026-03-02T${hhmm}:00Z`;
const visitId = 'v1';
const arrived: VisitEvent = { type: 'ed.visit.arrived', data: { visitId, patientId: 'p1', mode: 'walk-in', at: t('13:00') } };
const triaged = (esi: 1 | 2 | 3 | 4 | 5): VisitEvent => ({
  type: 'ed.visit.triaged',
  data: {
    visitId,
    esi,
    chiefComplaint: 'chest pain',
    vitals: { heartRate: 90, respiratoryRate: 18, oxygenSaturation: 97, systolicPressure: null, diastolicPressure: null, temperatureCelsius: null, painScore: null },
    dangerZone: null,
    at: t('13:05'),
  },
});
const roomed = (roomId: string, at: string): VisitEvent => ({ type: 'ed.visit.roomed', data: { visitId, roomId, at: t(at) } });
const timersAt = (events: VisitEvent[], now: string, thresholds?: EdThresholds) => visitTimers(fold(visitDecider, events), t(now), thresholds);

describe('board timers', () => {
  it('turns door-to-room yellow at 45 minutes and red at 60 by default', () => {
    expect(timersAt([arrived], '13:44').doorToRoom.level).toBe('normal');
    expect(timersAt([arrived], '13:45').doorToRoom.level).toBe('yellow');
    expect(timersAt([arrived], '14:00').doorToRoom).toEqual({ startedAt: t('13:00'), stoppedAt: null, elapsedMinutes: 60, level: 'red' });
  });

  it('stops door-to-room at the first room, keeping its colour when the patient moves on', () => {
    const events = [arrived, roomed('ED-05', '13:50'), { type: 'ed.visit.room-released', data: { visitId, roomId: 'ED-05', at: t('14:30') } } as VisitEvent, roomed('HALL-1', '14:30')];
    expect(timersAt(events, '18:00').doorToRoom).toEqual({ startedAt: t('13:00'), stoppedAt: t('13:50'), elapsedMinutes: 50, level: 'yellow' });
  });

  it('takes every threshold from configuration', () => {
    const strict: EdThresholds = { ...defaultEdThresholds, doorToRoom: { yellowAtMinutes: 10, redAtMinutes: 20 } };
    expect(timersAt([arrived], '13:20', strict).doorToRoom.level).toBe('red');
    expect(timersAt([arrived], '13:20').doorToRoom.level).toBe('normal');
  });

  it('shows door-to-provider only once triage has set the ESI target (75 % yellow, 100 % red)', () => {
    expect(timersAt([arrived], '13:04').doorToProvider).toBeNull();
    expect(timersAt([arrived, triaged(2)], '13:10').doorToProvider?.level).toBe('normal');
    expect(timersAt([arrived, triaged(2)], '13:11').doorToProvider?.level).toBe('yellow');
    expect(timersAt([arrived, triaged(2)], '13:14').doorToProvider?.level).toBe('red');
    expect(timersAt([arrived, triaged(4)], '14:30').doorToProvider?.level).toBe('yellow');
    expect(timersAt([arrived, triaged(4)], '15:00').doorToProvider?.level).toBe('red');
  });

  it('stops door-to-provider at the first provider', () => {
    const seen: VisitEvent = { type: 'ed.visit.provider-assigned', data: { visitId, providerId: 'md-1', at: t('13:40') } };
    expect(timersAt([arrived, triaged(3), seen], '17:00').doorToProvider).toEqual({ startedAt: t('13:00'), stoppedAt: t('13:40'), elapsedMinutes: 40, level: 'normal' });
  });

  it('runs length of stay to red at 8 hours and stops it at departure', () => {
    expect(timersAt([arrived], '19:00').lengthOfStay.level).toBe('yellow');
    expect(timersAt([arrived], '21:00').lengthOfStay.level).toBe('red');
    const left: VisitEvent = { type: 'ed.visit.departed', data: { visitId, disposition: 'lwbs', dischargeStatus: '07', at: t('13:30') } };
    const timers = timersAt([arrived, left], '23:00');
    expect(timers.lengthOfStay).toEqual({ startedAt: t('13:00'), stoppedAt: t('13:30'), elapsedMinutes: 30, level: 'normal' });
    expect(timers.doorToRoom.stoppedAt).toBe(t('13:30'));
  });

  it('has no boarding clock without a decision to admit', () => {
    expect(timersAt([arrived], '15:00').boarding).toBeNull();
  });

  it('shows no negative time when the clock reading is behind the arrival', () => {
    expect(timersAt([arrived], '12:58').lengthOfStay.elapsedMinutes).toBe(0);
  });
});
