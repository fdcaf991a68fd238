import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import { z } from 'zod';
import { admissionDecisionSource, arrivalMode, dischargeDisposition, esiLevel } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import { actorOf, orRefusal, type RequestWithIdentity } from '@ehr/platform/nest';
import type { EdApplication, VisitStep } from '../application/ed-application.js';
import { DangerZonePromptError } from '../domain/ed-errors.js';
import type { ReadModel } from '../projections/read-model.js';
import { instantOrNow, oneOf, vitalSigns } from './inputs.js';
import { toEdVisit } from './mapping.js';
import { DangerZonePrompt, EdVisit, EdVisitChanged, EdVisitResult, TriageInput, TriageResult } from './models.js';
import { ED_APPLICATION, READ_MODEL } from './tokens.js';

const atArg = { type: () => String, nullable: true, description: 'When it happened, ISO 8601 with offset; default now.' } as const;
const visitArg = { type: () => ID } as const;

/** One mutation per step of the visit, each answering with the visit as the board now shows it. */
@Resolver(() => EdVisit)
export class VisitResolver {
  constructor(
    @Inject(ED_APPLICATION) private readonly ed: EdApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  private async changed(visitId: string): Promise<EdVisitChanged> {
    const row = await this.readModel.visit.findUniqueOrThrow({ where: { visitId } });
    return Object.assign(new EdVisitChanged(), { visit: toEdVisit(row, new Date().toISOString(), this.ed.thresholds) });
  }

  private step(build: () => VisitStep, req: RequestWithIdentity): Promise<typeof EdVisitResult> {
    return orRefusal(async () => {
      const command = build();
      await this.ed.act(command, actorOf(req.identity));
      return this.changed(command.visitId);
    });
  }

  @Mutation(() => EdVisitResult, {
    description: 'Opens an ED visit for a patient registered in ADT (registerPatient or registerUnidentifiedPatient first). The same idempotency key opens one visit.',
  })
  registerArrival(
    @Args('patientId', { type: () => ID }) patientId: string,
    @Args('mode', { description: 'walk-in | ambulance | transfer' }) mode: string,
    @Args('at', atArg) at: string | undefined,
    @Args('idempotencyKey', { type: () => String, nullable: true }) idempotencyKey: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof EdVisitResult> {
    return orRefusal(async () => {
      const input = { patientId, mode: oneOf(arrivalMode, mode, 'mode'), at: instantOrNow(at) };
      const { visitId } = await this.ed.registerArrival(input, { ...actorOf(req.identity), ...(idempotencyKey ? { idempotencyKey } : {}) });
      return this.changed(visitId);
    });
  }

  @Mutation(() => TriageResult, {
    description: 'Records the ESI level, chief complaint and vital signs. Danger-zone vital signs at ESI 3 answer with a prompt until the nurse accepts (ESI 2) or declines.',
  })
  triage(@Args('input') input: TriageInput, @Context('req') req: RequestWithIdentity): Promise<typeof TriageResult> {
    return orRefusal(async () => {
      const esi = esiLevel.safeParse(input.esi);
      if (!esi.success) throw new DomainError('INVALID_INPUT', `esi must be 1, 2, 3, 4 or 5 (got ${input.esi})`, { field: 'esi' });
      const answer = input.dangerZoneAnswer === undefined ? null : oneOf(z.enum(['accepted', 'declined']), input.dangerZoneAnswer, 'dangerZoneAnswer');
      try {
        await this.ed.act(
          {
            type: 'Triage',
            visitId: input.visitId,
            esi: esi.data,
            chiefComplaint: input.chiefComplaint,
            vitals: vitalSigns(input.vitals),
            ageInMonths: input.ageInMonths,
            dangerZoneAnswer: answer,
            retriageReason: input.retriageReason ?? null,
            at: instantOrNow(input.at),
          },
          actorOf(req.identity),
        );
      } catch (error) {
        // Not a refusal: the nurse answers the prompt and submits again.
        if (error instanceof DangerZonePromptError) return Object.assign(new DangerZonePrompt(), { message: error.message, findings: error.findings, suggestedEsi: 2 });
        throw error;
      }
      return this.changed(input.visitId);
    });
  }

  @Mutation(() => EdVisitResult, { description: 'Places the patient in a treatment space (a move frees the previous one).' })
  assignRoom(@Args('visitId', visitArg) visitId: string, @Args('roomId') roomId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'AssignRoom', visitId, roomId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'The patient left the treatment space (e.g. back to the waiting room); it is free for the next patient.' })
  releaseRoom(@Args('visitId', visitArg) visitId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'ReleaseRoom', visitId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'A physician or advanced practice provider takes the patient; the first one stops the door-to-provider clock.' })
  assignProvider(@Args('visitId', visitArg) visitId: string, @Args('providerId') providerId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'AssignProvider', visitId, providerId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'A nurse takes the patient.' })
  assignNurse(@Args('visitId', visitArg) visitId: string, @Args('nurseId') nurseId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'AssignNurse', visitId, nurseId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'The provider waits for test results before deciding.' })
  awaitResults(@Args('visitId', visitArg) visitId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'AwaitResults', visitId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'The awaited results are back.' })
  recordResultsReturned(@Args('visitId', visitArg) visitId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'RecordResultsReturned', visitId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, {
    description: 'Documents a decision to admit; the first starts boarding and asks ADT bed placement for a bed (the request carries this visit’s id).',
  })
  decideAdmission(
    @Args('visitId', visitArg) visitId: string,
    @Args('source', { defaultValue: 'disposition', description: 'admit-order | disposition | bed-request | accepting-physician' }) source: string,
    @Args('at', atArg) at: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ) {
    return this.step(() => ({ type: 'DecideAdmission', visitId, source: oneOf(admissionDecisionSource, source, 'source'), at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'Decides a discharge home or a transfer to another facility, with its UB-04 status and the ED diagnosis when coded.' })
  decideDischarge(
    @Args('visitId', visitArg) visitId: string,
    @Args('disposition', { description: 'discharged | transferred' }) disposition: string,
    @Args('dischargeStatus', { description: 'UB-04 discharge status, e.g. 01 home, 02 acute hospital' }) dischargeStatus: string,
    @Args('diagnosisCode', { type: () => String, nullable: true, description: 'ICD-10-CM' }) diagnosisCode: string | undefined,
    @Args('at', atArg) at: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ) {
    return this.step(
      () => ({
        type: 'DecideDischarge',
        visitId,
        disposition: oneOf(z.enum(['discharged', 'transferred']), disposition, 'disposition'),
        dischargeStatus: oneOf(dischargeDisposition, dischargeStatus, 'dischargeStatus'),
        diagnosisCode: diagnosisCode ?? null,
        at: instantOrNow(at),
      }),
      req,
    );
  }

  @Mutation(() => EdVisitResult, {
    description: 'The patient left the ED with the disposition decided. An admitted patient departs by itself when ADT records them in the assigned bed.',
  })
  recordDeparture(@Args('visitId', visitArg) visitId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'RecordDeparture', visitId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'The patient left before a provider evaluated them (LWBS); the visit closes and counts in OP-22.' })
  recordLeftWithoutBeingSeen(@Args('visitId', visitArg) visitId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'RecordLeftWithoutBeingSeen', visitId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'The patient left against medical advice after a provider saw them.' })
  recordLeftAgainstMedicalAdvice(@Args('visitId', visitArg) visitId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'RecordLeftAgainstMedicalAdvice', visitId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'The patient died in the ED.' })
  recordDeath(@Args('visitId', visitArg) visitId: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'RecordDeath', visitId, at: instantOrNow(at) }), req);
  }

  @Mutation(() => EdVisitResult, { description: 'Undoes a departure recorded in error: the patient is back on the board.' })
  cancelDeparture(@Args('visitId', visitArg) visitId: string, @Args('reason') reason: string, @Args('at', atArg) at: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.step(() => ({ type: 'CancelDeparture', visitId, reason, at: instantOrNow(at) }), req);
  }
}
