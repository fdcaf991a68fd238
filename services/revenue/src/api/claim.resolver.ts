import { Inject } from '@nestjs/common';
import { Args, ID, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import type { RevenueApplication } from '../application/revenue-application.js';
import type { PostalAddress } from '../domain/x12-837i.js';
import type { ReadModel } from '../projections/read-model.js';
import { toAccount, toClaim } from './mapping.js';
import { Claim, HospitalAccount } from './models.js';
import { READ_MODEL, REVENUE_APPLICATION } from './tokens.js';

@Resolver(() => Claim)
export class ClaimResolver {
  constructor(
    @Inject(REVENUE_APPLICATION) private readonly revenue: RevenueApplication,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Query(() => Claim, { nullable: true })
  async claim(@Args('id', { type: () => ID }) id: string): Promise<Claim | null> {
    const row = await this.readModel.claim.findUnique({ where: { claimId: id } });
    return row ? toClaim(row) : null;
  }

  @ResolveReference()
  resolveReference(reference: { id: string }): Promise<Claim | null> {
    return this.claim(reference.id);
  }

  @ResolveField(() => HospitalAccount)
  async account(@Parent() claim: Claim): Promise<HospitalAccount> {
    return toAccount(await this.readModel.account.findUniqueOrThrow({ where: { accountId: claim.accountId } }));
  }

  @ResolveField(() => String, { nullable: true, description: 'The claim as an X12 837I (005010X223A2) interchange, rebuilt from the account as it stood when the claim was frozen.' })
  async x12(@Parent() claim: Claim): Promise<string | null> {
    return this.revenue.claim837I(claim.id, async (patientId) => {
      const patient = await this.readModel.patient.findUnique({ where: { patientId } });
      // No MRN known (a patient first registered unidentified): no claim file rather than a wrong REF*EA.
      if (!patient?.mrn) return null;
      return {
        mrn: patient.mrn,
        address: patient.address as PostalAddress | null,
        lastName: patient.familyName.toUpperCase(),
        firstName: patient.givenName.toUpperCase(),
        birthDate: patient.birthDate.toISOString().slice(0, 10),
        sex: patient.sex === 'F' || patient.sex === 'M' ? patient.sex : 'U',
      };
    });
  }
}
