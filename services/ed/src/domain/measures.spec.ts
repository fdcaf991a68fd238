import type { AdmissionDecisionSource, DischargeDisposition } from '@ehr/contracts';
import { type EdThresholds, defaultEdThresholds } from './timers.js';
import { admitDecisionToDeparture, doorToProvider, ecat, leftWithoutBeingSeenRate, median, op18 } from './measures.js';
import { type VisitCommand, visitDecider, type VisitState } from './visit.decider.js';

const start = Date.parse('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
const period = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

/** Runs commands through the decider, so every visit here is one the ED could really record. */
function play(commands: VisitCommand[]): VisitState {
  let state = visitDecider.initialState;
  for (const command of commands) for (const event of visitDecider.decide(command, state)) state = visitDecider.evolve(state, event);
  return state;
}

interface Story {
  providerAfter?: number;
  roomAfter?: number;
  end:
    | { kind: 'discharged' | 'transferred'; after: number; status?: DischargeDisposition; diagnosis?: string }
    | { kind: 'admitted'; after: number; decisions: Array<[AdmissionDecisionSource, number]> }
    | { kind: 'lwbs' | 'expired'; after: number };
}

function visit(id: string, story: Story): VisitState {
  const visitId = id;
  const commands: VisitCommand[] = [{ type: 'RegisterArrival', visitId, patientId: `p-${id}`, mode: 'walk-in', at: at(0) }];
  if (story.roomAfter !== undefined) commands.push({ type: 'AssignRoom', visitId, roomId: `R-${id}`, at: at(story.roomAfter) });
  if (story.end.kind !== 'lwbs' && story.end.kind !== 'expired') {
    commands.push({ type: 'AssignProvider', visitId, providerId: 'md-1', at: at(story.providerAfter ?? 10) });
  }
  const end = story.end;
  switch (end.kind) {
    case 'discharged':
    case 'transferred':
      commands.push(
        {
          type: 'DecideDischarge',
          visitId,
          disposition: end.kind,
          dischargeStatus: end.status ?? (end.kind === 'discharged' ? '01' : '02'),
          diagnosisCode: end.diagnosis ?? null,
          at: at(end.after),
        },
        { type: 'RecordDeparture', visitId, at: at(end.after) },
      );
      break;
    case 'admitted':
      for (const [source, minutes] of end.decisions) commands.push({ type: 'DecideAdmission', visitId, source, at: at(minutes) });
      commands.push({ type: 'RecordDeparture', visitId, at: at(end.after) });
      break;
    case 'lwbs':
      commands.push({ type: 'RecordLeftWithoutBeingSeen', visitId, at: at(end.after) });
      break;
    case 'expired':
      commands.push({ type: 'RecordDeath', visitId, at: at(end.after) });
      break;
  }
  return play(commands);
}

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([600, 90, 150, 120, 200])).toBe(150);
    expect(median([90, 120, 150, 200])).toBe(135);
    expect(median([])).toBeNull();
  });
});

describe('OP-18: arrival to departure for discharged ED patients (scenario 18)', () => {
  const discharged = [90, 120, 150, 200, 600].map((minutes, i) => visit(`d${i}`, { end: { kind: 'discharged', after: minutes } }));
  const admitted = visit('a1', { end: { kind: 'admitted', after: 30, decisions: [['admit-order', 20]] } });
  const died = visit('x1', { end: { kind: 'expired', after: 45 } });

  it('is 150 minutes, leaving out admitted patients and deaths', () => {
    expect(op18([...discharged, admitted, died], period).all).toEqual({ visits: 5, medianMinutes: 150 });
  });

  it('puts mental health and acute hospital transfers in their own strata', () => {
    const psych = visit('m1', { end: { kind: 'discharged', after: 400, diagnosis: 'F32.9' } });
    const transfer = visit('t1', { end: { kind: 'transferred', after: 300, status: '02' } });
    const toNursingHome = visit('t2', { end: { kind: 'transferred', after: 110, status: '03' } });
    const result = op18([...discharged, psych, transfer, toNursingHome], period);
    expect(result.all).toEqual({ visits: 8, medianMinutes: 175 });
    expect(result.mentalHealth).toEqual({ visits: 1, medianMinutes: 400 });
    expect(result.transferredToAcuteHospital).toEqual({ visits: 1, medianMinutes: 300 });
    expect(result.other).toEqual({ visits: 6, medianMinutes: 135 });
  });

  it('counts a visit in the period its departure falls in, the end excluded', () => {
    const v = visit('d9', { end: { kind: 'discharged', after: 60 } });
    expect(op18([v], { from: at(60), to: at(61) }).all.visits).toBe(1);
    expect(op18([v], { from: at(0), to: at(60) }).all).toEqual({ visits: 0, medianMinutes: null });
  });
});

describe('door to provider', () => {
  it('is the median from arrival to the first provider, without patients who left unseen', () => {
    const visits = [
      visit('a', { providerAfter: 20, end: { kind: 'discharged', after: 100 } }),
      visit('b', { providerAfter: 40, end: { kind: 'discharged', after: 100 } }),
      visit('c', { providerAfter: 90, end: { kind: 'admitted', after: 300, decisions: [['admit-order', 120]] } }),
      visit('d', { end: { kind: 'lwbs', after: 150 } }),
    ];
    expect(doorToProvider(visits, period)).toEqual({ visits: 3, medianMinutes: 40 });
  });
});

describe('ED-2: decision to admit to departure (scenario 17)', () => {
  // Arrival 08:00; bed request (decision) at 14:00, admit order at 14:20, departure at 20:00.
  const boarder = visit('b1', { end: { kind: 'admitted', after: 720, decisions: [['bed-request', 360], ['admit-order', 380]] } });

  it('is 360 minutes from the first documented decision, 340 from the one closest to admission', () => {
    expect(admitDecisionToDeparture([boarder], period, 'first-documented')).toEqual({ visits: 1, medianMinutes: 360 });
    expect(admitDecisionToDeparture([boarder], period, 'closest-to-admission')).toEqual({ visits: 1, medianMinutes: 340 });
  });

  it('goes by the documented times, not the order they were entered in', () => {
    const lateEntry = visit('b2', { end: { kind: 'admitted', after: 720, decisions: [['admit-order', 380], ['bed-request', 360]] } });
    expect(admitDecisionToDeparture([lateEntry], period, 'first-documented').medianMinutes).toBe(360);
    expect(admitDecisionToDeparture([lateEntry], period, 'closest-to-admission').medianMinutes).toBe(340);
  });

  it('counts admitted patients only', () => {
    const home = visit('h1', { end: { kind: 'discharged', after: 100 } });
    expect(admitDecisionToDeparture([boarder, home], period, 'first-documented').visits).toBe(1);
  });
});

describe('OP-22: left without being seen', () => {
  it('is the share of all ED visits that left before a provider evaluation', () => {
    const visits = [
      visit('a', { end: { kind: 'discharged', after: 100 } }),
      visit('b', { end: { kind: 'lwbs', after: 150 } }),
      visit('c', { end: { kind: 'admitted', after: 200, decisions: [['admit-order', 100]] } }),
      visit('d', { end: { kind: 'discharged', after: 100 } }),
    ];
    expect(leftWithoutBeingSeenRate(visits, period)).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(leftWithoutBeingSeenRate([], period)).toEqual({ numerator: 0, denominator: 0, rate: null });
  });
});

describe('ECAT: emergency care access and timeliness', () => {
  const visits = [
    visit('ok', { roomAfter: 30, end: { kind: 'discharged', after: 200 } }),
    visit('wait', { roomAfter: 61, end: { kind: 'discharged', after: 200 } }),
    visit('lwbs', { end: { kind: 'lwbs', after: 45 } }),
    visit('board', { roomAfter: 10, end: { kind: 'admitted', after: 400, decisions: [['bed-request', 150]] } }),
    visit('long', { roomAfter: 70, end: { kind: 'discharged', after: 481 } }),
  ];

  it('counts each gap, and each visit with any gap once', () => {
    expect(ecat(visits, period)).toEqual({
      any: { numerator: 4, denominator: 5, rate: 0.8 },
      waitedForRoom: 2,
      leftWithoutBeingEvaluated: 1,
      boarded: 1,
      longStay: 1,
    });
  });

  it('uses the configured limits', () => {
    const lenient: EdThresholds = { ...defaultEdThresholds, doorToRoom: { yellowAtMinutes: 60, redAtMinutes: 90 }, boarding: { yellowAtMinutes: 120, redAtMinutes: 300 } };
    const result = ecat(visits, period, lenient);
    expect([result.waitedForRoom, result.boarded, result.any.numerator]).toEqual([0, 0, 2]);
  });
});
