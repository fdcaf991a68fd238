import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { dischargeDisposition, encounterClass } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import { actorOf, orRefusal, type RequestWithIdentity, Roles } from '@ehr/platform/nest';
import type { AdtApplication } from '../application/adt-application.js';
import { observationNotice } from '../domain/observation.js';
import type { PlacementCommand } from '../domain/placement.js';
import type { ReadModel } from '../projections/read-model.js';
import { toEncounter } from './mapping.js';
import { BedInput, Encounter, EncounterChanged, EncounterResult, ObservationNoticeDue } from './models.js';
import { ADT_APPLICATION, READ_MODEL } from './tokens.js';

const placers = ['registrar', 'bed-manager', 'ed-staff', 'admin'] as const;
const readers = ['registrar', 'bed-manager', 'nurse', 'physician', 'pharmacist', 'ed-staff', 'biller', 'coder', 'integrator', 'privacy-officer', 'admin'] as const;

function instant(value: string | undefined, field: string): string {
  if (value === undefined) return new Date().toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/[zZ]|[+-]\d\d:\d\d$/.test(value)) throw new DomainError('INVALID_INPUT', `${field} must be an ISO 8601 instant with a time zone, e.g. 2026-03-02T23:59:00-05:00 (got "${value}")`);
  return new Date(t).toISOString();
}

@Resolver(() => Encounter)
export class EncounterResolver {
  constructor(
    @Inject(ADT_APPLICATION) private readonly adt: AdtApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => Encounter, { nullable: true })
  @Roles(...readers)
  async encounter(@Args('id', { type: () => ID }) id: string): Promise<Encounter | null> {
    const row = await this.readModel.encounter.findUnique({ where: { encounterId: id } });
    return row ? toEncounter(row) : null;
  }

  @ResolveField(() => ObservationNoticeDue, { nullable: true, description: 'The MOON owed for this stay, if observation ran (or is running) past 24 hours.' })
  observationNotice(@Parent() encounter: Encounter): ObservationNoticeDue | null {
    const notice = observationNotice(
      encounter.classHistory.map((p) => ({ class: encounterClass.parse(p.class), from: p.from })),
      encounter.dischargedAt,
    );
    return notice && Object.assign(new ObservationNoticeDue(), notice);
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Promise<Encounter | null> {
    return this.encounter(reference.id);
  }

  private async place(command: PlacementCommand, req: RequestWithIdentity, idempotencyKey?: string): Promise<typeof EncounterResult> {
    return orRefusal(async () => {
      await this.adt.place(command, { ...actorOf(req.identity), ...(idempotencyKey ? { idempotencyKey } : {}) });
      const row = await this.readModel.encounter.findUniqueOrThrow({ where: { encounterId: command.encounterId } });
      return Object.assign(new EncounterChanged(), { encounter: toEncounter(row) });
    });
  }

  @Mutation(() => EncounterResult, { description: 'Admits a registered patient into a bed. `at` is when it took effect (default now).' })
  @Roles(...placers)
  admitPatient(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('class', { description: 'inpatient | observation | emergency' }) cls: string,
    @Args('bed') bed: BedInput,
    @Args('at', { type: () => String, nullable: true, description: 'When it took effect, ISO 8601 with offset; default now.' }) at: string | undefined,
    @Args('encounterId', { type: () => ID, nullable: true, description: 'A pre-admission to turn into the admission.' }) encounterId: string | undefined,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: 'The client’s key for this admission: sent again (a double tap, a retry), it admits once.' })
    idempotencyKey: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return orRefusal(async () => {
      const parsed = encounterClass.safeParse(cls);
      if (!parsed.success) throw new DomainError('INVALID_INPUT', `class must be one of ${encounterClass.options.join(', ')} (got "${cls}")`);
      const actor = actorOf(req.identity);
      const admission = { type: 'Admit' as const, encounterId: encounterId ?? null, patientId, class: parsed.data, bed: { ...bed }, at: instant(at, 'at'), isolationNeeded: null };
      const admitted = await this.adt.admitOnce(admission, idempotencyKey ?? null, actor);
      const row = await this.readModel.encounter.findUniqueOrThrow({ where: { encounterId: admitted } });
      return Object.assign(new EncounterChanged(), { encounter: toEncounter(row) });
    });
  }

  @Mutation(() => EncounterResult, { description: 'Moves the patient to another bed; refused when that bed is occupied, dirty or blocked.' })
  @Roles(...placers)
  transferPatient(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('to') to: BedInput,
    @Args('at', { type: () => String, nullable: true, description: 'When it took effect, ISO 8601 with offset; default now.' }) at: string | undefined,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: 'The client’s key for this request: sent again (a double tap, a retry), it changes nothing more.' })
    idempotencyKey: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return orRefusal(() => this.place({ type: 'Transfer', encounterId, to: { ...to }, at: instant(at, 'at'), isolationNeeded: null }, req, idempotencyKey));
  }

  @Mutation(() => EncounterResult, { description: 'Undoes the last transfer (entered in error): the patient is back in the earlier bed.' })
  @Roles(...placers)
  cancelTransfer(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('reason') reason: string,
    @Args('patientArrived', { defaultValue: false, description: 'Did the patient physically reach the new bed? Then it needs cleaning.' }) patientArrived: boolean,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return this.place({ type: 'CancelTransfer', encounterId, reason, patientArrived, at: new Date().toISOString(), isolationNeeded: null }, req);
  }

  @Mutation(() => EncounterResult, { description: 'Discharges the patient with a UB-04 disposition code; the bed goes to cleaning.' })
  @Roles(...placers, 'nurse', 'physician')
  dischargePatient(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('disposition', { description: 'UB-04 discharge status, e.g. 01 home/self-care' }) disposition: string,
    @Args('at', { type: () => String, nullable: true, description: 'When it took effect, ISO 8601 with offset; default now.' }) at: string | undefined,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: 'The client’s key for this request: sent again (a double tap, a retry), it changes nothing more.' })
    idempotencyKey: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return orRefusal(async () => {
      const parsed = dischargeDisposition.safeParse(disposition);
      if (!parsed.success) throw new DomainError('INVALID_INPUT', `disposition must be a UB-04 discharge status such as 01, 03, 06, 20 (got "${disposition}")`);
      return this.place({ type: 'Discharge', encounterId, disposition: parsed.data, at: instant(at, 'at') }, req, idempotencyKey);
    });
  }

  @Mutation(() => EncounterResult, { description: 'Undoes a discharge; give the bed the patient is in now (the old one if still free).' })
  @Roles(...placers)
  cancelDischarge(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('bed') bed: BedInput,
    @Args('reason') reason: string,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return this.place({ type: 'CancelDischarge', encounterId, bed: { ...bed }, reason, at: new Date().toISOString(), isolationNeeded: null }, req);
  }

  @Mutation(() => EncounterResult, { description: 'Cancels an admission entered in error; refused once clinical documentation exists.' })
  @Roles(...placers)
  cancelAdmission(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('reason') reason: string,
    @Args('patientArrived', { defaultValue: false }) patientArrived: boolean,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    // Other services' clinical documentation is not known to ADT yet: none is assumed.
    return this.place({ type: 'CancelAdmit', encounterId, reason, patientArrived, hasClinicalData: false, at: new Date().toISOString() }, req);
  }

  private async changeEncounter(command: Parameters<AdtApplication['changeEncounter']>[0], req: RequestWithIdentity): Promise<typeof EncounterResult> {
    return orRefusal(async () => {
      await this.adt.changeEncounter(command, actorOf(req.identity));
      const row = await this.readModel.encounter.findUniqueOrThrow({ where: { encounterId: command.encounterId } });
      return Object.assign(new EncounterChanged(), { encounter: toEncounter(row) });
    });
  }

  @Mutation(() => EncounterResult, { description: 'The patient leaves on a leave of absence (A21); the bed stays held.' })
  @Roles(...placers, 'nurse')
  startLeave(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('at', { type: () => String, nullable: true }) at: string | undefined,
    @Args('expectedReturnAt', { type: () => String, nullable: true }) expectedReturnAt: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return orRefusal(() =>
      this.changeEncounter({ type: 'StartLeave', encounterId, at: instant(at, 'at'), expectedReturnAt: expectedReturnAt === undefined ? null : instant(expectedReturnAt, 'expectedReturnAt') }, req),
    );
  }

  @Mutation(() => EncounterResult, { description: 'The patient is back from a leave of absence (A22).' })
  @Roles(...placers, 'nurse')
  endLeave(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('at', { type: () => String, nullable: true }) at: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return orRefusal(() => this.changeEncounter({ type: 'EndLeave', encounterId, at: instant(at, 'at') }, req));
  }

  @Mutation(() => EncounterResult, { description: 'Changes the patient class, e.g. observation to inpatient (A06) or back (A07).' })
  @Roles(...placers, 'physician')
  changePatientClass(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('class', { description: 'inpatient | observation | emergency' }) cls: string,
    @Args('at', { type: () => String, nullable: true }) at: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return orRefusal(async () => {
      const parsed = encounterClass.safeParse(cls);
      if (!parsed.success) throw new DomainError('INVALID_INPUT', `class must be one of ${encounterClass.options.join(', ')} (got "${cls}")`);
      return this.changeEncounter({ type: 'ChangeClass', encounterId, to: parsed.data, at: instant(at, 'at') }, req);
    });
  }

  @Mutation(() => EncounterResult, { description: 'Registers a planned admission (A05), optionally holding a bed for it; admitPatient with this encounterId completes it.' })
  @Roles(...placers)
  preadmitPatient(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('class', { description: 'inpatient | observation' }) cls: string,
    @Args('expectedAt', { description: 'When the patient is expected, ISO 8601 with offset.' }) expectedAt: string,
    @Args('bed', { type: () => BedInput, nullable: true }) bed: BedInput | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return orRefusal(async () => {
      const parsed = encounterClass.safeParse(cls);
      if (!parsed.success) throw new DomainError('INVALID_INPUT', `class must be one of ${encounterClass.options.join(', ')} (got "${cls}")`);
      return this.place({ type: 'Preadmit', encounterId: uuidv7(), patientId, class: parsed.data, expectedAt: instant(expectedAt, 'expectedAt'), bed: bed ? { ...bed } : null }, req);
    });
  }

  @Mutation(() => EncounterResult, { description: 'Cancels a planned admission (A38) and lets its held bed go.' })
  @Roles(...placers)
  cancelPreadmission(@Args('encounterId', { type: () => ID }) encounterId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof EncounterResult> {
    return this.place({ type: 'CancelPreadmit', encounterId, reason }, req);
  }
}
