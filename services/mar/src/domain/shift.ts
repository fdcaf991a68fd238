import { DateTime } from 'luxon';
import type { TimeWindow } from '@ehr/contracts';

/** Nursing shifts start at these wall-clock hours in the facility's zone (07:00-19:00, 19:00-07:00). */
const shiftStartHours = [7, 19] as const;

/**
 * The shift containing `at`, or starting at `start` when given. Shifts run from one start hour
 * to the next on the wall clock, so a night shift across a DST change lasts 11 or 13 hours.
 */
export function shiftWindow(zone: string, at: string, start: string | null = null): TimeWindow {
  const local = DateTime.fromISO(start ?? at, { zone });
  if (!local.isValid) throw new RangeError(`"${start ?? at}" is not a date and time`);
  const day = local.startOf('day');
  const starts = [day.minus({ days: 1 }).set({ hour: 19 }), ...shiftStartHours.map((hour) => day.set({ hour })), day.plus({ days: 1 }).set({ hour: 7 })];
  const index = start === null ? starts.findLastIndex((s) => s <= local) : -1;
  const from = index >= 0 ? starts[index]! : local;
  const to = index >= 0 ? starts[index + 1]! : nextShiftStart(from);
  return { from: from.toUTC().toISO()!, to: to.toUTC().toISO()! };
}

/** The next shift start hour after `from`, on the wall clock. */
function nextShiftStart(from: DateTime): DateTime {
  const day = from.startOf('day');
  const candidates = [...shiftStartHours.map((hour) => day.set({ hour })), ...shiftStartHours.map((hour) => day.plus({ days: 1 }).set({ hour }))];
  return candidates.find((c) => c > from)!;
}
