import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { calendarDate } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import { actorOf, orRefusal, type RequestWithIdentity, Roles } from '@ehr/platform/nest';
import type { AdtApplication } from '../application/adt-application.js';
import type { BedCommand } from '../domain/bed.decider.js';
import type { ReadModel } from '../projections/read-model.js';
import { toBed } from './mapping.js';
import { Bed, BedChanged, BedResult, Census, Patient } from './models.js';
import { loadPatient } from './patient-loader.js';
import { ADT_APPLICATION, READ_MODEL } from './tokens.js';

const boardReaders = ['bed-manager', 'nurse', 'registrar', 'ed-staff', 'physician', 'admin'] as const;

@Resolver(() => Bed)
export class BedBoardResolver {
  constructor(
    @Inject(ADT_APPLICATION) private readonly adt: AdtApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => [Bed], { description: 'Every bed, or one unit’s, with status, occupant and cleaning state.' })
  @Roles(...boardReaders)
  async bedBoard(@Args('unitId', { type: () => ID, nullable: true }) unitId?: string): Promise<Bed[]> {
    const rows = await this.readModel.bedBoardRow.findMany({ where: unitId ? { unitId } : {}, orderBy: [{ unitId: 'asc' }, { label: 'asc' }] });
    return rows.map(toBed);
  }

  @ResolveField(() => Patient, { nullable: true, description: 'The patient in the bed, or holding it on leave or by reservation.' })
  patient(@Parent() bed: Bed, @Context('req') req: RequestWithIdentity): Promise<Patient | null> {
    return loadPatient(this.readModel, req, bed.patientId);
  }

  @Query(() => Census, { description: 'The midnight census ending a date (YYYY-MM-DD) in the facility time zone.' })
  @Roles('bed-manager', 'nurse', 'admin', 'biller')
  async census(@Args('date') date: string): Promise<Census> {
    if (!calendarDate.safeParse(date).success) throw new DomainError('INVALID_INPUT', `date must be YYYY-MM-DD (got "${date}")`);
    const result = await this.adt.census(date);
    return Object.assign(new Census(), { date, ...result });
  }

  private async act(command: BedCommand, req: RequestWithIdentity): Promise<typeof BedResult> {
    return orRefusal(async () => {
      await this.adt.bed(command, actorOf(req.identity));
      const row = await this.readModel.bedBoardRow.findUniqueOrThrow({ where: { bedId: command.bedId } });
      return Object.assign(new BedChanged(), { bed: toBed(row) });
    });
  }

  @Mutation(() => BedResult, { description: 'Environmental services started cleaning a dirty bed.' })
  @Roles('bed-manager', 'admin')
  startBedCleaning(@Args('bedId', { type: () => ID }) bedId: string, @Context('req') req: RequestWithIdentity): Promise<typeof BedResult> {
    return this.act({ type: 'StartBedCleaning', bedId, at: new Date().toISOString() }, req);
  }

  @Mutation(() => BedResult, { description: 'The bed is clean and can be assigned; records the turnaround.' })
  @Roles('bed-manager', 'admin')
  markBedClean(@Args('bedId', { type: () => ID }) bedId: string, @Context('req') req: RequestWithIdentity): Promise<typeof BedResult> {
    return this.act({ type: 'MarkBedClean', bedId, at: new Date().toISOString() }, req);
  }

  @Mutation(() => BedResult, { description: 'Takes a bed out of service; a reason is required.' })
  @Roles('bed-manager', 'admin')
  blockBed(@Args('bedId', { type: () => ID }) bedId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof BedResult> {
    return this.act({ type: 'BlockBed', bedId, reason }, req);
  }

  @Mutation(() => BedResult, { description: 'Returns a blocked bed to service.' })
  @Roles('bed-manager', 'admin')
  unblockBed(@Args('bedId', { type: () => ID }) bedId: string, @Context('req') req: RequestWithIdentity): Promise<typeof BedResult> {
    return this.act({ type: 'UnblockBed', bedId }, req);
  }
}
