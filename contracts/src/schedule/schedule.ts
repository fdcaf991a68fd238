import type { IntervalFrequencyCode, MedicationFrequency } from '../events/orders-codes.js';
import { DateTime, IANAZone } from 'luxon';

export const intervalHours: Readonly<Record<IntervalFrequencyCode, number>> = { q1h: 1, q2h: 2, q3h: 3, q4h: 4, q6h: 6, q8h: 8, q12h: 12 };

export interface OrderTiming {
  frequency: MedicationFrequency;
  start: string;
  stop: string | null;
}

/** Half-open [from, to): the span a worklist or MAR asks about. */
export interface TimeWindow {
  from: string;
  to: string;
}

const HOUR = 3_600_000;

/**
 * The instants (UTC, ISO) at which an order's doses fall due inside a window, from its start
 * (inclusive) to its stop (exclusive). PRN orders have no scheduled doses; once and STAT
 * orders have one, at their start.
 *
 * Two kinds of time, chosen on purpose (docs/adr/0007-order-schedules-and-dst.md):
 * - Clock frequencies (daily, BID...) are wall-clock times in the facility's zone, one per
 *   calendar day each. A time skipped by spring-forward is given that many minutes later
 *   (02:00 -> 03:00 EDT, 02:30 -> 03:30 EDT); a time repeated by fall-back is given at its
 *   first occurrence (01:30 EDT, not again at 01:30 EST). RFC 5545 §3.3.5 reads local times
 *   the same way.
 * - Interval frequencies (q4h...) are elapsed time from the first dose, whatever the clock
 *   says: q4h from 21:00 EDT on fall-back night is 01:00 EDT, then 04:00 EST.
 */
export function administrationInstants(timing: OrderTiming, zone: string, window: TimeWindow): string[] {
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`"${zone}" is not an IANA time zone`);
  const start = Date.parse(timing.start);
  const from = Math.max(start, Date.parse(window.from));
  const to = timing.stop === null ? Date.parse(window.to) : Math.min(Date.parse(timing.stop), Date.parse(window.to));
  const within = (instant: number) => instant >= from && instant < to;
  const iso = (instant: number) => new Date(instant).toISOString();
  const { frequency } = timing;
  switch (frequency.type) {
    case 'once':
    case 'stat':
      return within(start) ? [iso(start)] : [];
    case 'prn':
      return [];
    case 'interval': {
      const every = intervalHours[frequency.code] * HOUR;
      const instants: string[] = [];
      for (let instant = start + Math.max(0, Math.ceil((from - start) / every)) * every; instant < to; instant += every) instants.push(iso(instant));
      return instants;
    }
    case 'scheduled': {
      const instants: string[] = [];
      const lastDay = DateTime.fromMillis(to, { zone }).startOf('day');
      for (let day = DateTime.fromMillis(from, { zone }).startOf('day'); day <= lastDay; day = day.plus({ days: 1 })) {
        for (const time of frequency.times) {
          const instant = wallClock(day, time);
          if (within(instant)) instants.push(iso(instant));
        }
      }
      return instants.sort();
    }
    default:
      throw new Error(`unhandled frequency: ${JSON.stringify(frequency satisfies never)}`);
  }
}

/** A wall-clock time on a local day: shifted forward across a gap, the first of two in an overlap. */
function wallClock(day: DateTime, time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const local = day.set({ hour, minute, second: 0, millisecond: 0 });
  return Math.min(...local.getPossibleOffsets().map((candidate) => candidate.toMillis()));
}
