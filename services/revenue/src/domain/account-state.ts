import type { AccountClass, BillHoldReason, ClaimFrequency, CoverageRank, DomainEventOf, revenueEvents } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import type { StandingCharge } from './charge-capture.js';
import type { Coding } from './claim.js';

// The hospital account as its events leave it: the state every account rule decides from.

export type AccountEvent = DomainEventOf<(typeof revenueEvents)[number]>;
export type EventData<T extends AccountEvent['type']> = Extract<AccountEvent, { type: T }>['data'];

export type Coverage = Omit<EventData<'revenue.account.coverage-recorded'>, 'accountId'>;
/** Who answers for the patient's share: the patient (18) or the person named. */
export type Guarantor = Omit<EventData<'revenue.account.guarantor-recorded'>, 'accountId'>;
/** The attending physician the claim names (2310A, UB-04 FL76). */
export type Attending = EventData<'revenue.account.attending-recorded'>['attending'];
/** A charge waiting on the charge-review queue: what could not be priced or placed, and why. */
export type HeldCharge = Omit<EventData<'revenue.charge.held'>, 'accountId'>;
export type PostedLine = (EventData<'revenue.charge.posted'> | EventData<'revenue.charge.reversed'>) & { reversedBy: string | null; reversesChargeId: string | null };

export interface ClaimRecord {
  claimId: string;
  version: number;
  frequency: ClaimFrequency;
  typeOfBill: string;
  chargeIds: string[];
  totalCents: number;
  originalPayerClaimNumber: string | null;
  conditionCodes: string[];
  /** An interim bill's own days; null when the claim bills the whole stay. */
  statementPeriod: { from: string; through: string } | null;
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
  admission: EventData<'revenue.account.admitted'>['admission'] | null;
  /** Changed from inpatient to outpatient before discharge: the claim carries condition code 44. */
  changedToOutpatient: boolean;
  openedAt: string | null;
  coverages: Partial<Record<CoverageRank, Coverage>>;
  guarantor: Guarantor | null;
  discharge: { at: string; status: EventData<'revenue.account.discharged'>['dischargeStatus'] } | null;
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
  denials: EventData<'revenue.denial.recorded'>[];
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
  guarantor: null,
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

/** Whether this payer has a claim of the account to pay: an 835 payment without one is unapplied cash. */
export const hasClaimWith = (state: AccountState, payerId: string): boolean => state.claims.some((c) => c.payerId === payerId && c.status !== 'rejected');

export const standingCharges = (state: AccountState): (PostedLine & StandingCharge)[] => state.lines.filter((l) => l.reversesChargeId === null && l.reversedBy === null);

export const chargesTotal = (state: AccountState): number => state.lines.reduce((sum, l) => sum + l.amountCents, 0);
/** Balance = Σ transactions: charges and reversals less payments and contractual write-offs. */
export const balanceOf = (state: AccountState): number => chargesTotal(state) - state.paidCents - state.writtenOffCents;

/** The claim with the payer now (a rejected one was never adjudicated and does not count). */
export const lastClaim = (state: AccountState): ClaimRecord | undefined => state.claims.filter((c) => c.status !== 'rejected').at(-1);
export const billed = (state: AccountState): boolean => lastClaim(state) !== undefined;

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
    case 'revenue.account.guarantor-recorded': {
      const { accountId: _id, ...guarantor } = event.data;
      return { ...state, guarantor };
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
