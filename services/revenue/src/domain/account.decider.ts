import type { AccountClass, BillHoldReason, ChargeSource, ClaimFrequency, CoverageRank, DomainEventOf, revenueEvents } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import type { ChargeAction, ChargeLine, StandingCharge } from './charge-capture.js';
import { facilityDate } from './charge-capture.js';
import { buildClaim, type Coding } from './claim.js';
import { denialCategory } from './denial-category.js';
import { checkClaimBalance, type ClaimPayment } from './remittance-835.js';
import { AccountStateError, BillHeldError, InvalidCoverageError } from './revenue-errors.js';
import { scrub } from './scrubber.js';

export type AccountEvent = DomainEventOf<(typeof revenueEvents)[number]>;
type Data<T extends AccountEvent['type']> = Extract<AccountEvent, { type: T }>['data'];

export type Coverage = Omit<Data<'revenue.account.coverage-recorded'>, 'accountId'>;
/** The attending physician the claim names (2310A, UB-04 FL76). */
export type Attending = Data<'revenue.account.attending-recorded'>['attending'];
/** A charge waiting on the charge-review queue: what could not be priced or placed, and why. */
export type HeldCharge = Omit<Data<'revenue.charge.held'>, 'accountId'>;
export type PostedLine = (Data<'revenue.charge.posted'> | Data<'revenue.charge.reversed'>) & { reversedBy: string | null; reversesChargeId: string | null };

export interface ClaimRecord {
  claimId: string;
  version: number;
  frequency: ClaimFrequency;
  typeOfBill: string;
  chargeIds: string[];
  totalCents: number;
  originalPayerClaimNumber: string | null;
  conditionCodes: string[];
  /** The payer the claim was sent to (its 837I NM1*PR identifier). */
  payerId: string;
  /** The payer's claim number (CLP07) once adjudicated. */
  payerClaimNumber: string | null;
  status: 'sent' | 'rejected' | 'adjudicated';
}

export interface AccountState {
  accountId: string;
  patientId: string;
  encounterIds: string[];
  accountClass: AccountClass | null;
  admission: Data<'revenue.account.admitted'>['admission'] | null;
  /** Changed from inpatient to outpatient before discharge: the claim carries condition code 44. */
  changedToOutpatient: boolean;
  openedAt: string | null;
  coverages: Partial<Record<CoverageRank, Coverage>>;
  discharge: { at: string; status: Data<'revenue.account.discharged'>['dischargeStatus'] } | null;
  /** The last discharge ADT cancelled, while the patient is in house again. */
  dischargeCancelled: { reason: string; at: string } | null;
  lines: PostedLine[];
  coding: Coding | null;
  holds: BillHoldReason[];
  claimEdits: { code: string; message: string }[];
  claims: ClaimRecord[];
  paidCents: number;
  writtenOffCents: number;
  /** Patient responsibility moved off the paying payer, by where it went. */
  transferred: Partial<Record<CoverageRank | 'self-pay', number>>;
  denials: Data<'revenue.denial.recorded'>[];
  /** The biller working the account; null while it sits with its queue's team. */
  assignee: string | null;
  /** The attending physician ADT last named for an encounter of the account. */
  attending: Attending | null;
  /** Charges held for review (not priced or not placeable), open until posted, withdrawn or discarded. */
  heldCharges: HeldCharge[];
  /** How many charges were ever held: the next hold's number. */
  holdsIssued: number;
  /** The account class before the inpatient admission, to return to if the admission is cancelled. */
  admittedFrom: AccountClass | null;
  /** Every encounter's admission on the account was cancelled: it bills nothing. */
  cancelled: { reason: string; at: string } | null;
}

export const initialAccountState: AccountState = {
  accountId: '',
  patientId: '',
  encounterIds: [],
  accountClass: null,
  admission: null,
  changedToOutpatient: false,
  openedAt: null,
  coverages: {},
  discharge: null,
  dischargeCancelled: null,
  lines: [],
  coding: null,
  holds: [],
  claimEdits: [],
  claims: [],
  paidCents: 0,
  writtenOffCents: 0,
  transferred: {},
  denials: [],
  assignee: null,
  attending: null,
  heldCharges: [],
  holdsIssued: 0,
  admittedFrom: null,
  cancelled: null,
};

export interface BillingPolicy {
  /** Days after discharge the account waits for late charges (suspense). */
  suspenseDays: number;
  timeZone: string;
}

export type AccountCommand =
  | { type: 'OpenAccount'; accountId: string; patientId: string; encounterId: string; accountClass: AccountClass; at: string }
  | { type: 'Admit'; accountId: string; encounterId: string; admission: Data<'revenue.account.admitted'>['admission'] }
  | ({ type: 'RecordCoverage' } & Data<'revenue.account.coverage-recorded'>)
  | { type: 'RecordDischarge'; accountId: string; at: string; dischargeStatus: Data<'revenue.account.discharged'>['dischargeStatus'] }
  | { type: 'ChangeToOutpatient'; accountId: string; encounterId: string; at: string }
  | { type: 'CancelDischarge'; accountId: string; reason: string; at: string }
  | { type: 'CaptureCharges'; accountId: string; actions: ChargeAction[]; at: string }
  /** `timeZone`: the facility's, for the claim the coding may release (statement dates are local). */
  | ({ type: 'Code'; timeZone: string } & Data<'revenue.account.coded'>)
  | { type: 'PlaceHold'; accountId: string; reason: BillHoldReason; note: string; at: string }
  | { type: 'ReleaseHold'; accountId: string; reason: BillHoldReason; at: string }
  | { type: 'Bill'; accountId: string; policy: BillingPolicy; at: string }
  | { type: 'VoidClaim'; accountId: string; at: string }
  | { type: 'RecordClaimRejection'; accountId: string; claimId: string; category: 'A3' | 'A6' | 'A7' | 'A8'; statusCode: string; at: string }
  | { type: 'PostRemittance'; accountId: string; payment: ClaimPayment; remitDate: string }
  | { type: 'Assign'; accountId: string; owner: string; by: string; at: string }
  /** `timeZone`: the facility's, for a claim stopped for want of an attending, scrubbed again. */
  | { type: 'RecordAttending'; accountId: string; encounterId: string; attending: Attending; at: string; timeZone: string }
  | { type: 'CancelAdmission'; accountId: string; encounterId: string; reason: string; at: string }
  | { type: 'DiscardHeldCharge'; accountId: string; holdId: string; note: string; by: string; at: string };

/** Charges posted and not reversed. */
/** Whether this payer has a claim of the account to pay: an 835 payment without one is unapplied cash. */
export const hasClaimWith = (state: AccountState, payerId: string): boolean => state.claims.some((c) => c.payerId === payerId && c.status !== 'rejected');

export const standingCharges = (state: AccountState): (PostedLine & StandingCharge)[] => state.lines.filter((l) => l.reversesChargeId === null && l.reversedBy === null);

export const chargesTotal = (state: AccountState): number => state.lines.reduce((sum, l) => sum + l.amountCents, 0);
/** Balance = Σ transactions: charges and reversals less payments and contractual write-offs. */
export const balanceOf = (state: AccountState): number => chargesTotal(state) - state.paidCents - state.writtenOffCents;

const lastClaim = (state: AccountState): ClaimRecord | undefined => state.claims.filter((c) => c.status !== 'rejected').at(-1);
const billed = (state: AccountState): boolean => lastClaim(state) !== undefined;

/** Why the account may not bill now: the holds placed, and what the account's state implies. */
export type BillStop = BillHoldReason | 'charge-review';

/** Why the account may not bill now (DNFB reasons); empty when it may. */
export function billHolds(state: AccountState, policy: BillingPolicy, at: string): BillStop[] {
  const reasons: BillStop[] = [];
  if (state.discharge) {
    const today = facilityDate(at, policy.timeZone);
    const releaseDay = new Date(Date.parse(`${facilityDate(state.discharge.at, policy.timeZone)}T00:00:00Z`) + policy.suspenseDays * 86_400_000).toISOString().slice(0, 10);
    if (today < releaseDay) reasons.push('suspense');
  }
  const wantsDrg = state.coverages.primary?.wantsDrg ?? false;
  if (!state.coding || (state.accountClass === 'inpatient' && wantsDrg && state.coding.drg === null)) reasons.push('coding-incomplete');
  for (const hold of state.holds) if (!reasons.includes(hold)) reasons.push(hold);
  if (state.claimEdits.length > 0 && !reasons.includes('claim-edits')) reasons.push('claim-edits');
  // A charge waiting for review would be missing from the claim.
  if (state.heldCharges.length > 0) reasons.push('charge-review');
  return reasons;
}

function require(state: AccountState, accountId: string): void {
  if (!state.openedAt) throw new AccountStateError('ACCOUNT_NOT_FOUND', accountId, `No hospital account ${accountId} is open; it opens with the patient's first encounter.`);
}

export function decide(command: AccountCommand, state: AccountState): AccountEvent[] {
  const { accountId } = command;
  if (command.type === 'OpenAccount') {
    if (state.openedAt) throw new AccountStateError('ACCOUNT_ALREADY_OPEN', accountId, `Account ${accountId} is already open; link the new encounter to it instead.`);
    const { type: _type, ...data } = command;
    return [{ type: 'revenue.account.opened', data }];
  }
  require(state, accountId);
  switch (command.type) {
    case 'Admit':
      // A direct admission opens the account as inpatient; what matters is that it has no admission yet.
      if (state.admission) throw new AccountStateError('ALREADY_INPATIENT', accountId, `Account ${accountId} is already an inpatient account.`);
      return [{ type: 'revenue.account.admitted', data: { accountId, encounterId: command.encounterId, from: state.accountClass ?? 'emergency', admission: command.admission } }];
    case 'ChangeToOutpatient':
      if (!state.admission) return [];
      // Condition code 44 applies only before discharge; afterwards billing decides (Part B inpatient, 012x).
      if (state.discharge) {
        return state.holds.includes('manual')
          ? []
          : [{ type: 'revenue.account.bill-hold-placed', data: { accountId, reason: 'manual', note: 'inpatient changed to observation after discharge: review how to bill (012x)', at: command.at } }];
      }
      return [{ type: 'revenue.account.changed-to-outpatient', data: { accountId, encounterId: command.encounterId, at: command.at } }];
    case 'RecordCoverage': {
      const { type: _type, ...data } = command;
      // The payer id is what the 837I names the payer by (NM1*PR) and what its 835 is matched on.
      for (const field of ['payerId', 'payerName', 'memberId'] as const) {
        if (data[field].trim().length === 0) throw new InvalidCoverageError(field, 'is required; record the payer from the insurance card, or the account as self-pay');
      }
      return [{ type: 'revenue.account.coverage-recorded', data }];
    }
    case 'RecordDischarge':
      if (state.discharge) throw new AccountStateError('ALREADY_DISCHARGED', accountId, `Account ${accountId} was already discharged at ${state.discharge.at}.`);
      return [{ type: 'revenue.account.discharged', data: { accountId, at: command.at, dischargeStatus: command.dischargeStatus } }];
    case 'CancelDischarge':
      // Heard twice, or of a discharge this account never recorded: nothing to undo.
      if (!state.discharge) return [];
      return [{ type: 'revenue.account.discharge-cancelled', data: { accountId, reason: command.reason.trim() || 'discharge cancelled', at: command.at } }];
    case 'CaptureCharges':
      return captureCharges(state, command.actions, command.at);
    case 'Code': {
      const { type: _type, timeZone, ...data } = command;
      const coded: AccountEvent = { type: 'revenue.account.coded', data };
      // A claim stopped by the scrubber is checked again as soon as coding changes.
      return state.claimEdits.length > 0 ? [coded, ...attemptClaim(evolve(state, coded), command.at, timeZone)] : [coded];
    }
    case 'PlaceHold':
      return state.holds.includes(command.reason) ? [] : [{ type: 'revenue.account.bill-hold-placed', data: { accountId, reason: command.reason, note: command.note, at: command.at } }];
    case 'ReleaseHold':
      if (!state.holds.includes(command.reason)) throw new AccountStateError('HOLD_NOT_PLACED', accountId, `Account ${accountId} has no ${command.reason} hold to release.`);
      return [{ type: 'revenue.account.bill-hold-released', data: { accountId, reason: command.reason, at: command.at } }];
    case 'Bill': {
      if (state.cancelled) throw new AccountStateError('ADMISSION_CANCELLED', accountId, `Account ${accountId} bills nothing: its admission was cancelled (${state.cancelled.reason}).`);
      if (!state.discharge) throw new AccountStateError('NOT_DISCHARGED', accountId, `Account ${accountId} is still open (patient not discharged); bill it after discharge.`);
      const holds = billHolds(state, command.policy, command.at).filter((h) => h !== 'claim-edits');
      if (holds.length > 0) throw new BillHeldError(accountId, holds);
      return attemptClaim(state, command.at, command.policy.timeZone);
    }
    case 'VoidClaim': {
      const claim = lastClaim(state);
      if (!claim || claim.frequency === '8') throw new AccountStateError('NO_CLAIM_TO_VOID', accountId, `Account ${accountId} has no claim with the payer to void.`);
      if (!claim.payerClaimNumber) throw new AccountStateError('CLAIM_NOT_ADJUDICATED', accountId, `Claim ${claim.claimId} has no payer claim number yet; wait for the 835 before voiding it.`);
      return [claimCreated(state, { ...claim, frequency: '8', originalPayerClaimNumber: claim.payerClaimNumber, conditionCodes: [] }, command.at)];
    }
    case 'RecordClaimRejection':
      return [{ type: 'revenue.claim.rejected', data: { accountId, claimId: command.claimId, category: command.category, statusCode: command.statusCode, at: command.at } }];
    case 'PostRemittance':
      return postRemittance(state, command.payment, command.remitDate);
    case 'Assign':
      return state.assignee === command.owner ? [] : [{ type: 'revenue.account.assigned', data: { accountId, owner: command.owner, by: command.by, at: command.at } }];
    case 'RecordAttending': {
      const { encounterId, attending, at, timeZone } = command;
      if (state.attending && sameAttending(state.attending, attending)) return [];
      const recorded: AccountEvent = { type: 'revenue.account.attending-recorded', data: { accountId, encounterId, attending, at } };
      // A claim stopped for want of an attending is checked again as soon as ADT names one.
      return state.claimEdits.length > 0 && state.discharge && !state.cancelled ? [recorded, ...attemptClaim(evolve(state, recorded), at, timeZone)] : [recorded];
    }
    case 'CancelAdmission':
      return cancelAdmission(state, command.encounterId, command.reason, command.at);
    case 'DiscardHeldCharge': {
      const held = state.heldCharges.find((h) => h.holdId === command.holdId);
      if (!held) throw new AccountStateError('HELD_CHARGE_NOT_FOUND', accountId, `Account ${accountId} has no held charge ${command.holdId} waiting for review.`);
      if (command.note.trim().length === 0) throw new AccountStateError('REASON_REQUIRED', accountId, 'Say why the held charge is discarded (e.g. posted by hand to another account).');
      return [{ type: 'revenue.charge.hold-released', data: { accountId, holdId: held.holdId, outcome: 'discarded', note: command.note.trim(), by: command.by, at: command.at } }];
    }
    default:
      return exhaustive(command);
  }
}

function captureCharges(state: AccountState, actions: ChargeAction[], at: string): AccountEvent[] {
  const events: AccountEvent[] = [];
  let current = state;
  const late = billed(state);
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
      if (!standing.some((c) => c.revenueCode === action.line.revenueCode && c.quantity === action.line.quantity && c.serviceDate === action.line.serviceDate)) produced.push(posted(current, action.line, at, late));
    } else if (action.kind === 'reverse') {
      for (const charge of standing) produced.push(reversal(current, charge, action.reason, at, late));
      if (held.length > 0) release('withdrawn', action.reason);
    } else {
      produced.push(...holdCharge(current, action, held, at));
    }
    for (const e of produced) current = evolve(current, e);
    events.push(...produced);
  }
  const changed = events.some((e) => e.type === 'revenue.charge.posted' || e.type === 'revenue.charge.reversed');
  if (late && changed && !state.holds.includes('late-charges')) {
    events.push({ type: 'revenue.account.bill-hold-placed', data: { accountId: state.accountId, reason: 'late-charges', note: 'Charges changed after the claim was sent; a replacement claim is due.', at } });
  }
  return events;
}

const sameSource = (a: ChargeSource, b: ChargeSource): boolean => a.kind === b.kind && a.id === b.id;
const sameAttending = (a: Attending, b: Attending): boolean => a.npi === b.npi && a.familyName === b.familyName && a.givenName === b.givenName && a.taxonomy === b.taxonomy;

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
function cancelAdmission(state: AccountState, encounterId: string, reason: string, at: string): AccountEvent[] {
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

/** Freeze the next claim version, or stop it at the scrubber. */
function attemptClaim(state: AccountState, at: string, timeZone: string): AccountEvent[] {
  const payer = state.coverages.primary;
  if (!payer) throw new AccountStateError('NO_COVERAGE', state.accountId, `Account ${state.accountId} has no primary coverage; record the payer (or self-pay) before billing.`);
  const previous = lastClaim(state);
  if (previous && previous.status === 'sent') {
    throw new AccountStateError('CLAIM_NOT_ADJUDICATED', state.accountId, `Claim ${previous.claimId} is with the payer and has no answer yet; wait for its 835 or 277CA before sending another.`);
  }
  const replaces = previous && previous.frequency !== '8' ? previous : undefined;
  const chargeIds = state.lines.map((l) => l.chargeId);
  const frequency: ClaimFrequency = replaces ? '7' : '1';
  const chargesChanged = replaces !== undefined && chargeIds.some((id) => !replaces.chargeIds.includes(id));
  const draft = {
    claimId: `${state.accountId}-C${state.claims.length + 1}`,
    version: state.claims.length + 1,
    frequency,
    typeOfBill: '',
    chargeIds,
    totalCents: 0,
    originalPayerClaimNumber: replaces?.payerClaimNumber ?? null,
    // 44: inpatient changed to outpatient before discharge; claim change reason D1 charges changed, D9 any other change.
    conditionCodes: [...(state.changedToOutpatient ? ['44'] : []), ...(replaces ? [chargesChanged ? 'D1' : 'D9'] : [])],
    payerId: payer.payerId,
    payerClaimNumber: null,
    status: 'sent' as const,
  };
  const claim = buildClaim(state, draft, timeZone);
  if (claim.lines.length === 0) throw new AccountStateError('NOTHING_TO_BILL', state.accountId, `Account ${state.accountId} has no charges left to bill.`);
  const edits = scrub(claim, payer);
  if (edits.length > 0) return [{ type: 'revenue.claim.edits-failed', data: { accountId: state.accountId, edits, at } }];
  return [claimCreated(state, { ...draft, typeOfBill: claim.typeOfBill, totalCents: claim.totalCents }, at)];
}

function claimCreated(state: AccountState, claim: Omit<ClaimRecord, 'payerClaimNumber' | 'status'> & Partial<ClaimRecord>, at: string): AccountEvent {
  const version = state.claims.length + 1;
  const typeOfBill = `${claim.typeOfBill.slice(0, 3)}${claim.frequency}`;
  return {
    type: 'revenue.claim.created',
    data: {
      accountId: state.accountId,
      claimId: `${state.accountId}-C${version}`,
      version,
      frequency: claim.frequency,
      typeOfBill,
      payerId: claim.payerId,
      totalCents: claim.totalCents,
      chargeIds: claim.chargeIds,
      originalPayerClaimNumber: claim.originalPayerClaimNumber,
      conditionCodes: claim.conditionCodes,
      at,
    },
  };
}

function postRemittance(state: AccountState, payment: ClaimPayment, remitDate: string): AccountEvent[] {
  if (payment.patientControlNumber !== state.accountId) {
    throw new AccountStateError('REMITTANCE_FOR_ANOTHER_ACCOUNT', state.accountId, `This 835 payment is for ${payment.patientControlNumber}, not account ${state.accountId}.`);
  }
  checkClaimBalance(payment);
  const events: AccountEvent[] = [
    {
      type: 'revenue.remittance.posted',
      data: {
        accountId: state.accountId,
        claimStatus: payment.status,
        payerClaimNumber: payment.payerClaimNumber,
        chargeCents: payment.chargeCents,
        paidCents: payment.paidCents,
        patientResponsibilityCents: payment.patientResponsibilityCents,
        adjustments: payment.adjustments,
        remarkCodes: payment.remarkCodes,
        remitDate,
      },
    },
  ];
  if (payment.status === '4') {
    for (const a of payment.adjustments.filter((x) => x.group !== 'PR')) {
      events.push({
        type: 'revenue.denial.recorded',
        data: { accountId: state.accountId, payerClaimNumber: payment.payerClaimNumber, carc: a.carc, rarcs: payment.remarkCodes, amountCents: a.amountCents, category: denialCategory(a.carc), remitDate },
      });
    }
    return events;
  }
  const patientShare = payment.adjustments.filter((a) => a.group === 'PR').reduce((sum, a) => sum + a.amountCents, 0);
  if (patientShare !== 0) {
    const to = state.coverages.secondary ? 'secondary' : 'self-pay';
    events.push({ type: 'revenue.account.balance-transferred', data: { accountId: state.accountId, amountCents: patientShare, to, remitDate } });
  }
  return events;
}

export function evolve(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'revenue.account.opened':
      return { ...state, accountId: event.data.accountId, patientId: event.data.patientId, encounterIds: [event.data.encounterId], accountClass: event.data.accountClass, openedAt: event.data.at };
    case 'revenue.account.admitted':
      return {
        ...state,
        accountClass: 'inpatient',
        admission: event.data.admission,
        admittedFrom: event.data.from,
        changedToOutpatient: false,
        encounterIds: state.encounterIds.includes(event.data.encounterId) ? state.encounterIds : [...state.encounterIds, event.data.encounterId],
      };
    case 'revenue.account.changed-to-outpatient':
      return { ...state, accountClass: 'observation', admission: null, changedToOutpatient: true };
    case 'revenue.account.coverage-recorded': {
      const { accountId: _id, ...coverage } = event.data;
      return { ...state, coverages: { ...state.coverages, [coverage.rank]: coverage } };
    }
    case 'revenue.account.discharged':
      return { ...state, discharge: { at: event.data.at, status: event.data.dischargeStatus }, dischargeCancelled: null };
    case 'revenue.account.discharge-cancelled':
      return { ...state, discharge: null, dischargeCancelled: { reason: event.data.reason, at: event.data.at } };
    case 'revenue.charge.posted':
      return { ...state, lines: [...state.lines, { ...event.data, reversedBy: null, reversesChargeId: null }] };
    case 'revenue.charge.reversed':
      return {
        ...state,
        lines: [...state.lines.map((l) => (l.chargeId === event.data.reversesChargeId ? { ...l, reversedBy: event.data.chargeId } : l)), { ...event.data, reversedBy: null }],
      };
    case 'revenue.account.coded': {
      const { accountId: _id, by: _by, at: _at, ...coding } = event.data;
      return { ...state, coding };
    }
    case 'revenue.account.bill-hold-placed':
      return { ...state, holds: [...state.holds, event.data.reason] };
    case 'revenue.account.bill-hold-released':
      return { ...state, holds: state.holds.filter((h) => h !== event.data.reason) };
    case 'revenue.claim.edits-failed':
      return { ...state, claimEdits: event.data.edits };
    case 'revenue.claim.created': {
      const { accountId: _id, at: _at, ...claim } = event.data;
      return { ...state, claimEdits: [], holds: state.holds.filter((h) => h !== 'late-charges'), claims: [...state.claims, { ...claim, payerClaimNumber: null, status: 'sent' }] };
    }
    case 'revenue.claim.rejected':
      return { ...state, claims: state.claims.map((c) => (c.claimId === event.data.claimId ? { ...c, status: 'rejected' } : c)) };
    case 'revenue.remittance.posted': {
      const { claimStatus, paidCents, adjustments, payerClaimNumber } = event.data;
      const denied = claimStatus === '4';
      const contractual = denied ? 0 : adjustments.filter((a) => a.group === 'CO').reduce((sum, a) => sum + a.amountCents, 0);
      const reversal = claimStatus === '22';
      const claims = reversal ? state.claims : state.claims.map((c, i, all) => (i === all.length - 1 ? { ...c, status: 'adjudicated' as const, payerClaimNumber } : c));
      return { ...state, paidCents: state.paidCents + paidCents, writtenOffCents: state.writtenOffCents + contractual, claims };
    }
    case 'revenue.account.balance-transferred':
      return { ...state, transferred: { ...state.transferred, [event.data.to]: (state.transferred[event.data.to] ?? 0) + event.data.amountCents } };
    case 'revenue.denial.recorded':
      return { ...state, denials: [...state.denials, event.data] };
    case 'revenue.account.assigned':
      return { ...state, assignee: event.data.owner };
    case 'revenue.account.attending-recorded':
      return { ...state, attending: event.data.attending };
    case 'revenue.account.admission-cancelled': {
      const encounterIds = state.encounterIds.filter((e) => e !== event.data.encounterId);
      if (encounterIds.length === 0) return { ...state, encounterIds, cancelled: { reason: event.data.reason, at: event.data.at } };
      return { ...state, encounterIds, accountClass: state.admittedFrom ?? state.accountClass, admission: null, admittedFrom: null };
    }
    case 'revenue.charge.held': {
      const { accountId: _id, ...held } = event.data;
      return { ...state, heldCharges: [...state.heldCharges, held], holdsIssued: state.holdsIssued + 1 };
    }
    case 'revenue.charge.hold-released':
      return { ...state, heldCharges: state.heldCharges.filter((h) => h.holdId !== event.data.holdId) };
    default:
      return exhaustive(event);
  }
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = { initialState: initialAccountState, decide, evolve };
