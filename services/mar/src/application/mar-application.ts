import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import {
  type AdministrationSite,
  type DoseHeldReason,
  type DoseNotGivenReason,
  type DoseQuantity,
  type DoseRefusedReason,
  EventRegistry,
  eventCatalog,
  type ManualEntryReason,
  type MedicationRoute,
  type PartialDoseReason,
  type PatientIdentifier,
  type PrnEffect,
  type TimingVarianceReason,
  type VerificationOverrideReason,
} from '@ehr/contracts';
import {
  asDomainEvents,
  type CommandContext,
  CommandHandler,
  type Decider,
  fold,
  type NewEvent,
  runUnitOfWork,
  inlineProjections,
  migrateServiceSchema,
  type Pool,
  type PoolClient,
  PostgresEventStore,
  type StreamSnapshot,
  withTransaction,
} from '@ehr/platform';
import { type BedsideCommand, withBedsideScan } from '../domain/bedside-scan.js';
import { type KnownDose, planDoses } from '../domain/dose-plan.js';
import { MarRefusedError } from '../domain/mar-errors.js';
import { evolveMarOrder, type MarOrder, type OrderEvent } from '../domain/mar-order.js';
import { defaultPrnReassessmentMinutes, defaultScanValidMinutes, type MarPolicy } from '../domain/mar-policy.js';
import { createProductCatalog, type Product } from '../domain/product-catalog.js';
import { seedProducts } from '../domain/product-file.seed.js';
import { createDoseDecider } from '../domain/dose.decider.js';
import type { DoseCommand, DoseEvent, DoseState } from '../domain/dose-state.js';
import { evolvePrnOrder, initialPrnOrderState, type PrnOrderEvent, type PrnOrderState, priorAdministrations, prnOrderEventsFor } from '../domain/prn-dose.decider.js';
import { ismpTimingPolicy } from '../domain/timing-window.js';
import { patientOnWristband } from '../domain/wristband.js';
import { projections, schema } from '../projections/index.js';
import type { EncounterOnMar } from '../domain/encounter-on-mar.js';
import { type CopySnapshot, CopyConfirmation, defaultConfirmTimeoutMs } from './copy-confirmation.js';
import { type SourceStream, type SourceVersions, sourceStreamId } from './source-versions.js';

export const marRegistry = new EventRegistry(eventCatalog.mar);
export const doseStream = (doseId: string) => `dose-${doseId}`;
/** A PRN order's administrations: the stream its interval and 24-hour maximum are decided on. */
export const prnOrderStream = (orderId: string) => `prn-order-${orderId}`;

/** How far ahead the MAR schedules doses; the planner moves the horizon as time passes. */
const planningHorizonHours = 48;
/** How many doses' source streams are kept in memory (insertion order, oldest dropped): a unit's shift and more. */
const rememberedDoses = 10_000;
/** A second nurse's sign-in counts for this long at the bedside. */
const cosignatureValidMinutes = 15;

const system = (correlationId?: string, causationId?: string): CommandContext => ({ actor: { id: 'system:mar', role: 'system' }, correlationId, causationId });

export type WristbandInput = { method: 'scanned'; code: string } | { method: 'manual'; identifiersConfirmed: PatientIdentifier[]; reason: ManualEntryReason; comment: string | null };
export type ProductInput = { method: 'scanned'; code: string } | { method: 'manual'; ndc11: string; reason: ManualEntryReason; comment: string | null };

/** What the nurse documents for a dose given; the second nurse and the witness come from their own sign-ins. */
export interface GivenInput {
  doseId: string;
  amount: DoseQuantity;
  route: MedicationRoute;
  site: AdministrationSite | null;
  wasted: DoseQuantity | null;
  timingReason: { reason: TimingVarianceReason; comment: string | null } | null;
  /** Packages used when the nurse confirms a count instead of scanning each; null means as many as scanned. */
  packages: number | null;
  /** Why less than the ordered dose is given. */
  partialReason: { reason: PartialDoseReason; comment: string | null } | null;
  /** A double tap sends the same key: the first entry stands and the second changes nothing. */
  idempotencyKey: string | null;
}

/** A dose on the MAR with what it is decided against: its order, its encounter, the second nurses signed in. */
export interface DoseOnMar {
  dose: DoseState;
  /** The dose's state with the version of its stream it is folded to (absent on rows older than that column). */
  snapshot: StreamSnapshot<DoseState> | undefined;
  order: MarOrder;
  encounter: EncounterOnMar | null;
  cosigners: { verifier: string | null; witness: string | null };
}

/** The source streams a dose's documentation is confirmed against: its encounter at ADT and its order at orders. */
const sourceStreamsOf = (order: MarOrder): [SourceStream, SourceStream] => [
  { source: 'adt', aggregate: 'encounter', id: order.encounterId },
  { source: 'orders', aggregate: 'order', id: order.orderId },
];

export type NotAdministeredInput =
  | { type: 'HoldDose'; doseId: string; reason: DoseHeldReason; comment: string | null }
  | { type: 'RefuseDose'; doseId: string; reason: DoseRefusedReason; comment: string | null }
  | { type: 'RecordDoseNotGiven'; doseId: string; reason: DoseNotGivenReason; comment: string | null };

/**
 * The eMAR's use cases over its own store: doses planned from the orders it follows, the
 * bedside checks and documentation, and corrections. Read models are inline, so the nurse
 * sees the dose as documented on the next read.
 */
export class MarApplication {
  readonly store: PostgresEventStore;
  readonly doses: CommandHandler<BedsideCommand, DoseEvent, DoseState>;
  readonly policy: MarPolicy;
  private readonly doseDecider: Decider<DoseCommand, DoseEvent, DoseState>;
  private readonly confirmation: CopyConfirmation;
  /** The source streams each dose read so far is confirmed against, so a documentation asks for them while it reads the dose. */
  private readonly sourcesOfDose = new Map<string, SourceStream[]>();
  private readonly now: () => string;

  /**
   * `sources`: where the eMAR confirms, before a dose is documented, that its copies of the
   * encounter and the order are as new as ADT's and orders' answers so far (ADR 0023).
   */
  constructor(
    readonly pool: Pool,
    zone: string,
    sources: SourceVersions,
    options: { products?: readonly Product[]; now?: () => string; scanValidMinutes?: number; confirmTimeoutMs?: number } = {},
  ) {
    this.now = options.now ?? (() => new Date().toISOString());
    this.confirmation = new CopyConfirmation(sources, options.confirmTimeoutMs ?? defaultConfirmTimeoutMs);
    this.policy = {
      zone,
      timing: ismpTimingPolicy,
      products: createProductCatalog(options.products ?? seedProducts),
      prnReassessmentMinutes: defaultPrnReassessmentMinutes,
      scanValidMinutes: options.scanValidMinutes ?? defaultScanValidMinutes,
    };
    this.store = new PostgresEventStore({ pool, schema });
    this.doseDecider = createDoseDecider(this.policy);
    this.doses = new CommandHandler({
      decider: withBedsideScan(this.doseDecider),
      store: this.store,
      registry: marRegistry,
      streamId: (c) => doseStream(c.doseId),
      subjectOf: (c, _e, s) => {
        const order = c.type === 'VerifyAtBedside' ? c.product.order : 'order' in c ? c.order : null;
        return order ? { patientId: order.patientId, encounterId: order.encounterId } : { patientId: s.patientId };
      },
      inline: { pool, work: inlineProjections(projections) },
    });
  }

  /** Creates the event store, read models and bookkeeping tables when they are missing. */
  async migrate(): Promise<void> {
    await migrateServiceSchema({ pool: this.pool, store: this.store, schema, migrationsDir: join(import.meta.dirname, '..', '..', 'migrations') });
  }

  /**
   * Applies one orders event to the MAR's copy of the order and brings its doses in line, in
   * the consumer's transaction: a redelivered event finds the doses already planned.
   */
  async followOrder(tx: PoolClient, event: OrderEvent, cause: { eventId: string; correlationId: string }): Promise<void> {
    const before = await this.lockedOrder(tx, event.data.orderId);
    const order = evolveMarOrder(before, event);
    if (order === null) return;
    await tx.query(
      `INSERT INTO ${schema}.med_orders (order_id, patient_id, encounter_id, status, mar_order, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, mar_order = EXCLUDED.mar_order, updated_at = EXCLUDED.updated_at`,
      [order.orderId, order.patientId, order.encounterId, order.status, JSON.stringify(order), this.now()],
    );
    await this.plan(tx, order, (doseId) => ({ ...system(cause.correlationId, cause.eventId), idempotencyKey: `${cause.eventId}:${doseId}` }));
  }

  /** Moves the planning horizon for every order still running; run on a timer. */
  async planAhead(): Promise<number> {
    const { rows } = await this.pool.query<{ order_id: string }>(`SELECT order_id FROM ${schema}.med_orders WHERE status IN ('active', 'on-hold')`);
    let scheduled = 0;
    for (const { order_id } of rows) {
      scheduled += await withTransaction(this.pool, async (tx) => {
        const order = await this.lockedOrder(tx, order_id);
        return order === null ? 0 : this.plan(tx, order, () => system());
      });
    }
    return scheduled;
  }

  private async lockedOrder(tx: PoolClient, orderId: string): Promise<MarOrder | null> {
    const { rows } = await tx.query<{ mar_order: MarOrder }>(`SELECT mar_order FROM ${schema}.med_orders WHERE order_id = $1 FOR UPDATE`, [orderId]);
    return rows[0]?.mar_order ?? null;
  }

  private async plan(tx: PoolClient, order: MarOrder, context: (doseId: string) => CommandContext): Promise<number> {
    const { rows } = await tx.query<{ dose_id: string; state: DoseState }>(`SELECT dose_id, state FROM ${schema}.doses WHERE order_id = $1 AND kind = 'scheduled'`, [order.orderId]);
    const known: KnownDose[] = rows.map((r) => ({ doseId: r.dose_id, slot: r.state.slot!, open: r.state.status === 'open', cancelled: r.state.status === 'cancelled' }));
    const window = { from: order.start, to: new Date(Date.parse(this.now()) + planningHorizonHours * 3_600_000).toISOString() };
    const commands = planDoses(order, known, this.policy.zone, window);
    for (const command of commands) await this.doses.handleInTransaction(tx, command, context(command.doseId));
    return commands.length;
  }

  /**
   * Who a scanned wristband stands for at this dose: the record the order is charted on when ADT
   * merged that record into the wristband's patient (the same person), else the wristband's own
   * patient, and the decider refuses the mismatch.
   */
  private async scannedAs(wristbandPatient: string, chartedPatient: string, code: string): Promise<{ method: 'scanned'; code: string; shownAs?: { scanned: string; open: string } }> {
    if (wristbandPatient === chartedPatient) return { method: 'scanned', code: `PID:${chartedPatient}` };
    const { rowCount } = await this.pool.query(`SELECT 1 FROM ${schema}.patient_merges WHERE retired_patient_id = $1 AND survivor_patient_id = $2`, [chartedPatient, wristbandPatient]);
    if (rowCount) return { method: 'scanned', code: `PID:${chartedPatient}` };
    // A second patient's wristband: the refusal names both by MRN, as their wristbands do.
    const { rows } = await this.pool.query<{ mrn: string }>(`SELECT mrn FROM ${schema}.wristbands WHERE patient_id = $1 ORDER BY mrn LIMIT 1`, [chartedPatient]);
    const open = rows[0] ? `MRN ${rows[0].mrn}` : `patient ${chartedPatient}`;
    return { method: 'scanned', code: `PID:${wristbandPatient}`, shownAs: { scanned: `MRN ${patientOnWristband(code)}`, open } };
  }

  /** The patient a wristband names. Wristbands carry the MRN behind the self-typing "PID:" prefix. */
  async patientOnWristband(code: string): Promise<string> {
    const mrn = patientOnWristband(code);
    const { rows } = await this.pool.query<{ patient_id: string }>(`SELECT patient_id FROM ${schema}.wristbands WHERE mrn = $1`, [mrn]);
    const patientId = rows[0]?.patient_id;
    if (!patientId) throw new MarRefusedError('UNKNOWN_WRISTBAND', `No patient in this hospital has MRN ${mrn}. Check the wristband; reprint it from registration if it is wrong.`);
    return patientId;
  }

  async order(orderId: string): Promise<MarOrder> {
    const { rows } = await this.pool.query<{ mar_order: MarOrder }>(`SELECT mar_order FROM ${schema}.med_orders WHERE order_id = $1`, [orderId]);
    const order = rows[0]?.mar_order;
    if (!order) throw new MarRefusedError('ORDER_NOT_ON_MAR', `Order ${orderId} is not a medication order on the MAR. Refresh the MAR.`, { orderId });
    return order;
  }

  /** A dose, the order it belongs to, and the second nurses signed in for it, in one read. */
  async doseWithOrder(doseId: string): Promise<DoseOnMar> {
    return (await this.doseSnapshot(doseId)).value;
  }

  /**
   * The dose with its order and encounter as the eMAR's followers left them, and how far those
   * followers had got with the order's and the encounter's source streams: one statement, so
   * the copy is exactly as new as the positions say.
   */
  private async doseSnapshot(doseId: string): Promise<CopySnapshot<DoseOnMar>> {
    const since = new Date(Date.parse(this.now()) - cosignatureValidMinutes * 60_000).toISOString();
    const { rows } = await this.pool.query<{
      state: DoseState;
      mar_order: MarOrder;
      verifier: string | null;
      witness: string | null;
      encounter_status: EncounterOnMar['status'] | null;
      encounter_version: number | null;
      order_version: number | null;
      stream_version: number | null;
    }>(
      `SELECT d.state, d.stream_version, o.mar_order, e.status AS encounter_status,
         (SELECT signed_by FROM ${schema}.cosignatures c WHERE c.dose_id = d.dose_id AND c.role = 'verifier' AND c.signed_at >= $2) AS verifier,
         (SELECT signed_by FROM ${schema}.cosignatures c WHERE c.dose_id = d.dose_id AND c.role = 'witness' AND c.signed_at >= $2) AS witness,
         (SELECT version FROM ${schema}.source_positions p WHERE p.stream_id = 'encounter-' || o.encounter_id) AS encounter_version,
         (SELECT version FROM ${schema}.source_positions p WHERE p.stream_id = 'order-' || o.order_id) AS order_version
       FROM ${schema}.doses d JOIN ${schema}.med_orders o ON o.order_id = d.order_id
       LEFT JOIN ${schema}.encounters e ON e.encounter_id = o.encounter_id
       WHERE d.dose_id = $1`,
      [doseId, since],
    );
    const row = rows[0];
    if (!row) throw new MarRefusedError('DOSE_NOT_FOUND', `Dose ${doseId} is not on the MAR.`, { doseId });
    const order = row.mar_order;
    const [encounterStream, orderStream] = sourceStreamsOf(order);
    this.remember(doseId, [encounterStream, orderStream]);
    return {
      value: {
        dose: row.state,
        snapshot: row.stream_version === null ? undefined : { state: row.state, version: row.stream_version },
        order,
        encounter: row.encounter_status === null ? null : { encounterId: order.encounterId, status: row.encounter_status },
        cosigners: { verifier: row.verifier, witness: row.witness },
      },
      positions: { [sourceStreamId(encounterStream)]: row.encounter_version ?? undefined, [sourceStreamId(orderStream)]: row.order_version ?? undefined },
    };
  }

  /**
   * The dose as `doseWithOrder`, once its order and encounter are confirmed as new as their
   * sources (ADR 0023). A dose read before (its scan) names its sources already, so they are
   * asked while the dose is read.
   */
  private async confirmedDose(doseId: string): Promise<DoseOnMar> {
    return this.confirmation.confirm((dose) => sourceStreamsOf(dose.order), this.doseSnapshot(doseId), () => this.doseSnapshot(doseId), this.sourcesOfDose.get(doseId));
  }

  /** Bounded: a dose is documented within hours of its scan, and a dose forgotten here is only read once more. */
  private remember(doseId: string, streams: SourceStream[]): void {
    this.sourcesOfDose.delete(doseId);
    this.sourcesOfDose.set(doseId, streams);
    if (this.sourcesOfDose.size > rememberedDoses) this.sourcesOfDose.delete(this.sourcesOfDose.keys().next().value!);
  }

  private bedside(context: CommandContext) {
    return { by: context.actor.id, at: this.now() };
  }

  /**
   * The first bedside check of a dose. A scheduled dose is named by its id; an as-needed dose
   * starts here from its order and gets a new id. A scanned wristband names the patient by MRN,
   * which the decider compares with the dose's patient.
   */
  async verifyWristband(input: { doseId: string | null; orderId: string | null; wristband: WristbandInput }, context: CommandContext): Promise<string> {
    const doseId = input.doseId ?? `prn-${uuidv7()}`;
    if (input.doseId === null && input.orderId === null) throw new MarRefusedError('DOSE_NOT_FOUND', 'Choose a dose, or an as-needed order to give a dose of.');
    const [{ order, snapshot }, patientId] = await Promise.all([
      input.doseId === null ? this.order(input.orderId!).then((o) => ({ order: o, snapshot: undefined })) : this.doseWithOrder(input.doseId),
      input.wristband.method === 'scanned' ? this.patientOnWristband(input.wristband.code) : null,
    ]);
    const wristband = input.wristband.method === 'scanned' ? await this.scannedAs(patientId!, order.patientId, input.wristband.code) : input.wristband;
    await this.doses.handle({ type: 'VerifyWristband', doseId, order, wristband, ...this.bedside(context) }, context, snapshot);
    return doseId;
  }

  /**
   * The package against the order. With the wristband the nurse scanned on arriving at the
   * bedside, both checks are decided and written together: one scan of the package, one round trip.
   */
  async verifyProduct(
    input: { doseId: string; product: ProductInput; wristband: WristbandInput | null; verificationOverride: { reason: VerificationOverrideReason; comment: string | null } | null },
    context: CommandContext,
  ): Promise<void> {
    const { doseId } = input;
    const [{ order, snapshot }, patientId] = await Promise.all([
      this.doseWithOrder(doseId),
      input.wristband?.method === 'scanned' ? this.patientOnWristband(input.wristband.code) : null,
    ]);
    const bedside = this.bedside(context);
    const product = { type: 'VerifyProduct' as const, doseId, order, product: input.product, verificationOverride: input.verificationOverride, ...bedside };
    if (input.wristband === null) {
      await this.doses.handle(product, context, snapshot);
      return;
    }
    const wristband = input.wristband.method === 'scanned' ? await this.scannedAs(patientId!, order.patientId, input.wristband.code) : input.wristband;
    await this.doses.handle({ type: 'VerifyAtBedside', doseId, wristband: { type: 'VerifyWristband', doseId, order, wristband, ...bedside }, product }, context, snapshot);
  }

  /** A second nurse signs in on their own credentials for a dose: the high-alert double check or the waste witness. */
  async cosign(input: { doseId: string; role: 'verifier' | 'witness' }, context: CommandContext): Promise<void> {
    await this.doseWithOrder(input.doseId);
    await this.pool.query(
      `INSERT INTO ${schema}.cosignatures (dose_id, role, signed_by, signed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (dose_id, role) DO UPDATE SET signed_by = EXCLUDED.signed_by, signed_at = EXCLUDED.signed_at`,
      [input.doseId, input.role, context.actor.id, this.now()],
    );
  }

  /** What documenting a dose given decides on: its order and encounter confirmed current at their sources first. */
  private async administration(input: GivenInput, context: CommandContext) {
    const { dose, snapshot, order, encounter, cosigners } = await this.confirmedDose(input.doseId);
    if (input.wasted !== null && cosigners.witness === null) {
      throw new MarRefusedError('WITNESS_REQUIRED', 'A second person must witness the waste: ask them to sign in as witness on this dose.', { doseId: input.doseId });
    }
    const already = input.idempotencyKey === null ? undefined : dose.entries.find((e) => e.entryId === input.idempotencyKey);
    return {
      snapshot,
      repeated: already !== undefined,
      command: {
        doseId: input.doseId,
        ...this.bedside(context),
        order,
        encounter,
        entryId: input.idempotencyKey ?? uuidv7(),
        amount: input.amount,
        route: input.route,
        site: input.site,
        verifiedBy: cosigners.verifier,
        waste: input.wasted === null ? null : { amount: input.wasted, witnessedBy: cosigners.witness! },
        timingReason: input.timingReason,
        packages: input.packages,
        partialReason: input.partialReason,
      },
    };
  }

  async documentGiven(input: GivenInput, context: CommandContext): Promise<void> {
    const { command, repeated, snapshot } = await this.administration(input, context);
    if (!repeated) await this.doses.handle({ type: 'GiveDose', ...command }, context, snapshot);
  }

  /**
   * An as-needed dose, checked against the order's interval and 24-hour maximum over the
   * order's own stream: both streams are read, decided on and written at the versions read in
   * one transaction, so of two nurses documenting at once the second is decided again on what
   * the first wrote and refused, told who gave what when.
   */
  async documentPrnGiven(input: GivenInput & { indication: string; painScore: number | null }, context: CommandContext): Promise<void> {
    const { command } = await this.administration(input, context);
    await this.onPrnStreams(input.doseId, command.order, context, (dose, ledger) =>
      dose.entries.some((e) => e.entryId === command.entryId)
        ? null
        : { type: 'GivePrnDose', ...command, indication: input.indication, painScore: input.painScore, priorAdministrations: priorAdministrations(ledger) },
    );
  }

  /**
   * Decides a command on a dose's stream; on an as-needed dose, also on its order's stream,
   * which then hears what the decision changes in the order's count (given, corrected, in error).
   * `commandFor` answers null when the command was already carried out (a repeat of the same key).
   */
  private async onPrnStreams(doseId: string, order: MarOrder, context: CommandContext, commandFor: (dose: DoseState, ledger: PrnOrderState) => DoseCommand | null): Promise<void> {
    const correlationId = context.correlationId ?? uuidv7();
    const toNew = (event: { type: string; data: unknown }): NewEvent => ({
      type: event.type,
      schemaVersion: marRegistry.get(event.type).schemaVersion,
      data: event.data,
      metadata: { patientId: order.patientId, encounterId: order.encounterId, actor: context.actor, correlationId, causationId: context.causationId ?? null, traceparent: context.traceparent ?? null },
    });
    await runUnitOfWork({ pool: this.pool, store: this.store, registry: marRegistry, inline: inlineProjections(projections) }, async (session) => {
      const dose = fold(this.doseDecider, asDomainEvents<DoseEvent>(await session.load(doseStream(doseId))));
      const ledger = fold({ initialState: initialPrnOrderState, evolve: evolvePrnOrder }, asDomainEvents<PrnOrderEvent>(await session.load(prnOrderStream(order.orderId))));
      const command = commandFor(dose, ledger);
      if (command === null) return [];
      const events = this.doseDecider.decide(command, dose);
      return [
        { streamId: doseStream(doseId), events: events.map(toNew) },
        { streamId: prnOrderStream(order.orderId), events: prnOrderEventsFor(dose, events).map(toNew) },
      ];
    });
  }

  async reassessPrn(input: { doseId: string; effect: PrnEffect; painScore: number | null; comment: string | null }, context: CommandContext): Promise<void> {
    await this.doses.handle({ type: 'ReassessPrnDose', ...input, ...this.bedside(context) }, context);
  }

  async documentNotAdministered(input: NotAdministeredInput, context: CommandContext): Promise<void> {
    await this.doses.handle({ ...input, entryId: uuidv7(), ...this.bedside(context) }, context);
  }

  async markDocumentedInError(input: { doseId: string; entryId: string; reason: string }, context: CommandContext): Promise<void> {
    await this.correct(input.doseId, () => ({ type: 'MarkEnteredInError', ...input, ...this.bedside(context) }), context);
  }

  async amend(input: { doseId: string; entryId: string; amount: DoseQuantity | null; site: AdministrationSite | null; givenAt: string | null; reason: string }, context: CommandContext): Promise<void> {
    await this.correct(input.doseId, (order) => ({ type: 'AmendAdministration', order, ...input, ...this.bedside(context) }), context);
  }

  /** A correction of an as-needed dose changes what counts against its order, in the same transaction. */
  private async correct(doseId: string, commandFor: (order: MarOrder) => DoseCommand, context: CommandContext): Promise<void> {
    const { dose, snapshot, order } = await this.doseWithOrder(doseId);
    const command = commandFor(order);
    if (dose.kind === 'prn') await this.onPrnStreams(doseId, order, context, () => command);
    else await this.doses.handle(command, context, snapshot);
  }
}
