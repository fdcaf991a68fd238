import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { CommandResult } from '@ehr/platform';
import { actorOf, orRefusal, type RequestWithIdentity } from '@ehr/platform/nest';
import type { RevenueApplication } from '../application/revenue-application.js';
import type { ReadModel } from '../projections/read-model.js';
import { coding, coverage, guarantor, holdReason } from './inputs.js';
import { toAccount, toCharge, toClaim, toDenial, toHistory, toWorkItem } from './mapping.js';
import {
  AccountChanged,
  AccountResult,
  Charge,
  Claim,
  ClaimResult,
  ClaimSent,
  ClaimStopped,
  CodingInput,
  CoverageInput,
  GuarantorInput,
  Denial,
  HistoryEntry,
  HospitalAccount,
  PostedPayment,
  RemittancePosted,
  RemittanceResult,
  WorkItem,
} from './models.js';
import { READ_MODEL, REVENUE_APPLICATION } from './tokens.js';

@Resolver(() => HospitalAccount)
export class AccountResolver {
  constructor(
    @Inject(REVENUE_APPLICATION) private readonly revenue: RevenueApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => HospitalAccount, { nullable: true })
  async account(@Args('id', { type: () => ID }) id: string): Promise<HospitalAccount | null> {
    const row = await this.readModel.account.findUnique({ where: { accountId: id } });
    return row ? toAccount(row) : null;
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Promise<HospitalAccount | null> {
    return this.account(reference.id);
  }

  @ResolveField(() => [Charge], { description: 'Charges and reversals in the order they were posted.' })
  async charges(@Parent() account: HospitalAccount): Promise<Charge[]> {
    const rows = await this.readModel.charge.findMany({ where: { accountId: account.id }, orderBy: [{ postedAt: 'asc' }, { chargeId: 'asc' }] });
    return rows.map(toCharge);
  }

  @ResolveField(() => [Claim], { description: 'Claim versions, oldest first.' })
  async claims(@Parent() account: HospitalAccount): Promise<Claim[]> {
    const rows = await this.readModel.claim.findMany({ where: { accountId: account.id }, orderBy: { version: 'asc' } });
    return rows.map(toClaim);
  }

  @ResolveField(() => [Denial])
  async denials(@Parent() account: HospitalAccount): Promise<Denial[]> {
    const rows = await this.readModel.denial.findMany({ where: { accountId: account.id }, orderBy: { remitDate: 'asc' } });
    return rows.map(toDenial);
  }

  @ResolveField(() => [HistoryEntry], { description: 'Everything that happened to the account, oldest first.' })
  async history(@Parent() account: HospitalAccount): Promise<HistoryEntry[]> {
    const rows = await this.readModel.accountHistory.findMany({ where: { accountId: account.id }, orderBy: { streamVersion: 'asc' } });
    return rows.map(toHistory);
  }

  @ResolveField(() => WorkItem, { nullable: true, description: 'The queue the account is worked in now; null when settled or still in house.' })
  async workItem(@Parent() account: HospitalAccount): Promise<WorkItem | null> {
    const row = await this.readModel.workItem.findUnique({ where: { accountId: account.id } });
    return row ? toWorkItem(row, new Date().toISOString().slice(0, 10)) : null;
  }

  private async changed(accountId: string): Promise<AccountChanged> {
    return Object.assign(new AccountChanged(), { account: toAccount(await this.readModel.account.findUniqueOrThrow({ where: { accountId } })) });
  }

  private act(accountId: string, work: () => Promise<unknown>): Promise<typeof AccountResult> {
    return orRefusal(async () => {
      await work();
      return this.changed(accountId);
    });
  }

  @Mutation(() => AccountResult, { description: 'Records the payer covering the account at a rank; a later record at the same rank replaces it.' })
  recordCoverage(@Args('input') input: CoverageInput, @Context('req') req: RequestWithIdentity): Promise<typeof AccountResult> {
    return this.act(input.accountId, () =>
      this.revenue.recordCoverage(input.accountId, coverage(input), actorOf(req.identity)),
    );
  }

  @Mutation(() => AccountResult, { description: 'Records who answers for what the payers leave to the patient; a later record replaces it.' })
  recordGuarantor(@Args('input') input: GuarantorInput, @Context('req') req: RequestWithIdentity): Promise<typeof AccountResult> {
    return this.act(input.accountId, () => this.revenue.recordGuarantor(input.accountId, guarantor(input), actorOf(req.identity)));
  }

  @Mutation(() => AccountResult, { description: 'HIM coding of the account (or its correction). A claim the scrubber stopped is checked again at once.' })
  recordCoding(@Args('input') input: CodingInput, @Context('req') req: RequestWithIdentity): Promise<typeof AccountResult> {
    return this.act(input.accountId, () => this.revenue.recordCoding(input.accountId, coding(input), actorOf(req.identity)));
  }

  @Mutation(() => AccountResult, { description: 'Stops the account from billing until the hold is released.' })
  placeBillHold(
    @Args('accountId', { type: () => ID }) accountId: string,
    @Args('reason', { description: 'suspense | coding-incomplete | late-charges | claim-edits | manual' }) reason: string,
    @Args('note') note: string,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof AccountResult> {
    return this.act(accountId, () => this.revenue.placeHold(accountId, holdReason(reason), note, actorOf(req.identity)));
  }

  @Mutation(() => AccountResult)
  releaseBillHold(@Args('accountId', { type: () => ID }) accountId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof AccountResult> {
    return this.act(accountId, () => this.revenue.releaseHold(accountId, holdReason(reason), actorOf(req.identity)));
  }

  @Mutation(() => AccountResult, { description: 'A biller takes the account (or hands it to a colleague) in its work queue.' })
  assignAccount(@Args('accountId', { type: () => ID }) accountId: string, @Args('owner') owner: string, @Context('req') req: RequestWithIdentity): Promise<typeof AccountResult> {
    return this.act(accountId, () => this.revenue.assign(accountId, owner, actorOf(req.identity)));
  }

  @Mutation(() => AccountResult, { description: 'Prices a held charge again from the chargemaster (after the CDM team added its row) and posts it; refused while it still cannot be priced.' })
  repostHeldCharge(@Args('accountId', { type: () => ID }) accountId: string, @Args('heldChargeId', { type: () => ID }) heldChargeId: string, @Context('req') req: RequestWithIdentity): Promise<typeof AccountResult> {
    return this.act(accountId, () => this.revenue.repostHeldCharge(accountId, heldChargeId, actorOf(req.identity)));
  }

  @Mutation(() => AccountResult, { description: 'Takes a held charge off the charge-review queue without posting it here (placed on the right account by hand, or not billable), with the reason.' })
  discardHeldCharge(
    @Args('accountId', { type: () => ID }) accountId: string,
    @Args('heldChargeId', { type: () => ID }) heldChargeId: string,
    @Args('note') note: string,
    @Context('req') req: RequestWithIdentity,
  ): Promise<typeof AccountResult> {
    return this.act(accountId, () => this.revenue.discardHeldCharge(accountId, heldChargeId, note, actorOf(req.identity)));
  }

  private claimed(accountId: string, work: () => Promise<CommandResult>): Promise<typeof ClaimResult> {
    return orRefusal(async () => {
      const { events } = await work();
      const account = toAccount(await this.readModel.account.findUniqueOrThrow({ where: { accountId } }));
      const created = events.find((e) => e.type === 'revenue.claim.created');
      if (!created) return Object.assign(new ClaimStopped(), { edits: account.edits, account });
      const claimId = (created.data as { claimId: string }).claimId;
      return Object.assign(new ClaimSent(), { claim: toClaim(await this.readModel.claim.findUniqueOrThrow({ where: { claimId } })), account });
    });
  }

  @Mutation(() => ClaimResult, { description: 'Scrubs the discharged, coded account and sends its first claim (or a new original after a rejection); edits stop it.' })
  createClaim(@Args('accountId', { type: () => ID }) accountId: string, @Context('req') req: RequestWithIdentity): Promise<typeof ClaimResult> {
    return this.claimed(accountId, () => this.revenue.createClaim(accountId, actorOf(req.identity)));
  }

  @Mutation(() => ClaimResult, { description: 'Sends the next interim bill of a long stay still in house (0112 for its first 60 days, 0113 for each 60 after), patient status 30; its discharge bill is then the last interim, 0114.' })
  createInterimClaim(@Args('accountId', { type: () => ID }) accountId: string, @Context('req') req: RequestWithIdentity): Promise<typeof ClaimResult> {
    return this.claimed(accountId, () => this.revenue.createInterimClaim(accountId, actorOf(req.identity)));
  }

  @Mutation(() => ClaimResult, { description: 'Resubmits the account as a replacement claim (frequency 7, REF*F8 the payer’s claim number) with all its charges.' })
  replaceClaim(@Args('accountId', { type: () => ID }) accountId: string, @Context('req') req: RequestWithIdentity): Promise<typeof ClaimResult> {
    return this.claimed(accountId, () => this.revenue.replaceClaim(accountId, actorOf(req.identity)));
  }

  @Mutation(() => ClaimResult, { description: 'Voids the adjudicated claim (frequency 8), e.g. sent to the wrong payer.' })
  voidClaim(@Args('accountId', { type: () => ID }) accountId: string, @Context('req') req: RequestWithIdentity): Promise<typeof ClaimResult> {
    return this.claimed(accountId, () => this.revenue.voidClaim(accountId, actorOf(req.identity)));
  }

  @Mutation(() => RemittanceResult, { description: 'Posts an X12 835 whole or not at all: payments, contractual adjustments, patient responsibility, denials and unapplied cash, after the envelope, count and balance checks.' })
  post835(@Args('x12') x12: string, @Context('req') req: RequestWithIdentity): Promise<typeof RemittanceResult> {
    return orRefusal(async () => {
      const payments = await this.revenue.post835(x12, actorOf(req.identity));
      return Object.assign(new RemittancePosted(), { payments: payments.map((p) => Object.assign(new PostedPayment(), p)) });
    });
  }
}
