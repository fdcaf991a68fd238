import { join } from 'node:path';
import { DateTime } from 'luxon';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import {
  type AttendingProvider,
  type Demographics,
  defaultClockSkewMs,
  demographics as demographicsSchema,
  EventContractError,
  InvalidInputError,
  type TimePolicy,
  UnknownReferenceError,
} from '@ehr/contracts';
import {
  asDomainEvents,
  type CommandContext,
  CommandHandler,
  earlierRequest,
  fold,
  hashOf,
  inlineProjections,
  migrateServiceSchema,
  type NewEvent,
  type Pool,
  type PoolClient,
  PostgresEventStore,
  type RecordedEvent,
  runUnitOfWork,
  runUnitOfWorkInTransaction,
  type UnitOfWorkSession,
} from '@ehr/platform';
import { type BedCommand, bedDecider, type BedEvent, type BedState } from '../domain/bed.decider.js';
import { type BedRequestCommand, bedRequestDecider, type BedRequestEvent } from '../domain/bed-request.decider.js';
import { type CensusLine, censusInstant, midnightCensus, patientDays, type Stay, stayOf } from '../domain/census.js';
import { type EncounterCommand, encounterDecider, type EncounterEvent, type EncounterState } from '../domain/encounter.decider.js';
import { type UnitConfig } from '../domain/facility.js';
import { type UnitCommand, unitDecider, type UnitEvent, type UnitState } from '../domain/unit.decider.js';
import { mrnFromSequence } from '../domain/mrn.js';
import { unidentifiedAlias } from '../domain/unidentified.js';
import { earlierRegistration, type RegistrationRequest } from '../domain/registration-key.js';
import { BedOccupiedError, MergeRefusedError, PatientStateError, PotentialDuplicateError } from '../domain/adt-errors.js';
import { attendingDecider, type AttendingEvent } from '../domain/attending.decider.js';
import { demoProviders, ProviderRegistry } from '../domain/providers.js';
import { type PatientCommand, patientDecider, type PatientEvent, type PatientState } from '../domain/patient.decider.js';
import type { PlacementCommand } from '../domain/placement.js';
import { decideSwap, type SwapBeds } from '../domain/bed-swap.js';
import { projections, schema } from '../projections/index.js';
import { adtRegistry, bedStream, encounterStream, placePatient } from './placement.handler.js';
import { AsOfReader } from './as-of.reader.js';
import { inParallel } from './in-parallel.js';
import { OneAtATime } from './one-at-a-time.js';

export const patientStream = (patientId: string) => `patient-${patientId}`;
export const attendingStream = (encounterId: string) => `attending-${encounterId}`;

export interface AdtOptions {
  /** Entries older than this need a late-entry reason; null: any age is taken. */
  backdatingLimitHours?: number | null;
  providers?: ProviderRegistry;
  clock?: () => Date;
}

/**
 * The ADT service's use cases over its own store: registration, placement, beds, leave,
 * census. Read models are inline, so the user who acted sees the result on their next read.
 */
/** Names an admission's encounter from the user and their idempotency key. */
const admissionKeyNamespace = '7b1d3c2e-9a4f-4e6b-8c5d-2f1a0e9b7c63';
/** Names a registration's patient from the user and their idempotency key. */
const registrationKeyNamespace = 'c4a9e2d1-5b7f-4f3a-9e8d-1a6c0b2f7e45';

export class AdtApplication {
  readonly store: PostgresEventStore;
  private readonly inline = inlineProjections(projections);
  private readonly patients: CommandHandler<PatientCommand, PatientEvent, PatientState>;
  private readonly registrations = new OneAtATime();
  private readonly beds: CommandHandler<BedCommand, BedEvent, BedState>;
  private readonly encounters: CommandHandler<EncounterCommand, EncounterEvent, EncounterState>;
  private readonly units: CommandHandler<UnitCommand, UnitEvent, UnitState>;

  readonly providers: ProviderRegistry;
  /** Reads for a past instant, from the event streams. */
  readonly asOf: AsOfReader;
  private readonly clock: () => Date;
  private readonly backdatingLimitMs: number | null;

  constructor(
    readonly pool: Pool,
    readonly facilityZone: string,
    options: AdtOptions = {},
  ) {
    this.providers = options.providers ?? new ProviderRegistry(demoProviders);
    this.clock = options.clock ?? (() => new Date());
    this.backdatingLimitMs = options.backdatingLimitHours == null ? null : options.backdatingLimitHours * 3_600_000;
    this.store = new PostgresEventStore({ pool, schema });
    this.asOf = new AsOfReader(pool, this.store);
    const inline = { pool, work: this.inline };
    this.patients = new CommandHandler({
      decider: patientDecider,
      store: this.store,
      registry: adtRegistry,
      streamId: (c) => patientStream(c.patientId),
      subjectOf: (c) => ({ patientId: c.patientId }),
      inline,
    });
    this.beds = new CommandHandler({
      decider: bedDecider,
      store: this.store,
      registry: adtRegistry,
      streamId: (c) => bedStream(c.bedId),
      subjectOf: (_c, e) => ({ patientId: 'patientId' in e.data ? e.data.patientId : null, encounterId: 'encounterId' in e.data ? e.data.encounterId : null }),
      inline,
    });
    this.encounters = new CommandHandler({
      decider: encounterDecider,
      store: this.store,
      registry: adtRegistry,
      streamId: (c) => encounterStream(c.encounterId),
      subjectOf: (c, _e, s) => ({ patientId: s.patientId || ('patientId' in c ? c.patientId : null), encounterId: c.encounterId }),
      inline,
    });
    this.units = new CommandHandler({ decider: unitDecider, store: this.store, registry: adtRegistry, streamId: (c) => `unit-${c.unitId}`, subjectOf: () => ({ patientId: null }), inline });
  }

  /** The clock and the limits event times are checked against. */
  timePolicy(): TimePolicy {
    return { now: this.clock(), clockSkewMs: defaultClockSkewMs, backdatingLimitMs: this.backdatingLimitMs };
  }

  /** An active patient record, or a refusal naming the field: unknown, or merged into a survivor. */
  async requirePatient(patientId: string, field: string): Promise<void> {
    const state = fold(patientDecider, asDomainEvents<PatientEvent>((await this.store.readStream(patientStream(patientId))).map((e) => adtRegistry.upcast(e))));
    if (state.status === 'none') throw new UnknownReferenceError(field, 'patient', patientId);
    if (state.status === 'merged') throw new PatientStateError(patientId, `was merged into ${state.mergedInto}; use the surviving record`);
  }

  /**
   * A visit ADT knows, or a refusal naming the field. An admission may also name the encounter
   * a bed request was opened for, which exists once the patient arrives.
   */
  async requireEncounter(encounterId: string, field: string, options: { orBedRequest?: boolean } = {}): Promise<void> {
    const requested = options.orBedRequest ? `UNION ALL SELECT 1 FROM ${schema}.bed_requests WHERE encounter_id = $1` : '';
    const { rowCount } = await this.pool.query(`SELECT 1 FROM ${schema}.encounters WHERE encounter_id = $1 ${requested}`, [encounterId]);
    if (!rowCount) throw new UnknownReferenceError(field, 'encounter', encounterId);
  }

  /** A commissioned bed on the unit named with it, or a refusal naming the field. */
  async requireBed(bed: { bedId: string; unitId: string }, field: string): Promise<void> {
    const { rows } = await this.pool.query<{ unit_id: string }>(`SELECT unit_id FROM ${schema}.bed_board WHERE bed_id = $1`, [bed.bedId]);
    if (!rows[0]) throw new UnknownReferenceError(`${field}.bedId`, 'bed', bed.bedId);
    if (rows[0].unit_id !== bed.unitId) throw new InvalidInputError(`${field}.unitId`, `must be the bed's unit, ${rows[0].unit_id} (got "${bed.unitId}")`);
  }

  /**
   * An ED room the ED has another patient in is not free, whatever ADT's own bed events say:
   * refused as occupied. The patient who is in it may be admitted there (an ED-class stay).
   * As current as the ED's events that reached ADT.
   */
  async requireNoOtherEdPatient(bedId: string, patientId: string): Promise<void> {
    const { rows } = await this.pool.query<{ patient_id: string }>(`SELECT patient_id FROM ${schema}.ed_room_stays WHERE room_id = $1 AND released_at IS NULL`, [bedId]);
    if (rows.some((r) => r.patient_id !== patientId)) throw new BedOccupiedError(bedId, 'occupied by an ED patient');
  }

  /** A physician in the provider registry, or a refusal naming the field. */
  requireProvider(npi: string, field: string): AttendingProvider {
    const provider = this.providers.find(npi);
    if (!provider) throw new UnknownReferenceError(field, 'provider in the registry', npi);
    return provider;
  }

  /** Creates the event store, read models and bookkeeping tables when they are missing. */
  async migrate(): Promise<void> {
    await migrateServiceSchema({ pool: this.pool, store: this.store, schema, migrationsDir: join(import.meta.dirname, '..', '..', 'migrations') });
  }

  /** Active records with this family name and birth date: the potential-duplicate search. */
  private async sameNameAndBirthDate(demographics: Demographics, eventType: string): Promise<Array<{ patientId: string; mrn: string }>> {
    const checked = demographicsSchema.safeParse(demographics);
    if (!checked.success) {
      throw new EventContractError(eventType, checked.error.issues.map((i) => `demographics.${i.path.join('.')} ${i.message}`).join('; '));
    }
    const { rows } = await this.pool.query<{ patient_id: string; mrn: string }>(
      `SELECT patient_id, mrn FROM ${schema}.patients WHERE lower(family_name) = lower($1) AND birth_date = $2 AND status = 'active'`,
      [demographics.familyName, demographics.birthDate],
    );
    return rows.map((r) => ({ patientId: r.patient_id, mrn: r.mrn }));
  }

  private async nextMrn(): Promise<string> {
    const seq = await this.pool.query<{ n: string }>(`SELECT nextval('${schema}.mrn_sequence') AS n`);
    return mrnFromSequence(Number(seq.rows[0]!.n));
  }

  /**
   * Registers a patient and issues an MRN. With an idempotency key the key names the patient,
   * so a double click or a retry returns the first registration (same patient, same MRN) and
   * writes nothing; the key sent again with other demographics is refused.
   */
  async registerPatient(input: { demographics: Demographics; duplicateOverrideReason?: string }, context: CommandContext): Promise<{ patientId: string; mrn: string }> {
    return this.registerOnce({ type: 'RegisterPatient', demographics: input.demographics }, context, async (patientId) => {
      const potentialDuplicates = (await this.sameNameAndBirthDate(input.demographics, 'adt.patient.registered')).map((r) => r.patientId);
      if (potentialDuplicates.length > 0 && !input.duplicateOverrideReason?.trim()) {
        // Refuse before taking an MRN, so a warning never burns a number.
        throw new PotentialDuplicateError(potentialDuplicates);
      }
      const mrn = await this.nextMrn();
      await this.patients.handle({ type: 'RegisterPatient', patientId, mrn, demographics: input.demographics, potentialDuplicates, duplicateOverrideReason: input.duplicateOverrideReason }, context);
      return { patientId, mrn };
    });
  }

  /**
   * Registers a patient who cannot be identified yet, under a generated alias and a new MRN;
   * both come from sequences, so no two arrivals ever share either. A key works as for
   * registerPatient: the same arrival sent twice is one patient with one alias and MRN.
   */
  async registerUnidentified(input: { sex: Demographics['sex']; estimatedAgeYears: number | null; circumstances: string }, context: CommandContext): Promise<{ patientId: string; mrn: string }> {
    return this.registerOnce({ type: 'RegisterUnidentified', ...input }, context, async (patientId) => {
      const seq = await this.pool.query<{ n: string }>(`SELECT nextval('${schema}.alias_sequence') AS n`);
      const alias = unidentifiedAlias(Number(seq.rows[0]!.n));
      const mrn = await this.nextMrn();
      await this.patients.handle({ type: 'RegisterUnidentified', patientId, mrn, alias, ...input }, context);
      return { patientId, mrn };
    });
  }

  /**
   * Without a key: a new patient. With one: the patient the user's key names, registered once.
   * Repeats in this process wait for the first, so they take no MRN; a repeat that reached
   * another instance at the same moment loses the race to the stream and answers with the winner.
   */
  private async registerOnce(
    request: RegistrationRequest,
    context: CommandContext,
    register: (patientId: string) => Promise<{ patientId: string; mrn: string }>,
  ): Promise<{ patientId: string; mrn: string }> {
    const key = context.idempotencyKey;
    if (!key) return register(uuidv7());
    const patientId = uuidv5(`${context.actor.id}\n${key}`, registrationKeyNamespace);
    const earlier = async () => {
      const history = (await this.store.readStream(patientStream(patientId))).map((e) => adtRegistry.upcast(e));
      return earlierRegistration(asDomainEvents<PatientEvent>(history), key, request);
    };
    return this.registrations.run(patientId, async () => {
      const first = await earlier();
      if (first) return first;
      try {
        return await register(patientId);
      } catch (error) {
        const raced = await earlier();
        if (raced) return raced;
        throw error;
      }
    });
  }

  /** The identity of an unidentified patient is confirmed; refused when that person already has a record (merge instead). */
  async identifyPatient(input: { patientId: string; demographics: Demographics; howConfirmed: string }, context: CommandContext): Promise<unknown> {
    const existingRecords = await this.sameNameAndBirthDate(input.demographics, 'adt.patient.identified');
    return this.patients.handle({ type: 'IdentifyPatient', ...input, existingRecords }, context);
  }

  /** The new wristband is printed and on the patient. */
  confirmWristbandPrinted(patientId: string, context: CommandContext): Promise<unknown> {
    return this.patients.handle({ type: 'ConfirmWristbandPrinted', patientId }, context);
  }

  /** Corrects name, birth date, sex, phone or address (A08); the earlier values stay in the history. */
  correctDemographics(input: { patientId: string; demographics: Demographics; reason: string }, context: CommandContext): Promise<unknown> {
    return this.patients.handle({ type: 'CorrectDemographics', ...input }, context);
  }

  /** Every registration, identification and correction of a patient, oldest first. */
  async demographicsHistory(patientId: string): Promise<Array<{ at: string; by: string; reason: string | null; changed: string[]; demographics: Demographics }>> {
    const history = [];
    for (const e of await this.store.readStream(patientStream(patientId))) {
      const event = adtRegistry.upcast(e);
      const data = event.data as { demographics?: Demographics; reason?: string; changed?: string[]; howConfirmed?: string };
      if (!data.demographics) continue;
      const changed = event.type === 'adt.patient.demographics-updated' ? (data.changed ?? []) : ['name', 'birthDate', 'sex', 'phone', 'address'];
      history.push({ at: e.recordedAt, by: e.actor.id, reason: data.reason ?? data.howConfirmed ?? null, changed, demographics: data.demographics });
    }
    return history;
  }

  /** The attending physician of an encounter now, or null. */
  async attendingOf(encounterId: string): Promise<AttendingProvider | null> {
    const events = asDomainEvents<AttendingEvent>(await this.store.readStream(attendingStream(encounterId)));
    return fold(attendingDecider, events).attending;
  }

  /** Care passes to another physician of the registry; the reason is required and kept. */
  async changeAttending(input: { encounterId: string; npi: string; reason: string; at: string; lateEntryReason?: string | null }, context: CommandContext): Promise<RecordedEvent[]> {
    const attending = this.requireProvider(input.npi, 'attendingNpi');
    return runUnitOfWork({ pool: this.pool, store: this.store, registry: adtRegistry, inline: this.inline }, async (session) => {
      const encounter = fold(encounterDecider, asDomainEvents<EncounterEvent>(await session.load(encounterStream(input.encounterId))));
      if (encounter.status !== 'in-progress' && encounter.status !== 'onleave' && encounter.status !== 'finished') {
        throw new UnknownReferenceError('encounterId', 'admitted encounter', input.encounterId);
      }
      const current = fold(attendingDecider, asDomainEvents<AttendingEvent>(await session.load(attendingStream(input.encounterId))));
      const command = { type: 'AssignAttending' as const, encounterId: input.encounterId, patientId: encounter.patientId, attending, at: input.at, reason: input.reason, dischargedAt: encounter.dischargedAt };
      const events = attendingDecider.decide(command, current);
      const metadata = { ...this.metadataFor(encounter.patientId, input.encounterId, context), ...(input.lateEntryReason ? { extra: { lateEntryReason: input.lateEntryReason } } : {}) };
      return [{ streamId: attendingStream(input.encounterId), events: events.map((e): NewEvent => ({ type: e.type, schemaVersion: adtRegistry.get(e.type).schemaVersion, data: e.data, metadata })) }];
    });
  }

  /**
   * Retires a duplicate record into its survivor (HL7 A40): both patient streams change in one
   * transaction; the retired MRN then finds the survivor, and the survivor shows both histories.
   */
  mergePatients(input: { retiredPatientId: string; survivorPatientId: string; reason: string }, context: CommandContext): Promise<RecordedEvent[]> {
    const correlationId = context.correlationId ?? uuidv7();
    return runUnitOfWork({ pool: this.pool, store: this.store, registry: adtRegistry, inline: this.inline }, async (session) => {
      const retired = fold(patientDecider, asDomainEvents<PatientEvent>(await session.load(patientStream(input.retiredPatientId))));
      const survivor = fold(patientDecider, asDomainEvents<PatientEvent>(await session.load(patientStream(input.survivorPatientId))));
      if (survivor.status !== 'active') throw new MergeRefusedError(`the survivor ${input.survivorPatientId} is not an active record`);
      const active = async (patientId: string) =>
        ((await this.pool.query(`SELECT 1 FROM ${schema}.encounters WHERE patient_id = $1 AND class = 'inpatient' AND status IN ('in-progress', 'onleave')`, [patientId])).rowCount ?? 0) > 0;
      const retiring = patientDecider.decide(
        {
          type: 'MergeIntoSurvivor',
          patientId: input.retiredPatientId,
          survivorPatientId: input.survivorPatientId,
          survivorMrn: survivor.mrn,
          reason: input.reason,
          retiredHasActiveInpatientStay: await active(input.retiredPatientId),
          survivorHasActiveInpatientStay: await active(input.survivorPatientId),
        },
        retired,
      );
      const absorbing = patientDecider.decide({ type: 'AbsorbDuplicate', patientId: input.survivorPatientId, retiredPatientId: input.retiredPatientId, retiredMrn: retired.mrn }, survivor);
      const toNew = (patientId: string) => (event: PatientEvent): NewEvent => ({
        type: event.type,
        schemaVersion: adtRegistry.get(event.type).schemaVersion,
        data: event.data,
        metadata: { patientId, actor: context.actor, correlationId, causationId: context.causationId ?? null, traceparent: context.traceparent ?? null },
      });
      return [
        { streamId: patientStream(input.retiredPatientId), events: retiring.map(toNew(input.retiredPatientId)) },
        { streamId: patientStream(input.survivorPatientId), events: absorbing.map(toNew(input.survivorPatientId)) },
      ];
    });
  }

  /** Bed placement's queue: a request, then a bed held for it, or its cancellation. */
  /** A bed request changed by a bed manager; assigning holds the bed, cancelling lets it go. */
  bedRequest(command: BedRequestCommand, context: CommandContext): Promise<RecordedEvent[]> {
    return runUnitOfWork({ pool: this.pool, store: this.store, registry: adtRegistry, inline: this.inline }, this.bedRequestDecision(command, context));
  }

  /**
   * A bed request changed as a reaction to the ED (a decision to admit opens or reopens it, a
   * decision not to admit cancels it), inside the consumer's transaction so it commits with the
   * inbox row or not at all.
   */
  bedRequestInTransaction(tx: PoolClient, command: BedRequestCommand, context: CommandContext): Promise<RecordedEvent[]> {
    return runUnitOfWorkInTransaction(tx, { store: this.store, registry: adtRegistry, inline: this.inline }, this.bedRequestDecision(command, context));
  }

  /** The request's events, and the bed held or let go in the same decision. */
  private bedRequestDecision(command: BedRequestCommand, context: CommandContext) {
    const correlationId = context.correlationId ?? uuidv7();
    return async (session: UnitOfWorkSession) => {
      const stream = `bed-request-${command.requestId}`;
      const request = fold(bedRequestDecider, asDomainEvents<BedRequestEvent>(await session.load(stream)));
      const events: Array<BedRequestEvent | BedEvent> = bedRequestDecider.decide(command, request);
      const metadata = {
        patientId: command.type === 'OpenBedRequest' ? command.patientId : request.patientId,
        encounterId: command.type === 'OpenBedRequest' ? command.encounterId : request.encounterId,
        actor: context.actor,
        correlationId,
        causationId: context.causationId ?? null,
        traceparent: context.traceparent ?? null,
      };
      const toNew = (event: BedRequestEvent | BedEvent): NewEvent => ({ type: event.type, schemaVersion: adtRegistry.get(event.type).schemaVersion, data: event.data, metadata });
      const writes = [{ streamId: stream, events: events.map(toNew) }];
      // Holding or letting go of the bed happens in the same transaction as the request's change.
      const bedId = command.type === 'AssignBed' ? command.bed.bedId : command.type === 'CancelBedRequest' ? request.bed?.bedId : undefined;
      if (bedId) {
        const bed = fold(bedDecider, asDomainEvents<BedEvent>(await session.load(bedStream(bedId))));
        const bedEvents =
          command.type === 'AssignBed'
            ? bedDecider.decide({ type: 'ReserveBed', bedId, encounterId: request.encounterId, patientId: request.patientId }, bed)
            : bedDecider.decide({ type: 'ReleaseBedReservation', bedId, encounterId: request.encounterId }, bed);
        writes.push({ streamId: bedStream(bedId), events: bedEvents.map(toNew) });
      }
      return writes;
    };
  }

  /**
   * Admits, once per idempotency key: the same user's key names the same encounter, so a double
   * tap or a retry finds the admission the first request made and changes nothing (placement
   * checks the key); the key sent again for another admission is refused. Returns the encounter id.
   */
  async admitOnce(
    admission: Omit<Extract<PlacementCommand, { type: 'Admit' }>, 'encounterId'> & { encounterId: string | null; attending?: AttendingProvider | null },
    idempotencyKey: string | null,
    context: CommandContext,
  ): Promise<string> {
    // A pre-admission names its encounter; otherwise the key does, or a new id.
    const encounterId = admission.encounterId ?? (idempotencyKey === null ? uuidv7() : uuidv5(`${context.actor.id}\n${idempotencyKey}`, admissionKeyNamespace));
    const { attending, ...command } = admission;
    const keyed = idempotencyKey === null ? context : { ...context, idempotencyKey };
    if (!attending) {
      await this.place({ ...command, encounterId }, keyed);
      return encounterId;
    }
    // The attending is named in the admission's transaction: admitted with one, or not at all.
    await placePatient({ pool: this.pool, store: this.store, inline: this.inline }, { ...command, encounterId }, keyed, async (session) => {
      const current = fold(attendingDecider, asDomainEvents<AttendingEvent>(await session.load(attendingStream(encounterId))));
      const events = attendingDecider.decide({ type: 'AssignAttending', encounterId, patientId: command.patientId, attending, at: command.at, reason: null, dischargedAt: null }, current);
      return [{ streamId: attendingStream(encounterId), events }];
    });
    return encounterId;
  }

  /**
   * Admits, moves or discharges, and their cancellations. Cancelling an admission that filled a
   * bed request (an ED patient moved up to a unit) reopens the request in the same transaction:
   * the patient is back in the placement queue without anyone re-adding them.
   */
  async place(command: PlacementCommand, context: CommandContext): Promise<RecordedEvent[]> {
    const deps = { pool: this.pool, store: this.store, inline: this.inline };
    if (command.type !== 'CancelAdmit') return placePatient(deps, command, context);
    const { rows } = await this.pool.query<{ request_id: string }>(`SELECT request_id FROM ${schema}.bed_requests WHERE encounter_id = $1 AND status = 'fulfilled'`, [command.encounterId]);
    const filled = rows[0]?.request_id;
    if (!filled) return placePatient(deps, command, context);
    return placePatient(deps, command, context, async (session) => {
      const streamId = `bed-request-${filled}`;
      const request = fold(bedRequestDecider, asDomainEvents<BedRequestEvent>(await session.load(streamId)));
      return [{ streamId, events: bedRequestDecider.decide({ type: 'ReopenBedRequest', requestId: filled, reason: `admission cancelled: ${command.reason}`, at: command.at }, request) }];
    });
  }

  /**
   * Two patients exchange beds in one transaction (A17): both encounters and both beds are
   * read, decided together and written at the versions read, so a move racing either patient
   * or bed makes the swap decide again. With an idempotency key a double tap swaps once, not
   * back again.
   */
  swapBeds(command: SwapBeds, context: CommandContext, lateEntryReason: string | null = null): Promise<RecordedEvent[]> {
    const correlationId = context.correlationId ?? uuidv7();
    const key = context.idempotencyKey;
    const commandHash = key ? hashOf({ ...command, at: null }) : null;
    return runUnitOfWork({ pool: this.pool, store: this.store, registry: adtRegistry, inline: this.inline }, async (session) => {
      const firstHistory = await session.load(encounterStream(command.encounterId));
      if (key && earlierRequest(firstHistory, key, commandHash!).length > 0) return [];
      const first = fold(encounterDecider, asDomainEvents<EncounterEvent>(firstHistory));
      const second = fold(encounterDecider, asDomainEvents<EncounterEvent>(await session.load(encounterStream(command.otherEncounterId))));
      const beds = new Map<string, BedState>();
      for (const bed of [first.bed, second.bed]) {
        if (bed) beds.set(bed.bedId, fold(bedDecider, asDomainEvents<BedEvent>(await session.load(bedStream(bed.bedId)))));
      }
      const decision = decideSwap(command, { first, second, beds });
      const patientOf = new Map([
        [command.encounterId, first.patientId],
        [command.otherEncounterId, second.patientId],
      ]);
      const toNew = (encounterId: string) => (event: EncounterEvent | BedEvent): NewEvent => ({
        type: event.type,
        schemaVersion: adtRegistry.get(event.type).schemaVersion,
        data: event.data,
        metadata: {
          patientId: patientOf.get(encounterId) ?? null,
          encounterId,
          actor: context.actor,
          correlationId,
          causationId: context.causationId ?? null,
          traceparent: context.traceparent ?? null,
          occurredAt: command.at,
          extra: { ...(key && encounterId === command.encounterId ? { idempotencyKey: key, commandHash } : {}), ...(lateEntryReason ? { lateEntryReason } : {}) },
        },
      });
      return [
        ...decision.encounters.map((e) => ({ streamId: encounterStream(e.encounterId), events: e.events.map(toNew(e.encounterId)) })),
        // A bed's events are about the patient who leaves it and the one who takes it: each names its own encounter.
        ...decision.beds.map((b) => ({ streamId: bedStream(b.bedId), events: b.events.map((e) => toNew('encounterId' in e.data ? e.data.encounterId : command.encounterId)(e)) })),
      ];
    });
  }

  async bed(command: BedCommand, context: CommandContext): Promise<RecordedEvent[]> {
    return (await this.beds.handle(command, context)).events;
  }

  /** Leave and class changes; one entered past the back-dating limit keeps why it was entered late. */
  async changeEncounter(command: Extract<EncounterCommand, { type: 'StartLeave' | 'EndLeave' | 'ChangeClass' }>, context: CommandContext, lateEntryReason: string | null = null): Promise<RecordedEvent[]> {
    if (!lateEntryReason) return (await this.encounters.handle(command, context)).events;
    return runUnitOfWork({ pool: this.pool, store: this.store, registry: adtRegistry, inline: this.inline }, async (session) => {
      const stream = encounterStream(command.encounterId);
      const state = fold(encounterDecider, asDomainEvents<EncounterEvent>(await session.load(stream)));
      const metadata = { ...this.metadataFor(state.patientId, command.encounterId, context), occurredAt: command.at, extra: { lateEntryReason } };
      return [{ streamId: stream, events: encounterDecider.decide(command, state).map((e): NewEvent => ({ type: e.type, schemaVersion: adtRegistry.get(e.type).schemaVersion, data: e.data, metadata })) }];
    });
  }

  private metadataFor(patientId: string, encounterId: string, context: CommandContext) {
    return { patientId, encounterId, actor: context.actor, correlationId: context.correlationId ?? uuidv7(), causationId: context.causationId ?? null, traceparent: context.traceparent ?? null };
  }

  /** Puts the configured units' beds into service; running it again changes nothing. */
  async commissionFacility(units: UnitConfig[], context: CommandContext): Promise<number> {
    let commissioned = 0;
    for (const unit of units) {
      await this.units.handle({ type: 'ConfigureUnit', unitId: unit.unitId, name: unit.name, levelOfCare: unit.kind }, context);
      for (const room of unit.rooms) {
        for (const bed of room.beds) {
          const result = await this.beds.handle(
            { type: 'CommissionBed', bedId: bed.bedId, unitId: unit.unitId, roomId: room.roomId, label: bed.label, sharing: bed.sharing ?? false },
            { ...context, idempotencyKey: `commission:${bed.bedId}` },
          );
          if (!result.replayed) commissioned++;
        }
      }
    }
    return commissioned;
  }

  /**
   * The midnight census for a past date, from event history by effective time. Only the stays
   * that overlap the date are read: the encounter list says which, their own streams say where
   * the patient was and when, after every correction.
   */
  async census(date: string): Promise<{ lines: CensusLine[]; patientDays: number }> {
    const midnight = censusInstant(date, this.facilityZone);
    const dayStart = DateTime.fromISO(date, { zone: this.facilityZone }).startOf('day').toUTC().toISO()!;
    const { rows } = await this.pool.query<{ encounter_id: string }>(
      `SELECT encounter_id FROM ${schema}.encounters
        WHERE status NOT IN ('planned', 'cancelled') AND admitted_at <= $2 AND (discharged_at IS NULL OR discharged_at >= $1)`,
      [dayStart, midnight],
    );
    const stays: Stay[] = await inParallel(rows, async (r) =>
      stayOf(asDomainEvents<EncounterEvent>((await this.store.readStream(encounterStream(r.encounter_id))).map((e) => adtRegistry.upcast(e)))),
    );
    return { lines: midnightCensus(stays, date, this.facilityZone), patientDays: patientDays(stays, date, this.facilityZone) };
  }
}
