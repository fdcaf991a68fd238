import { type AccountState, balanceOf, type BillingPolicy, billHolds, standingCharges } from './account.decider.js';
import { facilityDate } from './charge-capture.js';

export type QueueName = 'charge-review' | 'coding' | 'prebill' | 'claim-edit' | 'rejection' | 'follow-up' | 'denial' | 'self-pay';

export interface WorkItem {
  accountId: string;
  queue: QueueName;
  /** Edit, hold or denial category the biller works. */
  reason: string;
  payerId: string | null;
  owner: string;
  amountCents: number;
  /** The facility date aging counts from (discharge, or the remit date of a denial). */
  agingFrom: string;
  agingBucket: string;
}

const buckets: [number, string][] = [[30, '0-30'], [60, '31-60'], [90, '61-90'], [120, '91-120'], [180, '121-180']];

export function agingBucket(fromDate: string, today: string): string {
  const days = Math.round((Date.parse(today) - Date.parse(fromDate)) / 86_400_000);
  return buckets.find(([limit]) => days <= limit)?.[1] ?? '>180';
}

/**
 * Where the account is worked now, by lifecycle stage: an unpaid account always lands in a
 * queue (no "black hole"), and a settled one in none.
 */
export function classify(state: AccountState, policy: BillingPolicy, at: string): WorkItem | null {
  const balance = balanceOf(state);
  const today = facilityDate(at, policy.timeZone);
  const payerId = state.coverages.primary?.payerId ?? null;
  const item = (queue: QueueName, reason: string, owner: string, from: string): WorkItem => ({
    accountId: state.accountId,
    queue,
    reason,
    payerId,
    owner: state.assignee ?? owner,
    amountCents: balance,
    agingFrom: from,
    agingBucket: agingBucket(from, today),
  });
  const dischargeDate = state.discharge ? facilityDate(state.discharge.at, policy.timeZone) : null;
  const lastClaim = state.claims.at(-1);
  const latestDenial = state.denials.at(-1);
  if (latestDenial && lastClaim?.status === 'adjudicated') return item('denial', latestDenial.category, 'payer-team', latestDenial.remitDate);
  if (lastClaim?.status === 'rejected') return item('rejection', 'rejected by the payer (277CA)', 'billing-team', dischargeDate ?? today);
  // A claim went out, then the admission was cancelled: the payer must be told (void).
  if (state.cancelled && lastClaim && lastClaim.frequency !== '8') {
    return item('claim-edit', 'claim sent, then the admission was cancelled: void it', 'billing-team', facilityDate(state.cancelled.at, policy.timeZone));
  }
  // Charges that could not be priced or placed are worked first, in house or not: they are missing from any claim.
  if (state.heldCharges.length > 0) {
    const problems = [...new Set(state.heldCharges.map((h) => h.problem))].join(', ');
    const oldest = state.heldCharges.map((h) => h.serviceDate).sort()[0]!;
    return item('charge-review', `${state.heldCharges.length} held charge${state.heldCharges.length === 1 ? '' : 's'}: ${problems}`, 'charge-review-team', oldest);
  }
  if (state.cancelled) return null;
  if (state.claimEdits.length > 0) return item('claim-edit', state.claimEdits.map((e) => e.code).join(', '), 'billing-team', dischargeDate ?? today);
  // A claim went out for a stay that has not ended after all: the biller voids or replaces it.
  if (!dischargeDate && state.dischargeCancelled && lastClaim) {
    return item('claim-edit', 'claim sent, then the discharge was cancelled: void or replace it', 'billing-team', facilityDate(state.dischargeCancelled.at, policy.timeZone));
  }
  if (!dischargeDate) return null;
  // Everything it charged was taken back (moved to the inpatient claim, reversed) and nothing was billed: no queue.
  if (!lastClaim && balance === 0 && state.lines.length > 0 && standingCharges(state).length === 0) return null;
  const holds = billHolds(state, policy, at);
  if (holds.includes('coding-incomplete')) return item('coding', 'coding-incomplete', 'him-coding', dischargeDate);
  if (holds.length > 0) return item('prebill', holds.join(', '), 'billing-team', dischargeDate);
  if (balance === 0) return null;
  if (lastClaim?.status === 'sent') return item('follow-up', 'awaiting remittance', 'payer-team', dischargeDate);
  if (!lastClaim) return item('prebill', 'ready to bill', 'billing-team', dischargeDate);
  return item('self-pay', 'patient balance', 'self-pay-team', dischargeDate);
}
