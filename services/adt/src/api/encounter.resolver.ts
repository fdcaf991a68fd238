import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { dischargeDisposition, encounterClass, requireEventTime, requireFutureTime, requireIdentifier, requireInstant, requireNpi, requireOneOf, requireText } from '@ehr/contracts';
import { actorOf, type RequestWithIdentity } from '@ehr/platform/nest';
import type { AdtApplication } from '../application/adt-application.js';
import { observationNotice } from '../domain/observation.js';
import type { PlacementCommand } from '../domain/placement.js';
import type { ReadModel } from '../projections/read-model.js';
import { toEncounter, toEncounterAsOf } from './mapping.js';
import { asOfInstant, checkedBed, checkedQuery, keyArg, keyed, refusing } from './input.js';
import { BedInput, Encounter, EncounterChanged, EncounterResult, ObservationNoticeDue, Provider } from './models.js';
import { ADT_APPLICATION, READ_MODEL } from './tokens.js';

const atArg = { type: () => String, nullable: true, description: 'When it took effect, ISO 8601 with offset; default now.' };
const lateEntryArg = { type: () => String, nullable: true, description: 'Why `at` is entered late; required when it is older than the back-dating limit.' };

@Resolver(() => Encounter)
export class EncounterResolver {
  constructor(
    @Inject(ADT_APPLICATION) private readonly adt: AdtApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  /** When it happened: not in the future beyond clock skew; back-dated past the limit only with a reason. */
  private when(at: string | undefined, lateEntryReason?: string) {
    return requireEventTime(at, 'at', this.adt.timePolicy(), lateEntryReason);
  }

  private bed(bed: BedInput, field: string): Promise<BedInput> {
    return checkedBed(this.adt, bed, field);
  }

  private async encounterId(encounterId: string): Promise<string> {
    const id = requireIdentifier(encounterId, 'encounterId');
    await this.adt.requireEncounter(id, 'encounterId');
    return id;
  }

  @Query(() => Encounter, { nullable: true })
  async encounter(
    @Args('id', { type: () => ID }) id: string,
    @Args('asOf', { type: () => String, nullable: true, description: 'A past instant (ISO 8601 with offset): status, class and location as they were then, by effective time.' }) asOf?: string,
  ): Promise<Encounter | null> {
    if (asOf != null) {
      const then = await this.adt.asOf.encounter(id, checkedQuery(() => asOfInstant(asOf, this.adt.timePolicy().now)));
      return then && toEncounterAsOf(then);
    }
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

  @ResolveField(() => Provider, { nullable: true, description: 'The attending physician (PV1-7), from the provider registry.' })
  async attending(@Parent() encounter: Encounter): Promise<Provider | null> {
    const attending = await this.adt.attendingOf(encounter.id);
    return attending && Object.assign(new Provider(), attending);
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Promise<Encounter | null> {
    return this.encounter(reference.id);
  }

  private async place(command: PlacementCommand, req: RequestWithIdentity, idempotencyKey?: string): Promise<typeof EncounterResult> {
    return refusing(async () => {
      await this.adt.place(command, keyed(req, idempotencyKey));
      const row = await this.readModel.encounter.findUniqueOrThrow({ where: { encounterId: command.encounterId } });
      return Object.assign(new EncounterChanged(), { encounter: toEncounter(row) });
    });
  }

  @Mutation(() => EncounterResult, { description: 'Admits a registered patient into a bed. `at` is when it took effect (default now).' })
  admitPatient(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('class', { description: 'inpatient | observation | emergency' }) cls: string,
    @Args('bed') bed: BedInput,
    @Args('at', atArg) at: string | undefined,
    @Args('encounterId', { type: () => ID, nullable: true, description: 'A pre-admission to turn into the admission.' }) encounterId: string | undefined,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: 'The client’s key for this admission: sent again (a double tap, a retry), it admits once.' })
    idempotencyKey: string | undefined,
    @Args('attendingNpi', { type: () => String, nullable: true, description: 'NPI of the attending physician, from the provider registry (PV1-7, the claim).' }) attendingNpi: string | undefined,
    @Args('lateEntryReason', lateEntryArg) lateEntryReason: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () => {
      const admittedClass = requireOneOf(cls, 'class', encounterClass.options);
      const { at: when, lateEntryReason: late } = this.when(at, lateEntryReason);
      const attending = attendingNpi == null ? null : this.adt.requireProvider(requireNpi(attendingNpi, 'attendingNpi'), 'attendingNpi');
      await this.adt.requirePatient(requireIdentifier(patientId, 'patientId'), 'patientId');
      if (encounterId != null) await this.adt.requireEncounter(requireIdentifier(encounterId, 'encounterId'), 'encounterId', { orBedRequest: true });
      const actor = actorOf(req.identity);
      const target = await this.bed(bed, 'bed');
      await this.adt.requireNoOtherEdPatient(target.bedId, patientId);
      const admission = { type: 'Admit' as const, encounterId: encounterId ?? null, patientId, class: admittedClass, bed: target, at: when, isolationNeeded: null, lateEntryReason: late, attending };
      const admitted = await this.adt.admitOnce(admission, idempotencyKey ?? null, actor);
      const row = await this.readModel.encounter.findUniqueOrThrow({ where: { encounterId: admitted } });
      return Object.assign(new EncounterChanged(), { encounter: toEncounter(row) });
    });
  }

  @Mutation(() => EncounterResult, { description: 'Moves the patient to another bed; refused when that bed is occupied, dirty or blocked.' })
  transferPatient(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('to') to: BedInput,
    @Args('at', atArg) at: string | undefined,
    @Args('idempotencyKey', keyArg) idempotencyKey: string | undefined,
    @Args('lateEntryReason', lateEntryArg) lateEntryReason: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () => {
      const { at: when, lateEntryReason: late } = this.when(at, lateEntryReason);
      const command = { type: 'Transfer' as const, encounterId: await this.encounterId(encounterId), to: await this.bed(to, 'to'), at: when, isolationNeeded: null, lateEntryReason: late };
      const moving = await this.readModel.encounter.findUniqueOrThrow({ where: { encounterId: command.encounterId } });
      await this.adt.requireNoOtherEdPatient(command.to.bedId, moving.patientId);
      return this.place(command, req, idempotencyKey);
    });
  }

  @Mutation(() => EncounterResult, {
    description: 'Two patients exchange beds in one step (A17), e.g. to give the monitored bed to the one who needs it; neither bed is left empty or dirty in between.',
  })
  swapBeds(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('otherEncounterId', { type: () => ID, description: 'The encounter whose bed this one takes, and which takes this one’s.' }) otherEncounterId: string,
    @Args('at', atArg) at: string | undefined,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: 'The client’s key for this swap: sent again (a double tap, a retry), it swaps once, not back.' })
    idempotencyKey: string | undefined,
    @Args('lateEntryReason', lateEntryArg) lateEntryReason: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () => {
      const { at: when, lateEntryReason: late } = this.when(at, lateEntryReason);
      const first = await this.encounterId(encounterId);
      const other = requireIdentifier(otherEncounterId, 'otherEncounterId');
      await this.adt.requireEncounter(other, 'otherEncounterId');
      const context = keyed(req, idempotencyKey);
      await this.adt.swapBeds({ type: 'SwapBeds', encounterId: first, otherEncounterId: other, at: when }, context, late);
      const row = await this.readModel.encounter.findUniqueOrThrow({ where: { encounterId: first } });
      return Object.assign(new EncounterChanged(), { encounter: toEncounter(row) });
    });
  }

  @Mutation(() => EncounterResult, { description: 'Undoes the last transfer (entered in error): the patient is back in the earlier bed.' })
  cancelTransfer(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('reason') reason: string,
    @Args('patientArrived', { defaultValue: false, description: 'Did the patient physically reach the new bed? Then it needs cleaning.' }) patientArrived: boolean,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () =>
      this.place({ type: 'CancelTransfer', encounterId: await this.encounterId(encounterId), reason: requireText(reason, 'reason'), patientArrived, at: new Date().toISOString(), isolationNeeded: null }, req),
    );
  }

  @Mutation(() => EncounterResult, { description: 'Discharges the patient with a UB-04 disposition code; the bed goes to cleaning.' })
  dischargePatient(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('disposition', { description: 'UB-04 discharge status, e.g. 01 home/self-care' }) disposition: string,
    @Args('at', atArg) at: string | undefined,
    @Args('idempotencyKey', keyArg) idempotencyKey: string | undefined,
    @Args('lateEntryReason', lateEntryArg) lateEntryReason: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () => {
      const code = requireOneOf(disposition, 'disposition', dischargeDisposition.options);
      const { at: when, lateEntryReason: late } = this.when(at, lateEntryReason);
      return this.place({ type: 'Discharge', encounterId: await this.encounterId(encounterId), disposition: code, at: when, lateEntryReason: late }, req, idempotencyKey);
    });
  }

  @Mutation(() => EncounterResult, { description: 'Undoes a discharge; give the bed the patient is in now (the old one if still free).' })
  cancelDischarge(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('bed') bed: BedInput,
    @Args('reason') reason: string,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () =>
      this.place({ type: 'CancelDischarge', encounterId: await this.encounterId(encounterId), bed: await this.bed(bed, 'bed'), reason: requireText(reason, 'reason'), at: new Date().toISOString(), isolationNeeded: null }, req),
    );
  }

  @Mutation(() => EncounterResult, { description: 'Cancels an admission entered in error; refused once clinical documentation exists.' })
  cancelAdmission(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('reason') reason: string,
    @Args('patientArrived', { defaultValue: false }) patientArrived: boolean,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    // Other services' clinical documentation is not known to ADT yet: none is assumed.
    return refusing(async () =>
      this.place({ type: 'CancelAdmit', encounterId: await this.encounterId(encounterId), reason: requireText(reason, 'reason'), patientArrived, hasClinicalData: false, at: new Date().toISOString() }, req),
    );
  }

  private async changeEncounter(command: Parameters<AdtApplication['changeEncounter']>[0], req: RequestWithIdentity, lateEntryReason: string | null): Promise<typeof EncounterResult> {
    return refusing(async () => {
      await this.adt.changeEncounter(command, actorOf(req.identity), lateEntryReason);
      const row = await this.readModel.encounter.findUniqueOrThrow({ where: { encounterId: command.encounterId } });
      return Object.assign(new EncounterChanged(), { encounter: toEncounter(row) });
    });
  }

  @Mutation(() => EncounterResult, { description: 'The patient leaves on a leave of absence (A21); the bed stays held.' })
  startLeave(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('at', { type: () => String, nullable: true }) at: string | undefined,
    @Args('expectedReturnAt', { type: () => String, nullable: true }) expectedReturnAt: string | undefined,
    @Args('lateEntryReason', lateEntryArg) lateEntryReason: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () => {
      const { at: when, lateEntryReason: late } = this.when(at, lateEntryReason);
      const expected = expectedReturnAt == null ? null : requireFutureTime(expectedReturnAt, 'expectedReturnAt', { ...this.adt.timePolicy(), now: new Date(when) });
      return this.changeEncounter({ type: 'StartLeave', encounterId: await this.encounterId(encounterId), at: when, expectedReturnAt: expected }, req, late);
    });
  }

  @Mutation(() => EncounterResult, { description: 'The patient is back from a leave of absence (A22).' })
  endLeave(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('at', { type: () => String, nullable: true }) at: string | undefined,
    @Args('lateEntryReason', lateEntryArg) lateEntryReason: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () => {
      const { at: when, lateEntryReason: late } = this.when(at, lateEntryReason);
      return this.changeEncounter({ type: 'EndLeave', encounterId: await this.encounterId(encounterId), at: when }, req, late);
    });
  }

  @Mutation(() => EncounterResult, { description: 'Changes the patient class, e.g. observation to inpatient (A06) or back (A07).' })
  changePatientClass(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('class', { description: 'inpatient | observation | emergency' }) cls: string,
    @Args('at', { type: () => String, nullable: true }) at: string | undefined,
    @Args('lateEntryReason', lateEntryArg) lateEntryReason: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () => {
      const to = requireOneOf(cls, 'class', encounterClass.options);
      const { at: when, lateEntryReason: late } = this.when(at, lateEntryReason);
      return this.changeEncounter({ type: 'ChangeClass', encounterId: await this.encounterId(encounterId), to, at: when }, req, late);
    });
  }

  @Mutation(() => EncounterResult, { description: 'Care passes to another attending physician from the provider registry; the reason is kept.' })
  changeAttending(
    @Args('encounterId', { type: () => ID }) encounterId: string,
    @Args('attendingNpi') attendingNpi: string,
    @Args('reason') reason: string,
    @Args('at', { type: () => String, nullable: true }) at: string | undefined,
    @Args('lateEntryReason', lateEntryArg) lateEntryReason: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () => {
      const npi = requireNpi(attendingNpi, 'attendingNpi');
      const { at: when, lateEntryReason: late } = this.when(at, lateEntryReason);
      const input = { encounterId: await this.encounterId(encounterId), npi, reason: requireText(reason, 'reason'), at: when, lateEntryReason: late };
      await this.adt.changeAttending(input, actorOf(req.identity));
      const row = await this.readModel.encounter.findUniqueOrThrow({ where: { encounterId: input.encounterId } });
      return Object.assign(new EncounterChanged(), { encounter: toEncounter(row) });
    });
  }

  @Mutation(() => EncounterResult, { description: 'Registers a planned admission (A05), optionally holding a bed for it; admitPatient with this encounterId completes it.' })
  preadmitPatient(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('class', { description: 'inpatient | observation' }) cls: string,
    @Args('expectedAt', { description: 'When the patient is expected, ISO 8601 with offset.' }) expectedAt: string,
    @Args('bed', { type: () => BedInput, nullable: true }) bed: BedInput | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EncounterResult> {
    return refusing(async () => {
      const planned = requireOneOf(cls, 'class', encounterClass.options);
      await this.adt.requirePatient(requireIdentifier(patientId, 'patientId'), 'patientId');
      const held = bed ? await this.bed(bed, 'bed') : null;
      return this.place({ type: 'Preadmit', encounterId: uuidv7(), patientId, class: planned, expectedAt: requireInstant(expectedAt, 'expectedAt'), bed: held }, req);
    });
  }

  @Mutation(() => EncounterResult, { description: 'Cancels a planned admission (A38) and lets its held bed go.' })
  cancelPreadmission(@Args('encounterId', { type: () => ID }) encounterId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof EncounterResult> {
    return refusing(async () => this.place({ type: 'CancelPreadmit', encounterId: await this.encounterId(encounterId), reason: requireText(reason, 'reason') }, req));
  }
}
