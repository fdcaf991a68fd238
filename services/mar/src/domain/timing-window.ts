import { intervalHours, type MedicationFrequency } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { addMinutes } from './local-time.js';

/**
 * A facility's timing policy for scheduled doses (ISMP 2011 acute-care guidelines; CMS lets each
 * hospital write its own). Minutes either side of the due time.
 */
export interface TimingPolicy {
  /** On the hospital's time-critical list (insulin, antibiotics...). */
  timeCriticalMinutes: number;
  /** Dosed more often than every 4 hours. */
  moreOftenThanQ4hMinutes: number;
  /** More than daily, up to every 4 hours (BID, TID, QID, q4h...q12h). */
  severalDailyMinutes: number;
  /** Daily (and longer). */
  dailyMinutes: number;
  /** A time-critical dose not documented this long after its due time is missed. */
  timeCriticalMissedAfterMinutes: number;
  /** Any other dose is missed when the next one falls due; the last one of an order this long after due. */
  lastDoseMissedAfterMinutes: number;
}

export const ismpTimingPolicy: TimingPolicy = {
  timeCriticalMinutes: 30,
  moreOftenThanQ4hMinutes: 30,
  severalDailyMinutes: 60,
  dailyMinutes: 120,
  timeCriticalMissedAfterMinutes: 60,
  lastDoseMissedAfterMinutes: 240,
};

/**
 * Minutes either side of the due time in which a dose counts as on time; `null` where ISMP
 * windows do not apply (one-time, STAT and PRN doses).
 */
export function windowMinutes(frequency: MedicationFrequency, timeCritical: boolean, policy: TimingPolicy): number | null {
  switch (frequency.type) {
    case 'once':
    case 'stat':
    case 'prn':
      return null;
    case 'interval':
      if (timeCritical) return policy.timeCriticalMinutes;
      return intervalHours[frequency.code] < 4 ? policy.moreOftenThanQ4hMinutes : policy.severalDailyMinutes;
    case 'scheduled':
      if (timeCritical) return policy.timeCriticalMinutes;
      return frequency.code === 'daily' ? policy.dailyMinutes : policy.severalDailyMinutes;
    default:
      return exhaustive(frequency);
  }
}

export type DoseTiming = 'upcoming' | 'due' | 'late' | 'missed';

export interface TimedDose {
  dueAt: string;
  frequency: MedicationFrequency;
  timeCritical: boolean;
  /** The order's next dose after this one, if any: a non-time-critical dose is missed then. */
  nextDueAt: string | null;
}

/**
 * Where an undocumented dose stands at `now`: upcoming before its window opens, due inside it,
 * late after it closes, missed at the policy's threshold. One-time and STAT doses are due from
 * their time on and never turn late by this rule.
 */
export function doseTiming(dose: TimedDose, now: string, policy: TimingPolicy): DoseTiming {
  const minutes = windowMinutes(dose.frequency, dose.timeCritical, policy);
  const at = Date.parse(now);
  if (minutes === null) return at < Date.parse(dose.dueAt) ? 'upcoming' : 'due';
  if (at < Date.parse(addMinutes(dose.dueAt, -minutes))) return 'upcoming';
  if (at <= Date.parse(addMinutes(dose.dueAt, minutes))) return 'due';
  const missedAt = dose.timeCritical
    ? addMinutes(dose.dueAt, policy.timeCriticalMissedAfterMinutes)
    : (dose.nextDueAt ?? addMinutes(dose.dueAt, policy.lastDoseMissedAfterMinutes));
  return at < Date.parse(missedAt) ? 'late' : 'missed';
}
