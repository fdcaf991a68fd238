import { DateTime } from 'luxon';
import { type AccountState, type ClaimRecord, lastClaim } from './account-state.js';
import { facilityDate } from './charge-capture.js';

// Interim bills of a long stay (UB-04 type of bill 0112, 0113, 0114): each bills its own days,
// and the days of one never reach another's statement period.

/** A long stay may bill 60 days after admission and every 60 days after (CMS, IPPS). */
export const interimDays = 60;

export interface BillPeriod {
  from: string;
  through: string;
  frequency: '2' | '3' | '4';
}

const plusDays = (date: string, days: number): string => DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;

/** The interim bills with the payer (or answered by it), oldest first: the periods already billed. */
const interimClaims = (state: AccountState): ClaimRecord[] => state.claims.filter((c) => c.status !== 'rejected' && (c.frequency === '2' || c.frequency === '3'));

/** Whether the stay has been billed in interim bills, so its discharge bill is the last interim (0114). */
export const billedInterim = (state: AccountState): boolean => interimClaims(state).length > 0;

/**
 * The next interim bill of an in-house stay: from the admission (0112) or the day after the last
 * interim's through date (0113), for 60 days. It is due once its last day's midnight has passed
 * (that night's room charge is posted); before, null.
 */
export function nextInterimPeriod(state: AccountState, today: string, timeZone: string): BillPeriod | null {
  if (!state.admission) return null;
  const last = interimClaims(state).at(-1)?.statementPeriod;
  const from = last ? plusDays(last.through, 1) : facilityDate(state.admission.at, timeZone);
  const through = plusDays(from, interimDays - 1);
  return today > through ? { from, through, frequency: last ? '3' : '2' } : null;
}

/** The discharge bill after interim bills (0114): from the day after the last interim to the discharge date. */
export function lastInterimPeriod(state: AccountState, timeZone: string): BillPeriod | null {
  const last = interimClaims(state).at(-1)?.statementPeriod;
  if (!last || !state.discharge) return null;
  return { from: plusDays(last.through, 1), through: facilityDate(state.discharge.at, timeZone), frequency: '4' };
}

/**
 * The charges a period bills: those dated within it. The last bill takes everything from its
 * first day on, so a charge dated after the discharge is stopped by the scrubber, not dropped.
 */
export const chargesIn = (state: AccountState, period: BillPeriod): string[] =>
  state.lines.filter((l) => l.serviceDate >= period.from && (period.frequency === '4' || l.serviceDate <= period.through)).map((l) => l.chargeId);

/**
 * Whether a charge dated `serviceDate` changes what a claim with the payer billed: any day once
 * the whole stay (or its last interim) was billed; while the stay goes on, only a day an interim
 * bill covered, since later days are the next bill's.
 */
export function changesBilledDays(state: AccountState, serviceDate: string): boolean {
  const last = lastClaim(state);
  if (!last) return false;
  if ((last.frequency === '2' || last.frequency === '3') && last.statementPeriod) return serviceDate <= last.statementPeriod.through;
  return true;
}
