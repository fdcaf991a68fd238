import type { AccountClass, BillHoldReason, ClaimFrequency } from '@ehr/contracts';
import { type Decider, exhaustive } from '@ehr/platform';
import {
  type AccountEvent,
  type AccountState,
  type Attending,
  type ClaimRecord,
  type EventData as Data,
  evolve,
  initialAccountState,
  lastClaim,
} from './account-state.js';
import type { ChargeAction } from './charge-capture.js';
import { facilityDate } from './charge-capture.js';
import { cancelAdmission, captureCharges } from './charge-posting.js';
import { buildClaim } from './claim.js';
import { type BillPeriod, chargesIn, interimDays, lastInterimPeriod, nextInterimPeriod } from './interim-bill.js';
import { denialCategory } from './denial-category.js';
import { checkClaimBalance, type ClaimPayment } from './remittance-835.js';
import { checkCoverage, checkGuarantor } from './coverage.js';
import { AccountStateError, BillHeldError } from './revenue-errors.js';
import { scrub } from './scrubber.js';

// The account's state, its events and what is read from it live in account-state.ts; how charges
// are posted, reversed and held in charge-posting.ts. This file decides the commands.
export * from './account-state.js';

export interface BillingPolicy {
  /** Days after discharge the account waits for late charges (suspense). */
  suspenseDays: number;
  timeZone: string;
}

export type AccountCommand =
  | { type: 'OpenAccount'; accountId: string; patientId: string; encounterId: string; accountClass: AccountClass; at: string }
  | { type: 'Admit'; accountId: string; encounterId: string; admission: Data<'revenue.account.admitted'>['admission'] }
  | ({ type: 'RecordCoverage' } & Data<'revenue.account.coverage-recorded'>)
  | ({ type: 'RecordGuarantor' } & Data<'revenue.account.guarantor-recorded'>)
  | { type: 'RecordDischarge'; accountId: string; at: string; dischargeStatus: Data<'revenue.account.discharged'>['dischargeStatus'] }
  | { type: 'ChangeToOutpatient'; accountId: string; encounterId: string; at: string }
  | { type: 'CancelDischarge'; accountId: string; reason: string; at: string }
  | { type: 'CaptureCharges'; accountId: string; actions: ChargeAction[]; at: string }
  /** `timeZone`: the facility's, for the claim the coding may release (statement dates are local). */
  | ({ type: 'Code'; timeZone: string } & Data<'revenue.account.coded'>)
  | { type: 'PlaceHold'; accountId: string; reason: BillHoldReason; note: string; at: string }
  | { type: 'ReleaseHold'; accountId: string; reason: BillHoldReason; at: string }
  | { type: 'Bill'; accountId: string; policy: BillingPolicy; at: string }
  /** The next interim bill of a long stay still in house (0112, then 0113). */
  | { type: 'BillInterim'; accountId: string; policy: BillingPolicy; at: string }
  | { type: 'VoidClaim'; accountId: string; at: string }
  | { type: 'RecordClaimRejection'; accountId: string; claimId: string; category: 'A3' | 'A6' | 'A7' | 'A8'; statusCode: string; at: string }
  | { type: 'PostRemittance'; accountId: string; payment: ClaimPayment; remitDate: string }
  | { type: 'Assign'; accountId: string; owner: string; by: string; at: string }
  /** `timeZone`: the facility's, for a claim stopped for want of an attending, scrubbed again. */
  | { type: 'RecordAttending'; accountId: string; encounterId: string; attending: Attending; at: string; timeZone: string }
  | { type: 'CancelAdmission'; accountId: string; encounterId: string; reason: string; at: string }
  | { type: 'DiscardHeldCharge'; accountId: string; holdId: string; note: string; by: string; at: string };


const sameAttending = (a: Attending, b: Attending): boolean => a.npi === b.npi && a.familyName === b.familyName && a.givenName === b.givenName && a.taxonomy === b.taxonomy;

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
      checkCoverage(data);
      return [{ type: 'revenue.account.coverage-recorded', data }];
    }
    case 'RecordGuarantor': {
      const { type: _type, ...data } = command;
      checkGuarantor(data);
      return [{ type: 'revenue.account.guarantor-recorded', data }];
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
    case 'BillInterim': {
      const { policy, at } = command;
      if (state.cancelled) throw new AccountStateError('ADMISSION_CANCELLED', accountId, `Account ${accountId} bills nothing: its admission was cancelled (${state.cancelled.reason}).`);
      if (state.accountClass !== 'inpatient' || !state.admission) throw new AccountStateError('NOT_INPATIENT', accountId, `Account ${accountId} is not an inpatient stay; only a long inpatient stay bills interim.`);
      if (state.discharge) throw new AccountStateError('ALREADY_DISCHARGED', accountId, `Account ${accountId} was discharged; send its discharge bill (0114 after interim bills) instead.`);
      const period = nextInterimPeriod(state, facilityDate(at, policy.timeZone), policy.timeZone);
      if (!period) {
        const last = state.claims.filter((c) => c.statementPeriod).at(-1)?.statementPeriod;
        const since = last ? `the last interim bill (through ${last.through})` : 'admission';
        throw new AccountStateError('INTERIM_NOT_DUE', accountId, `Account ${accountId} is not due an interim bill: one covers ${interimDays} days from ${since}, and may go once its last day has passed.`);
      }
      const holds = billHolds(state, policy, at).filter((h) => h !== 'claim-edits');
      if (holds.length > 0) throw new BillHeldError(accountId, holds);
      return attemptClaim(state, at, policy.timeZone, period);
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

/**
 * Freeze the next claim version, or stop it at the scrubber. An interim `period` bills only its
 * own days; after interim bills, the discharge bill is the last interim (0114), not a replacement.
 */
function attemptClaim(state: AccountState, at: string, timeZone: string, interim: BillPeriod | null = null): AccountEvent[] {
  const payer = state.coverages.primary;
  if (!payer) throw new AccountStateError('NO_COVERAGE', state.accountId, `Account ${state.accountId} has no primary coverage; record the payer (or self-pay) before billing.`);
  const previous = lastClaim(state);
  if (previous && previous.status === 'sent') {
    throw new AccountStateError('CLAIM_NOT_ADJUDICATED', state.accountId, `Claim ${previous.claimId} is with the payer and has no answer yet; wait for its 835 or 277CA before sending another.`);
  }
  const period = interim ?? lastInterimPeriod(state, timeZone);
  const replaces = !period && previous && previous.frequency !== '8' ? previous : undefined;
  const chargeIds = period ? chargesIn(state, period) : state.lines.map((l) => l.chargeId);
  const frequency: ClaimFrequency = period ? period.frequency : replaces ? '7' : '1';
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
    statementPeriod: period ? { from: period.from, through: period.through } : null,
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
      statementPeriod: claim.statementPeriod,
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

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = { initialState: initialAccountState, decide, evolve };
