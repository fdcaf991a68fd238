import { shiftWindow } from './shift.js';

const zone = 'America/New_York';

describe('the nursing shift the MAR shows', () => {
  it('finds the day shift around a morning instant', () => {
    expect(shiftWindow(zone, '2026-05-04T10:30:00-04:00')).toEqual({ from: '2026-05-04T11:00:00.000Z', to: '2026-05-04T23:00:00.000Z' });
  });

  it('finds the night shift that began the evening before, after midnight', () => {
    expect(shiftWindow(zone, '2026-05-04T03:00:00-04:00')).toEqual({ from: '2026-05-03T23:00:00.000Z', to: '2026-05-04T11:00:00.000Z' });
  });

  it('lasts 13 hours on the fall-back night: 19:00 EDT to 07:00 EST', () => {
    expect(shiftWindow(zone, '2026-11-01T01:30:00-05:00')).toEqual({ from: '2026-10-31T23:00:00.000Z', to: '2026-11-01T12:00:00.000Z' });
  });

  it('runs from a given start to the next shift start on the wall clock', () => {
    expect(shiftWindow(zone, '2026-05-04T10:30:00-04:00', '2026-05-04T15:00:00-04:00')).toEqual({ from: '2026-05-04T19:00:00.000Z', to: '2026-05-04T23:00:00.000Z' });
  });
});
