import { Inject } from '@nestjs/common';
import { Args, ID, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { DomainError } from '@ehr/platform';
import { orRefusal } from '@ehr/platform/nest';
import type { MarApplication } from '../application/mar-application.js';
import { shiftWindow } from '../domain/shift.js';
import type { ReadModel } from '../projections/read-model.js';
import { instantArg } from './inputs.js';
import type { MarReader } from './mar-reader.js';
import { DueDose, ManualEntry, MarDose, MarShift, Patient, WristbandPatient, WristbandResult } from './models.js';
import { MAR_APPLICATION, MAR_READER, READ_MODEL } from './tokens.js';

const patientRef = (id: string) => Object.assign(new Patient(), { id });

/** A query argument that is not a date and time: a client error naming the argument, not a fault. */
function instantQueryArg(value: string | null | undefined, field: string): string | null {
  try {
    return instantArg(value, field);
  } catch (error) {
    if (error instanceof DomainError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', field } });
    throw error;
  }
}

@Resolver(() => MarShift)
export class MarResolver {
  constructor(
    @Inject(MAR_APPLICATION) private readonly mar: MarApplication,
    @Inject(MAR_READER) private readonly reader: MarReader,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => WristbandResult, { description: 'The patient a scanned wristband names, to open their MAR at the bedside.' })
  wristbandPatient(@Args('scan') scan: string) {
    return orRefusal(async () => {
      const patientId = await this.mar.patientOnWristband(scan);
      return Object.assign(new WristbandPatient(), { patientId, patient: patientRef(patientId) });
    });
  }

  @Query(() => MarShift, { description: "A patient's MAR for a nursing shift: the shift around now, or the one starting at shiftStart." })
  async marForShift(@Args('patientId', { type: () => ID }) patientId: string, @Args('shiftStart', { type: () => String, nullable: true }) shiftStart?: string): Promise<MarShift> {
    const window = shiftWindow(this.mar.policy.zone, new Date().toISOString(), instantQueryArg(shiftStart, 'shiftStart'));
    const [doses, prnOrders, location] = await Promise.all([this.reader.shift(patientId, window), this.reader.prnOrders(patientId), this.reader.location(patientId)]);
    return { patientId, patient: patientRef(patientId), shiftStart: window.from, shiftEnd: window.to, ...location, doses, prnOrders };
  }

  @Query(() => [DueDose], { description: "A unit's worklist: doses due, late or missed now (and within the hour), and PRN doses awaiting reassessment, by bed." })
  async dueList(@Args('unitId') unitId: string): Promise<DueDose[]> {
    const due = await this.reader.dueList(unitId);
    return due.map(({ bedId, patientId, dose }) => ({ bedId, dose, patient: patientRef(patientId) }));
  }

  @Query(() => [ManualEntry], { description: 'Wristbands and packages entered by hand instead of scanned, newest first: the scan-failure report.' })
  async manualEntryReport(@Args('since', { type: () => String, nullable: true }) since?: string): Promise<ManualEntry[]> {
    const rows = await this.readModel.manualEntry.findMany({
      where: since ? { enteredAt: { gte: new Date(instantQueryArg(since, 'since')!) } } : {},
      orderBy: { enteredAt: 'desc' },
      take: 500,
    });
    return rows.map((r) => ({ doseId: r.doseId, patientId: r.patientId, what: r.what, reason: r.reason, comment: r.comment, by: r.enteredBy, at: r.enteredAt.toISOString() }));
  }
}

/** The patient record's medication administrations, joined to ADT's Patient by the gateway. */
@Resolver(() => Patient)
export class PatientMarResolver {
  constructor(@Inject(MAR_READER) private readonly reader: MarReader) {}

  @ResolveReference()
  resolveReference(reference: { id: string }): Patient {
    return patientRef(reference.id);
  }

  @ResolveField(() => [MarDose], { description: 'Every dose on the MAR, by due or given time; as it stood at asOf (from the event history) when given.' })
  medicationAdministrations(@Parent() patient: Patient, @Args('asOf', { type: () => String, nullable: true }) asOf?: string): Promise<MarDose[]> {
    return this.reader.administrations(patient.id, instantQueryArg(asOf, 'asOf'));
  }
}
