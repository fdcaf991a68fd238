import { observationNotice } from './observation.js';

describe('observation notice (MOON)', () => {
  it('is due 36 hours after observation began: placed at 14:00, due by 02:00 the day after next (scenario 11)', () => {
    // 14:00 EST on 2 March is 19:00Z.
    expect(observationNotice([{ class: 'observation', from: '2026-03-02T19:00:00Z' }], null)).toEqual({
      observationStartedAt: '2026-03-02T19:00:00.000Z',
      requiredAt: '2026-03-03T19:00:00.000Z',
      dueBy: '2026-03-04T07:00:00.000Z',
    });
  });

  it('is owed once observation ran past 24 hours, even after conversion to inpatient', () => {
    const history = [
      { class: 'observation' as const, from: '2026-03-02T19:00:00Z' },
      { class: 'inpatient' as const, from: '2026-03-03T21:00:00Z' },
    ];
    expect(observationNotice(history, null)?.dueBy).toBe('2026-03-04T07:00:00.000Z');
  });

  it('is not owed when observation ended within 24 hours, by conversion or discharge', () => {
    const converted = [
      { class: 'observation' as const, from: '2026-03-02T19:00:00Z' },
      { class: 'inpatient' as const, from: '2026-03-03T10:00:00Z' },
    ];
    expect(observationNotice(converted, null)).toBeNull();
    expect(observationNotice([{ class: 'observation', from: '2026-03-02T19:00:00Z' }], '2026-03-03T18:59:00Z')).toBeNull();
  });

  it('is never owed for an inpatient stay', () => {
    expect(observationNotice([{ class: 'inpatient', from: '2026-03-02T19:00:00Z' }], null)).toBeNull();
  });

  it('counts elapsed hours across the spring-forward night', () => {
    // 7 March 22:00 EST; clocks jump at 02:00 on 8 March; 36 elapsed hours later is 10:00 EDT on 9 March.
    expect(observationNotice([{ class: 'observation', from: '2026-03-08T03:00:00Z' }], null)?.dueBy).toBe('2026-03-09T15:00:00.000Z');
  });
});
