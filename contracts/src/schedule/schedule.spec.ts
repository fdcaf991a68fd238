import type { MedicationFrequency } from '../events/orders-codes.js';
import { administrationInstants } from './schedule.js';

const zone = 'America/New_York';
const display = new Intl.DateTimeFormat('en-US', { timeZone: zone, day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
/** How the MAR shows an instant: local wall clock with the zone's abbreviation. */
const local = (instants: string[]) =>
  instants.map((i) => {
    const p = Object.fromEntries(display.formatToParts(new Date(i)).map((part) => [part.type, part.value]));
    return `${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
  });
const daily = (time: string): MedicationFrequency => ({ type: 'scheduled', code: 'daily', times: [time] });
const every = (code: 'q1h' | 'q4h' | 'q6h' | 'q8h' | 'q12h'): MedicationFrequency => ({ type: 'interval', code });

describe('administration schedule', () => {
  describe('interval frequencies count elapsed hours from the first dose', () => {
    it('q4h across fall-back: 21:00 EDT, 01:00 EDT, then 04:00 EST, four hours later (scenario 13)', () => {
      const instants = administrationInstants({ frequency: every('q4h'), start: '2026-10-31T21:00:00-04:00', stop: null }, zone, {
        from: '2026-10-31T00:00:00Z',
        to: '2026-11-01T13:00:00Z',
      });
      expect(instants).toEqual(['2026-11-01T01:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-01T09:00:00.000Z']);
      expect(local(instants)).toEqual(['31 21:00 EDT', '01 01:00 EDT', '01 04:00 EST']);
    });

    it('gives two doses that both read 01:30 on fall-back night distinct instants, shown with their offsets (scenario 13)', () => {
      const instants = administrationInstants({ frequency: every('q1h'), start: '2026-11-01T00:30:00-04:00', stop: '2026-11-01T02:31:00-05:00' }, zone, {
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-02T00:00:00Z',
      });
      expect(local(instants)).toEqual(['01 00:30 EDT', '01 01:30 EDT', '01 01:30 EST', '01 02:30 EST']);
      expect(new Set(instants).size).toBe(4);
    });

    it('q6h across spring-forward: 20:00 EST, then 03:00 EDT (six hours later), 09:00 EDT', () => {
      const instants = administrationInstants({ frequency: every('q6h'), start: '2026-03-07T20:00:00-05:00', stop: '2026-03-08T10:00:00-04:00' }, zone, {
        from: '2026-03-07T00:00:00Z',
        to: '2026-03-09T00:00:00Z',
      });
      expect(local(instants)).toEqual(['07 20:00 EST', '08 03:00 EDT', '08 09:00 EDT']);
    });

    it('anchors on the first dose, not on the clock (q12h first given 15:00: 15:00, 03:00, 15:00)', () => {
      const instants = administrationInstants({ frequency: every('q12h'), start: '2026-05-04T15:00:00-04:00', stop: null }, zone, {
        from: '2026-05-04T00:00:00-04:00',
        to: '2026-05-05T23:00:00-04:00',
      });
      expect(local(instants)).toEqual(['04 15:00 EDT', '05 03:00 EDT', '05 15:00 EDT']);
    });

    it('continues the same rhythm when the window opens between doses', () => {
      const instants = administrationInstants({ frequency: every('q8h'), start: '2026-05-04T06:00:00Z', stop: null }, zone, {
        from: '2026-05-05T10:00:00Z',
        to: '2026-05-06T06:00:00Z',
      });
      expect(instants).toEqual(['2026-05-05T14:00:00.000Z', '2026-05-05T22:00:00.000Z']);
    });
  });

  describe('clock frequencies are wall-clock times in the facility zone', () => {
    it('keeps daily 09:00 at 09:00 local, one per calendar day, across spring-forward (scenario 14)', () => {
      const instants = administrationInstants({ frequency: daily('09:00'), start: '2026-03-07T00:00:00-05:00', stop: null }, zone, {
        from: '2026-03-07T00:00:00-05:00',
        to: '2026-03-10T00:00:00-04:00',
      });
      expect(instants).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
      expect(local(instants)).toEqual(['07 09:00 EST', '08 09:00 EDT', '09 09:00 EDT']);
    });

    it('gives a 02:00 dose at 03:00 EDT on spring-forward night: not dropped, not doubled (scenario 14)', () => {
      const instants = administrationInstants({ frequency: daily('02:00'), start: '2026-03-06T12:00:00-05:00', stop: null }, zone, {
        from: '2026-03-07T00:00:00-05:00',
        to: '2026-03-10T00:00:00-04:00',
      });
      expect(local(instants)).toEqual(['07 02:00 EST', '08 03:00 EDT', '09 02:00 EDT']);
    });

    it('moves a skipped 02:30 by the length of the gap, to 03:30 EDT', () => {
      const instants = administrationInstants({ frequency: daily('02:30'), start: '2026-03-08T00:00:00-05:00', stop: null }, zone, {
        from: '2026-03-08T00:00:00-05:00',
        to: '2026-03-09T00:00:00-04:00',
      });
      expect(instants).toEqual(['2026-03-08T07:30:00.000Z']);
      expect(local(instants)).toEqual(['08 03:30 EDT']);
    });

    it('keeps BID 09:00/21:00 on the wall clock across fall-back, the night being an hour longer', () => {
      const instants = administrationInstants(
        { frequency: { type: 'scheduled', code: 'BID', times: ['09:00', '21:00'] }, start: '2026-10-31T08:00:00-04:00', stop: null },
        zone,
        { from: '2026-10-31T00:00:00-04:00', to: '2026-11-02T00:00:00-05:00' },
      );
      expect(instants).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T01:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T02:00:00.000Z']);
      expect(local(instants)).toEqual(['31 09:00 EDT', '31 21:00 EDT', '01 09:00 EST', '01 21:00 EST']);
    });

    it('gives a 01:30 dose once on fall-back night, at its first occurrence (01:30 EDT)', () => {
      const instants = administrationInstants({ frequency: daily('01:30'), start: '2026-10-31T12:00:00-04:00', stop: null }, zone, {
        from: '2026-11-01T00:00:00-04:00',
        to: '2026-11-02T00:00:00-05:00',
      });
      expect(instants).toEqual(['2026-11-01T05:30:00.000Z']);
      expect(local(instants)).toEqual(['01 01:30 EDT']);
    });

    it('starts at the first standard time after the order starts and stops before the stop time', () => {
      const instants = administrationInstants(
        { frequency: { type: 'scheduled', code: 'TID', times: ['09:00', '13:00', '17:00'] }, start: '2026-05-04T14:20:00-04:00', stop: '2026-05-05T13:00:00-04:00' },
        zone,
        { from: '2026-05-01T00:00:00Z', to: '2026-05-10T00:00:00Z' },
      );
      expect(local(instants)).toEqual(['04 17:00 EDT', '05 09:00 EDT']);
    });
  });

  describe('doses that are not on a schedule', () => {
    const window = { from: '2026-05-04T00:00:00Z', to: '2026-05-05T00:00:00Z' };

    it('gives a one-time or STAT dose at its start, when the start is in the window', () => {
      for (const frequency of [{ type: 'once' }, { type: 'stat' }] as const) {
        expect(administrationInstants({ frequency, start: '2026-05-04T10:17:00Z', stop: null }, zone, window)).toEqual(['2026-05-04T10:17:00.000Z']);
        expect(administrationInstants({ frequency, start: '2026-05-05T10:17:00Z', stop: null }, zone, window)).toEqual([]);
      }
    });

    it('schedules nothing for a PRN order', () => {
      const prn: MedicationFrequency = { type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 30, unit: 'mg' }, indication: 'pain' };
      expect(administrationInstants({ frequency: prn, start: '2026-05-04T10:00:00Z', stop: null }, zone, window)).toEqual([]);
    });
  });

  it('refuses a time zone that is not an IANA zone', () => {
    expect(() => administrationInstants({ frequency: daily('09:00'), start: '2026-05-04T10:00:00Z', stop: null }, 'Eastern', { from: '2026-05-04T00:00:00Z', to: '2026-05-05T00:00:00Z' })).toThrow(
      /"Eastern" is not an IANA time zone/,
    );
  });
});
