import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { requireIdentifier, requireText } from '@ehr/contracts';
import { actorOf, type RequestWithIdentity } from '@ehr/platform/nest';
import { checkedBed, refusing } from './input.js';
import type { AdtApplication } from '../application/adt-application.js';
import type { BedRequestCommand } from '../domain/bed-request.decider.js';
import type { ReadModel } from '../projections/read-model.js';
import { toBedRequest } from './mapping.js';
import { BedInput, BedRequest, BedRequestChanged, BedRequestResult, Patient } from './models.js';
import { loadPatient } from './patient-loader.js';
import { ADT_APPLICATION, READ_MODEL } from './tokens.js';

@Resolver(() => BedRequest)
export class BedRequestResolver {
  constructor(
    @Inject(ADT_APPLICATION) private readonly adt: AdtApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => [BedRequest], { description: 'The bed placement queue, oldest first; by default the requests still waiting for a bed.' })
  async bedRequests(@Args('status', { type: () => String, defaultValue: 'open' }) status: string): Promise<BedRequest[]> {
    const rows = await this.readModel.bedRequest.findMany({ where: { status }, orderBy: { requestedAt: 'asc' }, take: 500 });
    return rows.map(toBedRequest);
  }

  @ResolveField(() => Patient, { nullable: true, description: 'The patient the bed is for.' })
  patient(@Parent() request: BedRequest, @Context('req') req: RequestWithIdentity): Promise<Patient | null> {
    return loadPatient(this.readModel, req, request.patientId);
  }

  /** The command is built inside the refusal boundary, so its input checks become refusals. */
  private async act(build: () => Promise<BedRequestCommand>, req: RequestWithIdentity): Promise<typeof BedRequestResult> {
    return refusing(async () => {
      const command = await build();
      await this.adt.bedRequest(command, actorOf(req.identity));
      const row = await this.readModel.bedRequest.findUniqueOrThrow({ where: { requestId: command.requestId } });
      return Object.assign(new BedRequestChanged(), { request: toBedRequest(row) });
    });
  }

  @Mutation(() => BedRequestResult, { description: 'Asks bed placement for a bed for this patient and encounter.' })
  requestBed(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('encounterId', { type: () => ID, nullable: true, description: 'The encounter to admit or move; a new one when absent.' }) encounterId: string | undefined,
    @Args('unitId', { type: () => ID, nullable: true }) unitId: string | undefined,
    @Args('reason') reason: string,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof BedRequestResult> {
    return this.act(async () => {
      await this.adt.requirePatient(requireIdentifier(patientId, 'patientId'), 'patientId');
      const reasonGiven = requireText(reason, 'reason');
      return { type: 'OpenBedRequest', requestId: uuidv7(), patientId, encounterId: encounterId ?? uuidv7(), unitId: unitId ?? null, isolationNeeded: null, reason: reasonGiven, at: new Date().toISOString() };
    }, req);
  }

  @Mutation(() => BedRequestResult, { description: 'Chooses a bed for a request and holds it; refused when the bed is taken, dirty or blocked.' })
  assignBed(@Args('requestId', { type: () => ID }) requestId: string, @Args('bed') bed: BedInput, @Context('req') req: RequestWithIdentity): Promise<typeof BedRequestResult> {
    return this.act(async () => ({ type: 'AssignBed', requestId: requireIdentifier(requestId, 'requestId'), bed: await checkedBed(this.adt, bed, 'bed'), at: new Date().toISOString() }), req);
  }

  @Mutation(() => BedRequestResult, { description: 'The bed is no longer needed; a held bed is let go.' })
  cancelBedRequest(@Args('requestId', { type: () => ID }) requestId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof BedRequestResult> {
    return this.act(async () => ({ type: 'CancelBedRequest', requestId: requireIdentifier(requestId, 'requestId'), reason: requireText(reason, 'reason'), at: new Date().toISOString() }), req);
  }
}
