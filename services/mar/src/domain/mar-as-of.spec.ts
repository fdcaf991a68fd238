import { marAsOf, type RecordedDoseEvent } from './mar-as-of.js';
import type { DoseEvent } from './dose-state.js';

const t = (time: string) => `2026-05-04T${time}:00-04:00`;
const scheduled = (doseId: string, dueAt: string): DoseEvent => ({ type: 'mar.dose.scheduled', data: { doseId, orderId: 'o1', patientId: 'p1', encounterId: 'e1', dueAt, timeCritical: false } });
const given: DoseEvent = {
  type: 'mar.dose.given',
  data: { doseId: 'd09', entryId: 'x1', orderId: 'o1', patientId: 'p1', amount: { value: 25, unit: 'mg' }, route: 'oral', site: null, by: 'rn-1', at: t('09:03'), verifiedBy: null, waste: null, timingVariance: null, packages: 1, partialDose: null, verificationOverride: null },
};
const inError: DoseEvent = { type: 'mar.dose.documented-in-error', data: { doseId: 'd09', entryId: 'x1', orderId: 'o1', reason: 'wrong slot', by: 'rn-1', at: t('11:00') } };
const history: RecordedDoseEvent[] = [
  { recordedAt: t('06:00'), event: scheduled('d21', '2026-05-05T01:00:00.000Z') },
  { recordedAt: t('06:00'), event: scheduled('d09', '2026-05-04T13:00:00.000Z') },
  // Documented late: given at 09:03, charted at 09:40.
  { recordedAt: t('09:40'), event: given },
  { recordedAt: t('11:00'), event: inError },
];

describe('the MAR as it stood at a past instant', () => {
  it('shows only what had been recorded by then, doses in due-time order', () => {
    expect(marAsOf(history, t('07:00')).map((d) => [d.doseId, d.status])).toEqual([
      ['d09', 'open'],
      ['d21', 'open'],
    ]);
    expect(marAsOf(history, t('09:30'))[0]!.status).toBe('open');
  });

  it('shows the dose given between charting and correction, and the correction after (scenario 18)', () => {
    const before = marAsOf(history, t('10:00'))[0]!;
    expect(before.status).toBe('given');
    expect(before.entries[0]!.inError).toBeNull();
    const after = marAsOf(history, t('12:00'))[0]!;
    expect(after.status).toBe('open');
    expect(after.entries[0]).toMatchObject({ entryId: 'x1', by: 'rn-1', at: t('09:03'), inError: { reason: 'wrong slot', by: 'rn-1', at: t('11:00') } });
  });

  it('is empty before anything was recorded', () => {
    expect(marAsOf(history, t('05:00'))).toEqual([]);
  });
});
