import type { DoseQuantity, MedicationFrequency } from '@ehr/contracts';
import { addMinutes, localClock } from './local-time.js';
import { MarRefusedError } from './mar-errors.js';

type Prn = Extract<MedicationFrequency, { type: 'prn' }>;

/** A PRN dose already given, as the command handler read it from the patient's record. */
export interface PriorPrnAdministration {
  at: string;
  amount: DoseQuantity;
  /** Who gave it: a nurse refused for it is told by whom. */
  by: string;
}

const show = (q: DoseQuantity) => `${q.value} ${q.unit}`;
const inMg: Partial<Record<DoseQuantity['unit'], number>> = { mcg: 0.001, mg: 1, g: 1000 };

/** The quantity in `unit`, or null when the two cannot be compared (tablets against mg). */
function convert(quantity: DoseQuantity, unit: DoseQuantity['unit']): number | null {
  if (quantity.unit === unit) return quantity.value;
  const from = inMg[quantity.unit];
  const to = inMg[unit];
  return from === undefined || to === undefined ? null : (quantity.value * from) / to;
}

/**
 * Checks a PRN dose at `at` against the order's minimum interval and 24-hour maximum. A dose
 * sooner than the interval needs a reason (the returned minutes early are recorded with it); the
 * 24-hour maximum is never overridden at the bedside. Returns how many minutes early it is.
 */
export function checkPrnLimits(prn: Prn, amount: DoseQuantity, at: string, prior: readonly PriorPrnAdministration[], earlyReasonGiven: boolean, zone: string): number {
  // A dose documented a moment later by another nurse may carry an earlier clock: the nearest
  // dose either side counts, not only the ones before `at`.
  const distance = (p: PriorPrnAdministration) => Math.abs(Date.parse(p.at) - Date.parse(at));
  const last = prior.reduce<PriorPrnAdministration | null>((nearest, p) => (nearest === null || distance(p) < distance(nearest) ? p : nearest), null);
  let minutesEarly = 0;
  if (last !== null) {
    const nextEligible = addMinutes(last.at, prn.minIntervalMinutes);
    minutesEarly = Math.max(0, prn.minIntervalMinutes - Math.floor(distance(last) / 60_000));
    if (minutesEarly > 0 && !earlyReasonGiven) {
      throw new MarRefusedError(
        'PRN_TOO_SOON',
        `Last given: ${show(last.amount)} by ${last.by} at ${localClock(zone, last.at)}; next eligible at ${localClock(zone, nextEligible)}. Give a reason to give it sooner.`,
        { lastGivenAt: last.at, lastGivenBy: last.by, lastAmount: last.amount, nextEligibleAt: nextEligible },
      );
    }
  }
  // Every 24 hours that hold this dose stay under the maximum: the doses within a day either side count.
  const amounts = [...prior.filter((p) => distance(p) < 24 * 3_600_000).map((p) => p.amount), amount].map((q) => convert(q, prn.maxPer24h.unit));
  if (amounts.some((value) => value === null)) {
    throw new MarRefusedError('PRN_MAXIMUM_UNCHECKABLE', `The 24-hour maximum is written in ${prn.maxPer24h.unit} and the doses are not; ask pharmacy before giving it.`);
  }
  const total = (amounts as number[]).reduce((sum, value) => sum + value, 0);
  if (total > prn.maxPer24h.value) {
    throw new MarRefusedError(
      'PRN_MAXIMUM_EXCEEDED',
      `This dose would make ${total} ${prn.maxPer24h.unit} in 24 hours, over the ordered maximum of ${prn.maxPer24h.value} ${prn.maxPer24h.unit}. Do not give it; contact the prescriber.`,
      { total, maximum: prn.maxPer24h },
    );
  }
  return minutesEarly;
}
