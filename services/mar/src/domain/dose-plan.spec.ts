import type { MedicationOrderDetails } from '@ehr/contracts';
import { doseIdFor, planDoses } from './dose-plan.js';
import type { MarOrder } from './mar-order.js';

const zone = 'America/New_York';
const antibiotic: MedicationOrderDetails = {
  kind: 'medication',
  drugId: 'cefazolin-1g-inj',
  drugName: 'Cefazolin 1 G Injection',
  dose: { value: 1, unit: 'g' },
  route: 'intravenous',
  frequency: { type: 'interval', code: 'q4h' },
  timeCritical: true,
  highAlert: false,
  controlledSchedule: null,
  indication: 'cellulitis',
  instructions: null,
};
const order = (overrides: Partial<MarOrder> = {}): MarOrder => ({
  orderId: 'o1',
  patientId: 'p1',
  encounterId: 'e1',
  priority: 'routine',
  start: '2026-10-31T21:00:00-04:00',
  stop: null,
  details: antibiotic,
  status: 'active',
  verifiedAt: '2026-10-31T20:00:00-04:00',
  holds: [],
  ended: null,
  ...overrides,
});
const night = { from: '2026-10-31T20:00:00-04:00', to: '2026-11-01T06:00:00-05:00' };
const slotsOf = (commands: ReturnType<typeof planDoses>) => commands.flatMap((c) => (c.type === 'ScheduleDose' ? [c.slot] : []));

describe('planning the doses of an order', () => {
  it('schedules a q4h antibiotic across fall-back at 21:00 EDT, 01:00 EDT, 04:00 EST: distinct instants (scenario 13)', () => {
    const commands = planDoses(order(), [], zone, night);
    expect(slotsOf(commands)).toEqual(['2026-11-01T01:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-01T09:00:00.000Z']);
    expect(commands[0]).toEqual({ type: 'ScheduleDose', doseId: 'o1@2026-11-01T01:00:00.000Z', order: order(), slot: '2026-11-01T01:00:00.000Z' });
  });

  it('generates a 02:00 clock dose at 03:00 EDT on spring-forward night, once (scenario 14)', () => {
    const nightly = order({ start: '2026-03-07T00:00:00-05:00', details: { ...antibiotic, frequency: { type: 'scheduled', code: 'daily', times: ['02:00'] } } });
    expect(slotsOf(planDoses(nightly, [], zone, { from: '2026-03-08T00:00:00-05:00', to: '2026-03-09T00:00:00-04:00' }))).toEqual(['2026-03-08T07:00:00.000Z']);
  });

  it('schedules nothing before pharmacy verifies the order, except a STAT dose, and nothing for a PRN order', () => {
    expect(planDoses(order({ verifiedAt: null }), [], zone, night)).toEqual([]);
    const statNow = order({ verifiedAt: null, priority: 'stat', start: '2026-10-31T21:30:00-04:00', details: { ...antibiotic, frequency: { type: 'stat' } } });
    expect(slotsOf(planDoses(statNow, [], zone, night))).toEqual(['2026-11-01T01:30:00.000Z']);
    expect(planDoses(order({ details: { ...antibiotic, frequency: { type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 4, unit: 'g' }, indication: 'fever' } } }), [], zone, night)).toEqual([]);
  });

  it('is idempotent: slots already on the MAR are not scheduled again', () => {
    const known = [{ doseId: doseIdFor('o1', '2026-11-01T01:00:00.000Z'), slot: '2026-10-31T21:00:00-04:00', open: true, cancelled: false }];
    expect(slotsOf(planDoses(order(), known, zone, night))).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-01T09:00:00.000Z']);
  });

  it('cancels open doses after a discontinuation and leaves documented ones alone', () => {
    const discontinued = order({ status: 'discontinued', ended: { status: 'discontinued', at: '2026-11-01T04:00:00Z', by: 'md-1', reason: 'changed' } });
    const known = [
      { doseId: 'a', slot: '2026-11-01T01:00:00.000Z', open: false, cancelled: false },
      { doseId: 'b', slot: '2026-11-01T05:00:00.000Z', open: true, cancelled: false },
      { doseId: 'c', slot: '2026-11-01T09:00:00.000Z', open: false, cancelled: false },
    ];
    expect(planDoses(discontinued, known, zone, night)).toEqual([{ type: 'CancelDose', doseId: 'b', reason: 'order-discontinued', at: '2026-11-01T04:00:00Z' }]);
  });

  it('takes the doses inside a hold off the MAR, not as missed, and schedules again after the resume (scenario 15)', () => {
    const qid: MedicationOrderDetails = { ...antibiotic, frequency: { type: 'scheduled', code: 'QID', times: ['09:00', '13:00', '17:00', '21:00'] } };
    const day = { from: '2026-05-04T00:00:00-04:00', to: '2026-05-05T00:00:00-04:00' };
    const start = '2026-05-03T12:00:00-04:00';
    const known = [
      { doseId: 'd09', slot: '2026-05-04T13:00:00.000Z', open: true, cancelled: false },
      { doseId: 'd13', slot: '2026-05-04T17:00:00.000Z', open: true, cancelled: false },
    ];
    const held = order({ start, details: qid, holds: [{ from: '2026-05-04T08:00:00-04:00', until: '2026-05-04T14:00:00-04:00', reason: 'procedure' }] });
    const commands = planDoses(held, known, zone, day);
    expect(commands.filter((c) => c.type === 'CancelDose')).toEqual([
      { type: 'CancelDose', doseId: 'd09', reason: 'order-held', at: '2026-05-04T08:00:00-04:00' },
      { type: 'CancelDose', doseId: 'd13', reason: 'order-held', at: '2026-05-04T08:00:00-04:00' },
    ]);
    expect(slotsOf(commands)).toEqual(['2026-05-04T21:00:00.000Z', '2026-05-05T01:00:00.000Z']);
  });

  it('leaves open doses inside a hold that still lasts on the MAR, and cancels them once the hold ends', () => {
    const known = [{ doseId: 'd', slot: '2026-11-01T05:00:00.000Z', open: true, cancelled: false }];
    const hold = { from: '2026-10-31T22:00:00-04:00', until: null, reason: 'NPO' };
    expect(planDoses(order({ status: 'on-hold', holds: [hold] }), known, zone, night).filter((c) => c.type === 'CancelDose')).toEqual([]);
    const resumed = order({ holds: [{ ...hold, until: '2026-11-01T03:00:00-04:00' }] });
    expect(planDoses(resumed, known, zone, night).filter((c) => c.type === 'CancelDose')).toEqual([{ type: 'CancelDose', doseId: 'd', reason: 'order-held', at: hold.from }]);
  });

  it('schedules nothing from the start of a hold that still lasts', () => {
    const onHold = order({ status: 'on-hold', holds: [{ from: '2026-10-31T22:00:00-04:00', until: null, reason: 'NPO' }] });
    expect(slotsOf(planDoses(onHold, [], zone, night))).toEqual(['2026-11-01T01:00:00.000Z']);
  });

  it('restores the doses a discharge took off the MAR once the order is reinstated, but not those a hold or a prescriber stopped', () => {
    const reinstated = order({ reinstatedAt: '2026-11-01T00:30:00-04:00' });
    const known = [
      { doseId: 'a', slot: '2026-11-01T01:00:00.000Z', open: false, cancelled: true },
      { doseId: 'b', slot: '2026-11-01T05:00:00.000Z', open: false, cancelled: true },
      { doseId: 'c', slot: '2026-11-01T09:00:00.000Z', open: false, cancelled: false },
    ];
    expect(planDoses(reinstated, known, zone, night)).toEqual([
      { type: 'RestoreDose', doseId: 'a', reason: 'order reinstated: discharge cancelled', at: '2026-11-01T00:30:00-04:00' },
      { type: 'RestoreDose', doseId: 'b', reason: 'order reinstated: discharge cancelled', at: '2026-11-01T00:30:00-04:00' },
    ]);
    // Never reinstated: a cancelled slot stays off the MAR.
    expect(planDoses(order(), known, zone, night)).toEqual([]);
    // Reinstated, then held over the 01:00 EDT slot: only the 21:00 EDT one comes back.
    const heldAgain = order({ reinstatedAt: reinstated.reinstatedAt, holds: [{ from: '2026-10-31T23:30:00-04:00', until: '2026-11-01T01:30:00-04:00', reason: 'NPO' }] });
    expect(planDoses(heldAgain, known, zone, night).map((c) => c.doseId)).toEqual(['a']);
  });
});
