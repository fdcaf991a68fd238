import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { type Demographics, requireText } from '@ehr/contracts';
import { DomainError, type Page, pageOfList } from '@ehr/platform';
import { actorOf, connectionOf, PageArgs, type RequestWithIdentity } from '@ehr/platform/nest';
import type { AdtApplication } from '../application/adt-application.js';
import type { ReadModel } from '../projections/read-model.js';
import { toEncounter, toEncounterAsOf, toPatient, toPatientAsOf } from './mapping.js';
import { checkedSearch, searchPatientIds } from './patient-search.js';
import { asOfInstant, checkedQuery, demographics as checkedDemographics, keyArg, keyed, refusing, sex as checkedSex } from './input.js';
import {
  Address,
  DemographicsInput,
  DemographicsVersion,
  Encounter,
  MergePatientsResult,
  Patient,
  PatientChanged,
  PatientRegistered,
  PatientResult,
  PatientsMerged,
  Provider,
  RegisterPatientResult,
} from './models.js';
import { ADT_APPLICATION, READ_MODEL } from './tokens.js';

const DemographicsVersionConnection = connectionOf(DemographicsVersion, 'demographics versions');


@Resolver(() => Patient)
export class PatientResolver {
  constructor(
    @Inject(ADT_APPLICATION) private readonly adt: AdtApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => Patient, { nullable: true, description: 'A patient by id.' })
  async patient(
    @Args('id', { type: () => ID }) id: string,
    @Args('asOf', { type: () => String, nullable: true, description: 'A past instant (ISO 8601 with offset): the record as it stood then (name, MRN, merges), and its encounters then.' }) asOf?: string,
  ): Promise<Patient | null> {
    if (asOf != null) {
      const at = checkedQuery(() => asOfInstant(asOf, this.adt.timePolicy().now));
      const then = await this.adt.asOf.patient(id, at);
      return then && toPatientAsOf(then, at);
    }
    const row = await this.readModel.patient.findUnique({ where: { patientId: id } });
    return row ? toPatient(row) : null;
  }

  @Query(() => Patient, { nullable: true, description: 'A patient by MRN; a retired MRN finds the surviving record.' })
  async patientByMrn(@Args('mrn') mrn: string): Promise<Patient | null> {
    const identifier = await this.readModel.patientIdentifier.findUnique({ where: { mrn } });
    if (!identifier) return null;
    const row = await this.readModel.patient.findUnique({ where: { patientId: identifier.patientId } });
    return row ? toPatient(row) : null;
  }

  @Query(() => [Patient], { description: 'Active patients by family name (case-insensitive prefix, taken literally: % and _ are letters; at least 2 characters without a birth date) and, optionally, birth date.' })
  async searchPatients(
    @Args('familyName') familyName: string,
    @Args('birthDate', { type: () => String, nullable: true }) birthDate?: string,
    @Args('limit', { type: () => Int, defaultValue: 20, description: 'At most this many, 1 to 50.' }) limit = 20,
  ): Promise<Patient[]> {
    const search = checkedQuery(() => checkedSearch({ familyName, birthDate, limit }));
    const ids = await searchPatientIds(this.adt.pool, search);
    const rows = new Map((await this.readModel.patient.findMany({ where: { patientId: { in: ids } } })).map((r) => [r.patientId, r]));
    return ids.flatMap((id) => (rows.has(id) ? [toPatient(rows.get(id)!)] : []));
  }

  @ResolveField(() => String, { nullable: true })
  async phone(@Parent() patient: Patient): Promise<string | null> {
    if (patient.asOf) return patient.asOf.phone;
    return (await this.currentDemographics(patient.id))?.phone ?? null;
  }

  @ResolveField(() => Address, { nullable: true })
  async address(@Parent() patient: Patient): Promise<Address | null> {
    if (patient.asOf) return patient.asOf.address;
    const address = (await this.currentDemographics(patient.id))?.address;
    return address ? Object.assign(new Address(), address) : null;
  }

  @ResolveField(() => DemographicsVersionConnection, { description: 'Every registration, identification and correction, oldest first, a page at a time: who, when, why, what changed.' })
  async demographicsHistory(@Parent() patient: Patient, @Args() page: PageArgs): Promise<Page<DemographicsVersion>> {
    const versions = (await this.adt.demographicsHistory(patient.id)).map(({ demographics: d, ...version }, index) =>
      Object.assign(new DemographicsVersion(), {
        ...version,
        number: index + 1,
        familyName: d.familyName,
        givenNames: d.givenNames.join(' '),
        birthDate: d.birthDate,
        sex: d.sex,
        phone: d.phone,
        address: d.address && Object.assign(new Address(), d.address),
      }),
    );
    return pageOfList(page, { list: 'Patient.demographicsHistory', keyLength: 1, keyOf: (v) => [v.number], direction: 'ascending' }, versions);
  }

  private async currentDemographics(patientId: string): Promise<Demographics | null> {
    return (await this.adt.demographicsHistory(patientId)).at(-1)?.demographics ?? null;
  }

  @Query(() => [Provider], { description: 'The provider registry: physicians who may attend an admission.' })
  providers(): Provider[] {
    return this.adt.providers.all().map((p) => Object.assign(new Provider(), p));
  }

  @ResolveField(() => [Encounter], { description: 'Newest first; as of an instant (or the instant the patient was read as of), each as it stood then, where the patient lay.' })
  async encounters(
    @Parent() patient: Patient,
    @Args('asOf', { type: () => String, nullable: true, description: 'A past instant (ISO 8601 with offset).' }) asOf?: string,
  ): Promise<Encounter[]> {
    const rows = await this.readModel.encounter.findMany({ where: { patientId: patient.id }, orderBy: { admittedAt: 'desc' } });
    const at = asOf != null ? checkedQuery(() => asOfInstant(asOf, this.adt.timePolicy().now)) : patient.asOf?.at;
    if (!at) return rows.map(toEncounter);
    const then = await Promise.all(rows.map((r) => this.adt.asOf.encounter(r.encounterId, at)));
    return then.flatMap((e) => (e ? [toEncounterAsOf(e)] : []));
  }

  @ResolveReference()
  async resolveReference(reference: { id: string }): Promise<Patient | null> {
    return this.patient(reference.id);
  }

  @Mutation(() => RegisterPatientResult, { description: 'Registers a patient and issues an MRN. A same-name, same-birth-date match is refused unless a reason is given.' })
  async registerPatient(
    @Args('demographics') demographics: DemographicsInput,
    @Args('duplicateOverrideReason', { type: () => String, nullable: true }) duplicateOverrideReason: string | undefined,
    @Args('idempotencyKey', keyArg) idempotencyKey: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof RegisterPatientResult> {
    return refusing(async () => {
      const { patientId } = await this.adt.registerPatient({ demographics: this.checked(demographics), duplicateOverrideReason }, keyed(req, idempotencyKey));
      return Object.assign(new PatientRegistered(), { patient: await this.current(patientId) });
    });
  }

  @Mutation(() => RegisterPatientResult, {
    description: 'Registers a patient who cannot be identified yet (trauma, unconscious) under a generated alias and a new MRN; no birth date is invented.',
  })
  async registerUnidentifiedPatient(
    @Args('sex', { description: 'female | male | other | unknown, as observed' }) sex: string,
    @Args('estimatedAgeYears', { type: () => Int, nullable: true }) estimatedAgeYears: number | undefined,
    @Args('circumstances', { description: 'How and where the patient arrived, e.g. "MVC, brought by EMS unit 12"' }) circumstances: string,
    @Args('idempotencyKey', keyArg) idempotencyKey: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof RegisterPatientResult> {
    return refusing(async () => {
      if (estimatedAgeYears !== undefined && (estimatedAgeYears < 0 || estimatedAgeYears > 130)) {
        throw new DomainError('INVALID_INPUT', `estimatedAgeYears must be between 0 and 130 (got ${estimatedAgeYears})`);
      }
      const { patientId } = await this.adt.registerUnidentified(
        { sex: checkedSex(sex, 'sex'), estimatedAgeYears: estimatedAgeYears ?? null, circumstances: requireText(circumstances, 'circumstances') },
        keyed(req, idempotencyKey),
      );
      return Object.assign(new PatientRegistered(), { patient: await this.current(patientId) });
    });
  }

  @Mutation(() => PatientResult, {
    description: 'Replaces an unidentified patient’s alias with the confirmed identity (A08). Refused when that person already has a record: merge into it instead.',
  })
  async identifyPatient(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('demographics') demographics: DemographicsInput,
    @Args('howConfirmed', { description: 'e.g. "driver licence", "identified by spouse"' }) howConfirmed: string,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof PatientResult> {
    return refusing(async () => {
      await this.adt.requirePatient(patientId, 'patientId');
      await this.adt.identifyPatient({ patientId, demographics: this.checked(demographics), howConfirmed: requireText(howConfirmed, 'howConfirmed') }, actorOf(req.identity));
      return Object.assign(new PatientChanged(), { patient: await this.current(patientId) });
    });
  }

  @Mutation(() => PatientResult, {
    description: 'Corrects the demographics (name, birth date, sex, phone, address) with a reason (A08, and A31 to a master patient index where configured); earlier values stay in demographicsHistory.',
  })
  async correctDemographics(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('demographics') demographics: DemographicsInput,
    @Args('reason', { description: 'Why, e.g. "married name", "moved", "typing error at registration"' }) reason: string,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof PatientResult> {
    return refusing(async () => {
      const checked = this.checked(demographics);
      await this.adt.requirePatient(patientId, 'patientId');
      await this.adt.correctDemographics({ patientId, demographics: checked, reason: requireText(reason, 'reason') }, actorOf(req.identity));
      return Object.assign(new PatientChanged(), { patient: await this.current(patientId) });
    });
  }

  private checked(demographics: DemographicsInput): Demographics {
    return checkedDemographics(demographics, this.adt.timePolicy().now, this.adt.facilityZone);
  }

  @Mutation(() => PatientResult, { description: 'A wristband with the current name and MRN is printed and on the patient.' })
  async confirmWristbandPrinted(@Args('patientId', { type: () => ID }) patientId: string, @Context('req') req: RequestWithIdentity): Promise<typeof PatientResult> {
    return refusing(async () => {
      await this.adt.requirePatient(patientId, 'patientId');
      await this.adt.confirmWristbandPrinted(patientId, actorOf(req.identity));
      return Object.assign(new PatientChanged(), { patient: await this.current(patientId) });
    });
  }

  private async current(patientId: string): Promise<Patient> {
    return toPatient(await this.readModel.patient.findUniqueOrThrow({ where: { patientId } }));
  }

  @Mutation(() => MergePatientsResult, {
    description: 'Retires a duplicate record into the survivor (A40). Refused when both have an active inpatient stay, or for a self-merge.',
  })
  async mergePatients(
    @Args('retiredPatientId', { type: () => ID }) retiredPatientId: string,
    @Args('survivorPatientId', { type: () => ID }) survivorPatientId: string,
    @Args('reason') reason: string,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof MergePatientsResult> {
    return refusing(async () => {
      await this.adt.requirePatient(retiredPatientId, 'retiredPatientId');
      await this.adt.requirePatient(survivorPatientId, 'survivorPatientId');
      await this.adt.mergePatients({ retiredPatientId, survivorPatientId, reason: requireText(reason, 'reason') }, actorOf(req.identity));
      const survivor = await this.readModel.patient.findUniqueOrThrow({ where: { patientId: survivorPatientId } });
      return Object.assign(new PatientsMerged(), { survivor: toPatient(survivor) });
    });
  }
}
