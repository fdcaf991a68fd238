import type { TriageVitalSigns } from '@ehr/contracts';
import { fold } from '@ehr/platform';
import { boardRow } from './board-row.js';
import { doorToProvider, ecat, leftWithoutBeingSeenRate } from './measures.js';
import { type VisitCommand, visitDecider, type VisitEvent } from './visit.decider.js';

const t = (hhmm: string, day = '02') => `2026-03-${day}T${hhmm}:00Z`;
const visitId = 'v1';
const vitals: TriageVitalSigns = { heartRate: 118, respiratoryRate: 24, oxygenSaturation: 95, systolicPressure: 132, diastolicPressure: 84, temperatureCelsius: 37.4, painScore: 7 };

/** Runs commands through the decider and returns the events it recorded. */
function play(commands: VisitCommand[], history: VisitEvent[] = []): VisitEvent[] {
  const events = [...history];
  for (const command of commands) events.push(...visitDecider.decide(command, fold(visitDecider, events)));
  return events;
}

const arrival: VisitCommand = { type: 'RegisterArrival', visitId, patientId: 'p1', mode: 'ambulance', at: t('13:00') };
const triage = (esi: 2 | 3 | 4, dangerZoneAnswer: 'accepted' | 'declined' | null, at = '13:05'): VisitCommand => ({
  type: 'Triage',
  visitId,
  esi,
  chiefComplaint: 'shortness of breath',
  vitals,
  ageInMonths: 55 * 12,
  dangerZoneAnswer,
  retriageReason: null,
  at: t(at),
});

describe('tracking board row', () => {
  it('is empty before the arrival', () => {
    expect(boardRow([], t('13:00'))).toBeNull();
  });

  it('shows ESI, danger-zone flag, room, status and the assigned staff', () => {
    const events = play([
      arrival,
      triage(3, 'declined'),
      { type: 'AssignRoom', visitId, roomId: 'ED-07', at: t('13:20') },
      { type: 'AssignNurse', visitId, nurseId: 'rn-4', at: t('13:21') },
      { type: 'AssignProvider', visitId, providerId: 'md-2', at: t('13:30') },
    ]);
    expect(boardRow(events, t('13:40'))).toMatchObject({
      visitId,
      patientId: 'p1',
      arrivalMode: 'ambulance',
      esi: 3,
      chiefComplaint: 'shortness of breath',
      dangerZone: [
        { sign: 'heart-rate', value: 118, limit: 100 },
        { sign: 'respiratory-rate', value: 24, limit: 20 },
      ],
      roomId: 'ED-07',
      status: 'seen-by-provider',
      nurseId: 'rn-4',
      providerId: 'md-2',
      disposition: null,
      bedRequest: null,
      view: 'active',
    });
  });

  it('times door-to-provider against the ESI the nurse chose (scenario 15)', () => {
    const accepted = play([arrival, triage(2, 'accepted')]);
    const declined = play([arrival, triage(3, 'declined')]);
    expect(boardRow(accepted, t('13:15'))?.esi).toBe(2);
    expect(boardRow(accepted, t('13:15'))?.timers.doorToProvider?.level).toBe('red');
    expect(boardRow(declined, t('13:15'))?.timers.doorToProvider?.level).toBe('normal');
  });
});

describe('left without being seen after triage (scenario 16)', () => {
  const events = play([
    arrival,
    triage(4, null, '13:10'),
    { type: 'AssignRoom', visitId, roomId: 'WAIT-3', at: t('13:15') },
    { type: 'RecordLeftWithoutBeingSeen', visitId, at: t('15:40') },
  ]);

  it('closes the visit with LWBS and frees the waiting slot', () => {
    expect(events.slice(-2).map((e) => e.type)).toEqual(['ed.visit.room-released', 'ed.visit.departed']);
    expect(boardRow(events, t('15:41'))).toMatchObject({ status: 'departed', disposition: 'lwbs', roomId: null });
  });

  it('drops off the active board but stays on the look-up view for 48 hours', () => {
    expect(boardRow(events, t('15:41'))?.view).toBe('look-up');
    expect(boardRow(events, t('15:39', '04'))?.view).toBe('look-up');
    expect(boardRow(events, t('15:40', '04'))).toBeNull();
  });

  it('counts in the LWBS and ECAT numerators and stays out of door-to-provider', () => {
    const visit = fold(visitDecider, events);
    const period = { from: t('00:00'), to: t('00:00', '03') };
    expect(leftWithoutBeingSeenRate([visit], period)).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(ecat([visit], period).leftWithoutBeingEvaluated).toBe(1);
    expect(doorToProvider([visit], period)).toEqual({ visits: 0, medianMinutes: null });
  });
});

describe('admitted patient boarding for 6 hours (scenario 17)', () => {
  const decided = play([
    arrival,
    triage(3, 'declined'),
    { type: 'AssignRoom', visitId, roomId: 'ED-07', at: t('13:20') },
    { type: 'AssignProvider', visitId, providerId: 'md-2', at: t('13:30') },
    { type: 'DecideAdmission', visitId, source: 'bed-request', at: t('14:00') },
    { type: 'DecideAdmission', visitId, source: 'admit-order', at: t('14:20') },
  ]);

  it('starts the boarding clock at the decision to admit: yellow at 2 h, red at 4 h', () => {
    expect(boardRow(decided, t('15:59'))?.timers.boarding?.level).toBe('normal');
    expect(boardRow(decided, t('16:00'))?.timers.boarding?.level).toBe('yellow');
    expect(boardRow(decided, t('18:00'))?.timers.boarding?.level).toBe('red');
    expect(boardRow(decided, t('18:00'))).toMatchObject({ status: 'boarding', disposition: 'admitted', bedRequest: { status: 'open' } });
  });

  it('shows a request bed placement cancelled, with why, until the ED decides to admit again', () => {
    const cancelled = play([{ type: 'RecordBedRequestCancelled', visitId, reason: 'telemetry full; re-request for 4W', at: t('19:45') }], decided);
    expect(boardRow(cancelled, t('19:46'))).toMatchObject({ status: 'boarding', bedRequest: { status: 'cancelled', reason: 'telemetry full; re-request for 4W' } });
    const again = play([{ type: 'DecideAdmission', visitId, source: 'admit-order', at: t('20:00') }], cancelled);
    expect(boardRow(again, t('20:01'))?.bedRequest).toEqual({ status: 'open' });
  });

  it('shows the assigned bed, then stops the clock at 360 minutes at departure', () => {
    const bedReady = play([{ type: 'RecordBedAssigned', visitId, bedId: '5E-04', unitId: '5E', at: t('19:30') }], decided);
    expect(boardRow(bedReady, t('19:31'))?.bedRequest).toEqual({ status: 'assigned', bedId: '5E-04', unitId: '5E' });
    const gone = play([{ type: 'RecordDeparture', visitId, at: t('20:00') }], bedReady);
    expect(boardRow(gone, t('21:00'))).toMatchObject({
      view: 'look-up',
      bedRequest: null,
      timers: { boarding: { startedAt: t('14:00'), stoppedAt: t('20:00'), elapsedMinutes: 360, level: 'red' } },
    });
    expect(ecat([fold(visitDecider, gone)], { from: t('00:00'), to: t('00:00', '03') }).boarded).toBe(1);
  });
});

describe('ED to unit transfer cancelled (scenario 19)', () => {
  const upstairs = play([
    arrival,
    triage(3, 'declined'),
    { type: 'AssignRoom', visitId, roomId: 'ED-07', at: t('13:20') },
    { type: 'AssignProvider', visitId, providerId: 'md-2', at: t('13:30') },
    { type: 'DecideAdmission', visitId, source: 'admit-order', at: t('14:00') },
    { type: 'RecordBedAssigned', visitId, bedId: '5E-04', unitId: '5E', at: t('19:30') },
    { type: 'RecordDeparture', visitId, at: t('20:00') },
  ]);
  const back = play([{ type: 'CancelDeparture', visitId, reason: 'transfer to 5E cancelled: wrong patient moved', at: t('20:30') }], upstairs);

  it('returns the patient to the active board as a boarder, with the bed request open again', () => {
    expect(boardRow(upstairs, t('20:10'))?.view).toBe('look-up');
    expect(boardRow(back, t('20:31'))).toMatchObject({ view: 'active', status: 'boarding', roomId: null, bedRequest: { status: 'open' } });
  });

  it('keeps the boarding clock running from the original decision', () => {
    expect(boardRow(back, t('20:31'))?.timers.boarding).toMatchObject({ startedAt: t('14:00'), stoppedAt: null, level: 'red' });
  });
});
