import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { EventRegistry, eventCatalog } from '@ehr/contracts';
import { DateTime } from 'luxon';
import {
  type CommandContext,
  CommandHandler,
  ConcurrencyError,
  type CommandResult,
  fold,
  inlineProjections,
  migrateServiceSchema,
  type Pool,
  type PoolClient,
  PostgresEventStore,
  withTransaction,
} from '@ehr/platform';
import { type AccountWork, accountWorkDecider, type AccountStep } from '../domain/account-work.js';
import { type AccountCommand, accountDecider, type AccountEvent, type AccountState, type BillingPolicy, hasClaimWith } from '../domain/account.decider.js';
import { buildClaim } from '../domain/claim.js';
import { parse835 } from '../domain/remittance-835.js';
import { AccountStateError } from '../domain/revenue-errors.js';
import { type ClaimPatient, render837I } from '../domain/x12-837i.js';
import { projectionsFor, schema } from '../projections/index.js';
import { envelopeFor, paymentWindowDays } from './billing-setup.js';
import { facilityOf, stayCharges } from './stay-charges.js';
import { accountNumber } from '../domain/account-number.js';
import { type ChargeAction, priceOrHold } from '../domain/charge-capture.js';
import { paymentWindowMoves } from '../domain/payment-window.js';
import { demoChargemaster } from '../domain/chargemaster.seed.js';
import type { Stay } from '../domain/census.js';

export const revenueRegistry = new EventRegistry(eventCatalog.revenue!);
export const accountStream = (accountId: string) => `account-${accountId}`;

type Data<T extends AccountCommand['type']> = Omit<Extract<AccountCommand, { type: T }>, 'type' | 'accountId'>;

/** What one claim payment of an 835 did to its account. */
export interface PostedPayment {
  accountId: string;
  payerClaimNumber: string;
  claimStatus: string;
  paidCents: number;
  /** False when it matched no claim sent to that payer and went to unapplied cash. */
  applied: boolean;
}

/**
 * The revenue service's use cases over its own store: accounts opened and charged from other
 * services' events, and the biller's and coder's work on them. Read models are inline, so the
 * biller sees the change on the next read.
 */
export class RevenueApplication {
  readonly store: PostgresEventStore;
  readonly accounts: CommandHandler<AccountWork, AccountEvent, AccountState>;
  readonly policy: BillingPolicy;

  constructor(
    readonly pool: Pool,
    timeZone: string,
    suspenseDays: number,
  ) {
    this.policy = { timeZone, suspenseDays };
    this.store = new PostgresEventStore({ pool, schema });
    this.accounts = new CommandHandler({
      decider: accountWorkDecider,
      store: this.store,
      registry: revenueRegistry,
      streamId: (c) => accountStream(c.accountId),
      subjectOf: (_c, e, s) => ({ patientId: s.patientId || (e.type === 'revenue.account.opened' ? e.data.patientId : null) }),
      inline: { pool, work: inlineProjections(projectionsFor(this.policy)) },
    });
  }

  /** Creates the event store, read models and bookkeeping tables when they are missing. */
  async migrate(): Promise<void> {
    await migrateServiceSchema({ pool: this.pool, store: this.store, schema, migrationsDir: join(import.meta.dirname, '..', '..', 'migrations') });
  }

  /**
   * A new hospital account number: the claim's patient control number (CLM01, which the 835
   * echoes), and the account's id in the API. Drawn at random (HAR, 12 digits and a check
   * digit), so one account's number says nothing about any other's; a draw that meets a number
   * already issued draws again. Drawn inside the consumer's transaction, so a redelivered
   * arrival or admission (whose inbox row rolls the draw back) never issues a second one.
   */
  async newAccountId(tx: PoolClient): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const candidate = accountNumber(randomInt(0, 1_000_000) * 1_000_000 + randomInt(0, 1_000_000));
      const issued = await tx.query(`INSERT INTO ${schema}.account_numbers_issued (account_id) VALUES ($1) ON CONFLICT DO NOTHING`, [candidate]);
      if (issued.rowCount === 1) return candidate;
    }
    throw new Error('no free account number after 5 draws');
  }

  /**
   * The census: each in-house stay's room and board as of now. Safe to run any time and
   * twice, since a day already charged is not charged again. Each stay is read again under
   * its row lock, in the transaction that charges it, so a discharge or transfer committing
   * meanwhile is waited for and seen, never overwritten by a stale copy. Returns how many
   * accounts changed.
   */
  async runCensus(now: Date = new Date()): Promise<number> {
    const { rows } = await this.pool.query<{ encounter_id: string }>(`SELECT encounter_id FROM ${schema}.stays WHERE NOT discharged ORDER BY encounter_id`);
    let changed = 0;
    const failed: string[] = [];
    for (const { encounter_id: encounterId } of rows) {
      try {
        if (await this.censusOfStay(encounterId, now)) changed += 1;
      } catch (error) {
        failed.push(`${encounterId} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    if (failed.length > 0) throw new Error(`census not posted for ${failed.length} of ${rows.length} stays: ${failed.join('; ')}`);
    return changed;
  }

  /** One stay's census in its own transaction, tried again when another change to the account commits first. */
  private async censusOfStay(encounterId: string, now: Date, attempt = 1): Promise<boolean> {
    try {
      const { events } = await withTransaction(this.pool, async (tx) => {
        const { rows } = await tx.query<{ account_id: string; stay: Stay }>(`SELECT account_id, stay FROM ${schema}.stays WHERE encounter_id = $1 AND NOT discharged FOR UPDATE`, [encounterId]);
        const row = rows[0];
        if (!row) return { events: [] };
        const facility = await facilityOf(tx, this.policy.timeZone);
        return this.accounts.handleInTransaction(tx, { accountId: row.account_id, steps: [stayCharges(row.stay, facility, now.toISOString())] }, { actor: { id: 'system:revenue', role: 'system' } });
      });
      return events.length > 0;
    } catch (error) {
      if (error instanceof ConcurrencyError && attempt < 3) return this.censusOfStay(encounterId, now, attempt + 1);
      throw error;
    }
  }

  /** Work on one account as a reaction inside a consumer's transaction. */
  workInTransaction(tx: PoolClient, accountId: string, steps: AccountStep[], context: CommandContext): Promise<CommandResult> {
    return this.accounts.handleInTransaction(tx, { accountId, steps }, context);
  }

  private act(accountId: string, command: AccountCommand, context: CommandContext): Promise<CommandResult> {
    return this.accounts.handle({ accountId, steps: [command] }, context);
  }

  async account(accountId: string): Promise<AccountState> {
    const history = await this.store.readStream(accountStream(accountId));
    return fold(accountDecider, history.map((e) => revenueRegistry.upcast(e)).map((e) => ({ type: e.type, data: e.data }) as AccountEvent));
  }

  recordCoverage(accountId: string, coverage: Data<'RecordCoverage'>, context: CommandContext) {
    return this.act(accountId, { type: 'RecordCoverage', accountId, ...coverage }, context);
  }

  recordGuarantor(accountId: string, guarantor: Omit<Data<'RecordGuarantor'>, 'at'>, context: CommandContext) {
    return this.act(accountId, { type: 'RecordGuarantor', accountId, ...guarantor, at: new Date().toISOString() }, context);
  }

  recordCoding(accountId: string, coding: Omit<Data<'Code'>, 'by' | 'at' | 'timeZone'>, context: CommandContext) {
    return this.act(accountId, { type: 'Code', accountId, ...coding, by: context.actor.id, at: new Date().toISOString(), timeZone: this.policy.timeZone }, context);
  }

  placeHold(accountId: string, reason: Data<'PlaceHold'>['reason'], note: string, context: CommandContext) {
    return this.act(accountId, { type: 'PlaceHold', accountId, reason, note, at: new Date().toISOString() }, context);
  }

  releaseHold(accountId: string, reason: Data<'ReleaseHold'>['reason'], context: CommandContext) {
    return this.act(accountId, { type: 'ReleaseHold', accountId, reason, at: new Date().toISOString() }, context);
  }

  assign(accountId: string, owner: string, context: CommandContext) {
    return this.act(accountId, { type: 'Assign', accountId, owner, by: context.actor.id, at: new Date().toISOString() }, context);
  }

  /**
   * The first claim of the account (or a new original after a 277CA rejection): scrubbed, and
   * either frozen and sent or stopped with its edits. A claim already with the payer is replaced, not created again.
   */
  createClaim(accountId: string, context: CommandContext) {
    const guard: AccountStep = (s) => {
      const standing = s.claims.filter((c) => c.status !== 'rejected');
      if (standing.length > 0) throw new AccountStateError('CLAIM_ALREADY_SENT', accountId, `Account ${accountId} already has claim ${standing.at(-1)!.claimId}; send a replacement claim to change it.`);
      return null;
    };
    // The payment window's outpatient charges move onto the inpatient claim in the claim's own
    // transaction: refused or stopped, nothing moves.
    return withTransaction(this.pool, async (tx) => {
      const moved = await this.paymentWindow(tx, accountId, context);
      const post: AccountStep = () => (moved.length > 0 ? { type: 'CaptureCharges', accountId, actions: moved, at: new Date().toISOString() } : null);
      return this.accounts.handleInTransaction(tx, { accountId, steps: [guard, post, this.bill(accountId)] }, context);
    });
  }

  /**
   * The 3-day payment window of a Medicare Part A inpatient account's first claim: the
   * outpatient services of the same patient on the admission date and the 3 days before are
   * reversed on their outpatient accounts (in the caller's transaction) and returned, to be
   * posted on the inpatient account with their service dates.
   */
  private async paymentWindow(tx: PoolClient, accountId: string, context: CommandContext): Promise<ChargeAction[]> {
    const state = await this.account(accountId);
    if (state.accountClass !== 'inpatient' || !state.admission || state.coverages.primary?.filingIndicator !== 'MA' || state.claims.length > 0) return [];
    const { rows } = await tx.query<{ account_id: string }>(`SELECT account_id FROM ${schema}.accounts WHERE patient_id = $1 AND account_id <> $2 AND account_class <> 'inpatient' ORDER BY opened_at`, [
      state.patientId,
      accountId,
    ]);
    const outpatient = await Promise.all(rows.map(async (r) => ({ accountId: r.account_id, charges: (await this.account(r.account_id)).lines })));
    const moves = paymentWindowMoves(accountId, state.admission.at, paymentWindowDays, this.policy.timeZone, outpatient);
    for (const from of new Set(moves.map((m) => m.fromAccountId))) {
      const reversals = moves.filter((m) => m.fromAccountId === from).map((m) => m.reverse);
      await this.accounts.handleInTransaction(tx, { accountId: from, steps: [{ type: 'CaptureCharges', accountId: from, actions: reversals, at: new Date().toISOString() }] }, context);
    }
    return moves.map((m) => m.post);
  }

  /** The next interim bill of a long stay still in house: 0112 after its first 60 days, 0113 every 60 days after. */
  createInterimClaim(accountId: string, context: CommandContext) {
    return this.act(accountId, { type: 'BillInterim', accountId, policy: this.policy, at: new Date().toISOString() }, context);
  }

  /** A replacement (frequency 7) of the adjudicated claim, e.g. after a denial was fixed or late charges arrived. */
  replaceClaim(accountId: string, context: CommandContext) {
    const guard: AccountStep = (s) => {
      const last = s.claims.filter((c) => c.status !== 'rejected').at(-1);
      if (!last || last.frequency === '8') throw new AccountStateError('NO_CLAIM_TO_REPLACE', accountId, `Account ${accountId} has no claim with the payer to replace; create the claim first.`);
      return null;
    };
    return this.accounts.handle({ accountId, steps: [guard, this.bill(accountId)] }, context);
  }

  voidClaim(accountId: string, context: CommandContext) {
    return this.act(accountId, { type: 'VoidClaim', accountId, at: new Date().toISOString() }, context);
  }

  private bill(accountId: string): AccountCommand {
    return { type: 'Bill', accountId, policy: this.policy, at: new Date().toISOString() };
  }

  /**
   * Posts an 835 as one transaction, all or nothing: the whole file is parsed and checked first
   * (envelope, counts, every claim's balance and the file's), then each claim payment posts to
   * the account its CLP01 names, if that account has a claim with this payer; any other payment
   * goes to unapplied cash. A payment already posted (same trace number, payer and CLP, in any
   * envelope) is not posted again. PLB adjustments go to the provider's ledger.
   */
  async post835(text: string, context: CommandContext): Promise<PostedPayment[]> {
    const remittance = parse835(text);
    const remitDate = remittance.paymentDate ?? new Date().toISOString().slice(0, 10);
    const { traceNumber, payerId } = remittance;
    return withTransaction(this.pool, async (tx) => {
      const posted: PostedPayment[] = [];
      for (const payment of remittance.payments) {
        const key = [traceNumber, payerId, payment.patientControlNumber, payment.payerClaimNumber];
        const fresh = await tx.query(
          `INSERT INTO ${schema}.remittance_postings (trace_number, payer_id, patient_control_number, payer_claim_number, paid_cents, posted_at) VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT DO NOTHING`,
          [...key, payment.paidCents],
        );
        if (fresh.rowCount === 0) continue;
        const accountId = payment.patientControlNumber;
        let applied = false;
        const step: AccountStep = (s) => {
          applied = hasClaimWith(s, payerId);
          return applied ? { type: 'PostRemittance', accountId, payment, remitDate } : null;
        };
        await this.accounts.handleInTransaction(tx, { accountId, steps: [step] }, context);
        if (applied) {
          await tx.query(`UPDATE ${schema}.remittance_postings SET account_id = $5 WHERE trace_number = $1 AND payer_id = $2 AND patient_control_number = $3 AND payer_claim_number = $4`, [...key, accountId]);
        } else {
          await tx.query(
            `INSERT INTO ${schema}.unapplied_cash (trace_number, payer_id, patient_control_number, payer_claim_number, paid_cents, reason, received_at) VALUES ($1, $2, $3, $4, $5, $6, now())`,
            [...key, payment.paidCents, `no claim of account ${accountId} was sent to payer ${payerId}`],
          );
        }
        posted.push({ accountId, payerClaimNumber: payment.payerClaimNumber, claimStatus: payment.status, paidCents: payment.paidCents, applied });
      }
      for (const [seq, adjustment] of remittance.providerAdjustments.entries()) {
        await tx.query(
          `INSERT INTO ${schema}.provider_adjustments (trace_number, payer_id, seq, reason, reference, amount_cents) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [traceNumber, payerId, seq + 1, adjustment.reason, adjustment.reference, adjustment.amountCents],
        );
      }
      return posted;
    });
  }

  /**
   * Charges a held charge again from the chargemaster, once the CDM team has added or extended
   * its row; refused (naming the charge code and date) while the chargemaster still cannot price it.
   * A charge held for another reason (a cancelled admission, a dose unit) is placed by a biller
   * and discarded with a note instead.
   */
  repostHeldCharge(accountId: string, holdId: string, context: CommandContext) {
    const step: AccountStep = (s) => {
      const held = s.heldCharges.find((h) => h.holdId === holdId);
      if (!held) throw new AccountStateError('HELD_CHARGE_NOT_FOUND', accountId, `Account ${accountId} has no held charge ${holdId} waiting for review.`);
      if (held.problem !== 'CHARGE_CODE_NOT_FOUND') {
        throw new AccountStateError('HELD_CHARGE_NEEDS_BILLER', accountId, `Held charge ${holdId} (${held.problem}) cannot be priced again; post it where it belongs and discard it here with a note.`);
      }
      const action = priceOrHold(demoChargemaster, held.chargeCode, held.serviceDate, held.quantity, held.source);
      // Still no row: say so (the lookup's own refusal names the code and the date).
      if (action.kind === 'hold') demoChargemaster.lookup(held.chargeCode, held.serviceDate);
      return { type: 'CaptureCharges', accountId, actions: [action], at: new Date().toISOString() };
    };
    return this.accounts.handle({ accountId, steps: [step] }, context);
  }

  discardHeldCharge(accountId: string, holdId: string, note: string, context: CommandContext) {
    return this.act(accountId, { type: 'DiscardHeldCharge', accountId, holdId, note, by: context.actor.id, at: new Date().toISOString() }, context);
  }

  /** The 837I of one claim version, rebuilt from the account as it stood when the claim was frozen. */
  async claim837I(claimId: string, patientOf: (patientId: string) => Promise<ClaimPatient | null>): Promise<string | null> {
    const accountId = claimId.replace(/-C\d+$/, '');
    const history = await this.store.readStream(accountStream(accountId));
    const at = history.findIndex((e) => e.type === 'revenue.claim.created' && (e.data as { claimId: string }).claimId === claimId);
    if (at < 0) return null;
    const state = fold(accountDecider, history.slice(0, at + 1).map((e) => revenueRegistry.upcast(e)).map((e) => ({ type: e.type, data: e.data }) as AccountEvent));
    const record = state.claims.find((c) => c.claimId === claimId)!;
    const payer = state.coverages.primary!;
    const patient = await patientOf(state.patientId);
    if (!patient) return null;
    const createdAt = DateTime.fromISO((history[at]!.data as { at: string }).at, { zone: this.policy.timeZone }).toFormat('yyyyMMddHHmm');
    // Unique per claim version and the same every time the file is rebuilt: where the claim's event stands in the store.
    const { rows } = await this.pool.query<{ position: string }>(`SELECT global_position::text AS position FROM ${schema}.events WHERE event_id = $1`, [history[at]!.eventId]);
    const interchange = Number(BigInt(rows[0]!.position) % 1_000_000_000n);
    return render837I(
      buildClaim(state, record, this.policy.timeZone),
      patient,
      payer,
      envelopeFor(interchange, createdAt, { name: payer.payerName.toUpperCase(), id: payer.payerId }),
    );
  }
}
