import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { requireCalendarDate } from '@ehr/contracts';
import { actorOf, orRefusal, type RequestWithIdentity } from '@ehr/platform/nest';
import type { AdtApplication } from '../application/adt-application.js';
import type { BedCommand } from '../domain/bed.decider.js';
import type { ReadModel } from '../projections/read-model.js';
import { toBed, toBedAsOf, withEdRoom } from './mapping.js';
import { asOfInstant, checkedQuery } from './input.js';
import { edRoomOccupants } from '../integration/ed-rooms.js';
import { Bed, BedChanged, BedResult, Census, Patient } from './models.js';
import { loadPatient } from './patient-loader.js';
import { ADT_APPLICATION, READ_MODEL } from './tokens.js';

@Resolver(() => Bed)
export class BedBoardResolver {
  constructor(
    @Inject(ADT_APPLICATION) private readonly adt: AdtApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => [Bed], { description: 'Every bed, or one unit’s, with status, occupant and cleaning state; an ED room the ED has a patient in is occupied by that visit.' })
  async bedBoard(
    @Args('unitId', { type: () => ID, nullable: true }) unitId?: string,
    @Args('asOf', { type: () => String, nullable: true, description: 'A past instant (ISO 8601 with offset): the board as it stood then, from the event history.' }) asOf?: string,
  ): Promise<Bed[]> {
    if (asOf != null) {
      const at = checkedQuery(() => asOfInstant(asOf, this.adt.timePolicy().now));
      return (await this.adt.asOf.bedBoard(at, unitId ?? null)).map(toBedAsOf);
    }
    const rows = await this.readModel.bedBoardRow.findMany({ where: unitId ? { unitId } : {}, orderBy: [{ unitId: 'asc' }, { label: 'asc' }] });
    const edRooms = await edRoomOccupants(this.adt.pool);
    return rows.map((row) => withEdRoom(toBed(row), edRooms.get(row.bedId)));
  }

  @ResolveField(() => Patient, { nullable: true, description: 'The patient in the bed, or holding it on leave or by reservation.' })
  patient(@Parent() bed: Bed, @Context('req') req: RequestWithIdentity): Promise<Patient | null> {
    return loadPatient(this.readModel, req, bed.patientId);
  }

  @Query(() => Census, { description: 'The midnight census ending a date (YYYY-MM-DD) in the facility time zone.' })
  async census(@Args('date') date: string): Promise<Census> {
    checkedQuery(() => requireCalendarDate(date, 'date'));
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
  startBedCleaning(@Args('bedId', { type: () => ID }) bedId: string, @Context('req') req: RequestWithIdentity): Promise<typeof BedResult> {
    return this.act({ type: 'StartBedCleaning', bedId, at: new Date().toISOString() }, req);
  }

  @Mutation(() => BedResult, { description: 'The bed is clean and can be assigned; records the turnaround.' })
  markBedClean(@Args('bedId', { type: () => ID }) bedId: string, @Context('req') req: RequestWithIdentity): Promise<typeof BedResult> {
    return this.act({ type: 'MarkBedClean', bedId, at: new Date().toISOString() }, req);
  }

  @Mutation(() => BedResult, { description: 'Takes a bed out of service; a reason is required.' })
  blockBed(@Args('bedId', { type: () => ID }) bedId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof BedResult> {
    return this.act({ type: 'BlockBed', bedId, reason }, req);
  }

  @Mutation(() => BedResult, { description: 'Returns a blocked bed to service.' })
  unblockBed(@Args('bedId', { type: () => ID }) bedId: string, @Context('req') req: RequestWithIdentity): Promise<typeof BedResult> {
    return this.act({ type: 'UnblockBed', bedId }, req);
  }
}
