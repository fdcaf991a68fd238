import type { ChargeSource } from '@ehr/contracts';
import { type AccountEvent, type AccountState, evolve, type HeldCharge, type PostedLine, standingCharges } from './account-state.js';
import type { ChargeAction, ChargeLine } from './charge-capture.js';
import { changesBilledDays } from './interim-bill.js';

// How charges reach the account: posted once per source, reversed by linked lines when the source
// is corrected, or held for review when they cannot be priced or placed; never dropped.

export function captureCharges(state: AccountState, actions: ChargeAction[], at: string): AccountEvent[] {
  const events: AccountEvent[] = [];
  let current = state;
  // Late: a charge on a day a sent claim billed (after interim bills, only the days they covered).
  const late = (serviceDate: string) => changesBilledDays(state, serviceDate);
  for (const action of actions) {
    const source = action.kind === 'post' ? action.line.source : action.source;
    const standing = standingCharges(current).filter((c) => sameSource(c.source, source));
    const held = current.heldCharges.filter((h) => sameSource(h.source, source));
    const produced: AccountEvent[] = [];
    const release = (outcome: 'posted' | 'withdrawn', note: string) => {
      for (const h of held) produced.push({ type: 'revenue.charge.hold-released', data: { accountId: state.accountId, holdId: h.holdId, outcome, note, by: 'system:revenue', at } });
    };
    if (action.kind === 'post' && current.cancelled) {
      // Care charged to an admission that was cancelled has no claim to go on: a biller places it.
      const line = action.line;
      const hold: ChargeAction = { kind: 'hold', source, chargeCode: line.chargeCode, serviceDate: line.serviceDate, quantity: line.quantity, problem: 'ADMISSION_CANCELLED', reason: `the admission was cancelled (${current.cancelled.reason}); post the charge to the right account or discard it` };
      produced.push(...holdCharge(current, hold, held, at));
    } else if (action.kind === 'post') {
      if (held.length > 0) release('posted', `priced as ${action.line.chargeCode} on ${action.line.serviceDate}`);
      // The same source posted again (a redelivered event, a census rerun) changes nothing.
      if (!standing.some((c) => c.revenueCode === action.line.revenueCode && c.quantity === action.line.quantity && c.serviceDate === action.line.serviceDate)) produced.push(posted(current, action.line, at, late(action.line.serviceDate)));
    } else if (action.kind === 'reverse') {
      for (const charge of standing) produced.push(reversal(current, charge, action.reason, at, late(charge.serviceDate)));
      if (held.length > 0) release('withdrawn', action.reason);
    } else {
      produced.push(...holdCharge(current, action, held, at));
    }
    for (const e of produced) current = evolve(current, e);
    events.push(...produced);
  }
  const changedBilled = events.some((e) => (e.type === 'revenue.charge.posted' || e.type === 'revenue.charge.reversed') && e.data.late);
  if (changedBilled && !state.holds.includes('late-charges')) {
    events.push({ type: 'revenue.account.bill-hold-placed', data: { accountId: state.accountId, reason: 'late-charges', note: 'Charges changed after the claim was sent; a replacement claim is due.', at } });
  }
  return events;
}

const sameSource = (a: ChargeSource, b: ChargeSource): boolean => a.kind === b.kind && a.id === b.id;

/** Holds a charge for review once: the same problem held again changes nothing; a different one replaces it. */
function holdCharge(state: AccountState, hold: Extract<ChargeAction, { kind: 'hold' }>, held: HeldCharge[], at: string): AccountEvent[] {
  const same = held.find((h) => h.chargeCode === hold.chargeCode && h.serviceDate === hold.serviceDate && h.quantity === hold.quantity && h.problem === hold.problem);
  if (same) return [];
  const events: AccountEvent[] = held.map((h) => ({ type: 'revenue.charge.hold-released', data: { accountId: state.accountId, holdId: h.holdId, outcome: 'withdrawn', note: 'held again with what the source now says', by: 'system:revenue', at } }) as const);
  const { kind: _kind, ...charge } = hold;
  events.push({ type: 'revenue.charge.held', data: { accountId: state.accountId, holdId: `${state.accountId}-H${state.holdsIssued + 1}`, ...charge, at } });
  return events;
}

/**
 * A cancelled admission should not have happened: every charge of the account's encounter is
 * reversed and the clinical ones (doses, orders) are held for a biller to place, since the care
 * may belong to another stay. With no encounter left the account bills nothing; an ED visit
 * that was admitted returns to its ED class, keeping the ED's charges.
 */
export function cancelAdmission(state: AccountState, encounterId: string, reason: string, at: string): AccountEvent[] {
  if (!state.encounterIds.includes(encounterId) || state.cancelled) return [];
  const others = state.encounterIds.filter((e) => e !== encounterId);
  const ofEncounter = (c: PostedLine): boolean =>
    others.length === 0 || ((c.source.kind === 'census-day' && c.source.id.startsWith(`${encounterId}:`)) || (c.source.kind === 'observation' && c.source.id === encounterId));
  const why = `admission cancelled: ${reason}`;
  const actions: ChargeAction[] = [];
  for (const c of standingCharges(state).filter(ofEncounter)) {
    actions.push({ kind: 'reverse', source: c.source, reason: why });
    if (c.source.kind === 'dose' || c.source.kind === 'order' || c.source.kind === 'manual') {
      actions.push({ kind: 'hold', source: c.source, chargeCode: c.chargeCode, serviceDate: c.serviceDate, quantity: c.quantity, problem: 'ADMISSION_CANCELLED', reason: `${why}; the care was charged to it: post it to the right account or discard it` });
    }
  }
  const cancelled: AccountEvent = { type: 'revenue.account.admission-cancelled', data: { accountId: state.accountId, encounterId, reason: reason.trim() || 'admission cancelled', at } };
  // Reversals first, while the account still takes charges; then the cancellation.
  const reversals = actions.length > 0 ? captureCharges(state, actions, at) : [];
  return [...reversals, cancelled];
}

const nextChargeId = (state: AccountState): string => `${state.accountId}-L${state.lines.length + 1}`;

function posted(state: AccountState, line: ChargeLine, at: string, late: boolean): AccountEvent {
  return { type: 'revenue.charge.posted', data: { accountId: state.accountId, chargeId: nextChargeId(state), ...line, postedAt: at, late } };
}

function reversal(state: AccountState, charge: PostedLine, reason: string, at: string, late: boolean): AccountEvent {
  const { chargeCode, description, revenueCode, hcpcs, modifiers, serviceDate, quantity, unitPriceCents, amountCents, source } = charge;
  return {
    type: 'revenue.charge.reversed',
    data: { accountId: state.accountId, chargeId: nextChargeId(state), chargeCode, description, revenueCode, hcpcs, modifiers, serviceDate, quantity: -quantity, unitPriceCents, amountCents: -amountCents, source, postedAt: at, reversesChargeId: charge.chargeId, reason, late },
  };
}
