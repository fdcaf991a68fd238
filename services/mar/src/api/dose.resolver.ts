import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { administrationSite, doseHeldReason, doseNotGivenReason, doseRefusedReason, prnEffect } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import { actorOf, orRefusal, type Refusal, type RequestWithIdentity } from '@ehr/platform/nest';
import type { MarApplication } from '../application/mar-application.js';
import { given, oneOf, product, quantity, verificationOverride, wristband } from './inputs.js';
import type { MarReader } from './mar-reader.js';
import { AmendInput, DoseChanged, DoseResult, GivenInput, MarDose, PrnGivenInput, ProductInput, VerificationOverrideInput, WristbandInput } from './models.js';
import { MAR_APPLICATION, MAR_READER } from './tokens.js';

const optionalText = { type: () => String, nullable: true } as const;

/** The bedside: one mutation per step, each answering with the dose as it now stands or a refusal. */
@Resolver(() => DoseChanged)
export class DoseResolver {
  constructor(
    @Inject(MAR_APPLICATION) private readonly mar: MarApplication,
    @Inject(MAR_READER) private readonly reader: MarReader,
  ) {}

  private act(req: RequestWithIdentity, work: (context: ReturnType<typeof actorOf>) => Promise<string>): Promise<DoseChanged | Refusal> {
    return orRefusal(async () => Object.assign(new DoseChanged(), { doseId: await work(actorOf(req.identity)) }));
  }

  /** Read only when asked for: a scanner round trip that needs the verdict alone skips it. */
  @ResolveField(() => MarDose)
  dose(@Parent() changed: DoseChanged): Promise<MarDose> {
    return this.reader.dose(changed.doseId);
  }

  @Mutation(() => DoseResult, { description: "First bedside check: the patient's wristband for a dose. Without doseId, starts an as-needed dose of orderId." })
  verifyWristband(
    @Args('doseId', { type: () => ID, nullable: true }) doseId: string | undefined,
    @Args('orderId', { type: () => ID, nullable: true }) orderId: string | undefined,
    @Args('wristband') input: WristbandInput,
    @Context('req') req: RequestWithIdentity,
  ) {
    return this.act(req, (context) => this.mar.verifyWristband({ doseId: doseId ?? null, orderId: orderId ?? null, wristband: wristband(input) }, context));
  }

  @Mutation(() => DoseResult, {
    description:
      'Second bedside check: the package in hand against the order (right drug, not expired). Scanned, or the NDC typed with a reason. With the wristband scanned at the bedside, both checks are made together.',
  })
  verifyProduct(
    @Args('doseId', { type: () => ID }) doseId: string,
    @Args('product') input: ProductInput,
    @Args('wristband', { type: () => WristbandInput, nullable: true }) band: WristbandInput | undefined,
    @Args('verificationOverride', {
      type: () => VerificationOverrideInput,
      nullable: true,
      description: 'A STAT order pharmacy has not verified yet (refused as VERIFICATION_OVERRIDE_REQUIRED): why it cannot wait.',
    })
    override: VerificationOverrideInput | undefined,
    @Context('req') req: RequestWithIdentity,
  ) {
    return this.act(req, async (context) => {
      await this.mar.verifyProduct({ doseId, product: product(input), wristband: band ? wristband(band) : null, verificationOverride: override ? verificationOverride(override) : null }, context);
      return doseId;
    });
  }

  @Mutation(() => DoseResult, { description: 'A second nurse signs in for a dose on their own credentials: verifier (high-alert double check) or witness (controlled-substance waste).' })
  cosignDose(@Args('doseId', { type: () => ID }) doseId: string, @Args('role', { description: 'verifier | witness' }) role: string, @Context('req') req: RequestWithIdentity) {
    return this.act(req, async (context) => {
      if (role !== 'verifier' && role !== 'witness') throw new DomainError('INVALID_INPUT', `role must be one of verifier, witness (got "${role}")`, { field: 'role' });
      await this.mar.cosign({ doseId, role }, context);
      return doseId;
    });
  }

  @Mutation(() => DoseResult, { description: 'Documents a scheduled dose as given after both scans. A second "given" for the same dose is refused.' })
  documentGiven(@Args('input') input: GivenInput, @Context('req') req: RequestWithIdentity) {
    return this.act(req, async (context) => {
      await this.mar.documentGiven(given(input), context);
      return input.doseId;
    });
  }

  @Mutation(() => DoseResult, { description: 'Documents an as-needed dose given, with its indication; checked against the minimum interval and the 24-hour maximum.' })
  documentPrnGiven(@Args('input') input: PrnGivenInput, @Context('req') req: RequestWithIdentity) {
    return this.act(req, async (context) => {
      await this.mar.documentPrnGiven({ ...given(input), indication: input.indication, painScore: input.painScore ?? null }, context);
      return input.doseId;
    });
  }

  @Mutation(() => DoseResult, { description: 'Records the effect of an as-needed dose.' })
  reassessPrn(
    @Args('doseId', { type: () => ID }) doseId: string,
    @Args('effect', { description: 'effective | partially-effective | not-effective' }) effect: string,
    @Args('painScore', { type: () => Int, nullable: true }) painScore: number | undefined,
    @Args('comment', optionalText) comment: string | undefined,
    @Context('req') req: RequestWithIdentity,
  ) {
    return this.act(req, async (context) => {
      await this.mar.reassessPrn({ doseId, effect: oneOf(prnEffect, effect, 'effect'), painScore: painScore ?? null, comment: comment ?? null }, context);
      return doseId;
    });
  }

  @Mutation(() => DoseResult, { description: 'The nurse held the dose (parameter not met, NPO...). The slot is closed, not missed.' })
  documentHeld(@Args('doseId', { type: () => ID }) doseId: string, @Args('reason') reason: string, @Args('comment', optionalText) comment: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.act(req, async (context) => {
      await this.mar.documentNotAdministered({ type: 'HoldDose', doseId, reason: oneOf(doseHeldReason, reason, 'reason'), comment: comment ?? null }, context);
      return doseId;
    });
  }

  @Mutation(() => DoseResult, { description: 'The patient refused the dose.' })
  documentRefused(@Args('doseId', { type: () => ID }) doseId: string, @Args('reason') reason: string, @Args('comment', optionalText) comment: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.act(req, async (context) => {
      await this.mar.documentNotAdministered({ type: 'RefuseDose', doseId, reason: oneOf(doseRefusedReason, reason, 'reason'), comment: comment ?? null }, context);
      return doseId;
    });
  }

  @Mutation(() => DoseResult, { description: 'The dose could not be given (patient off unit, drug unavailable...).' })
  documentNotGiven(@Args('doseId', { type: () => ID }) doseId: string, @Args('reason') reason: string, @Args('comment', optionalText) comment: string | undefined, @Context('req') req: RequestWithIdentity) {
    return this.act(req, async (context) => {
      await this.mar.documentNotAdministered({ type: 'RecordDoseNotGiven', doseId, reason: oneOf(doseNotGivenReason, reason, 'reason'), comment: comment ?? null }, context);
      return doseId;
    });
  }

  @Mutation(() => DoseResult, { description: 'Marks an entry documented in error, with a reason. It stays in the history, struck through; a scheduled dose is open again.' })
  markDocumentedInError(@Args('doseId', { type: () => ID }) doseId: string, @Args('entryId', { type: () => ID }) entryId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity) {
    return this.act(req, async (context) => {
      await this.mar.markDocumentedInError({ doseId, entryId, reason }, context);
      return doseId;
    });
  }

  @Mutation(() => DoseResult, { description: 'Corrects the amount, site or time of a given entry; the original values stay in the history.' })
  amend(@Args('input') input: AmendInput, @Context('req') req: RequestWithIdentity) {
    return this.act(req, async (context) => {
      await this.mar.amend(
        {
          doseId: input.doseId,
          entryId: input.entryId,
          amount: input.amount ? quantity(input.amount, 'amount') : null,
          site: input.site ? oneOf(administrationSite, input.site, 'site') : null,
          givenAt: input.givenAt ?? null,
          reason: input.reason,
        },
        context,
      );
      return input.doseId;
    });
  }
}
