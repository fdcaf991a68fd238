import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Unpaid accounts in one aging bucket (days since the account began to age in its work queue).' })
export class ArAgingBucket {
  @Field({ description: '0-30 | 31-60 | 61-90 | 91-120 | 121-180 | >180' }) bucket!: string;
  @Field(() => Int) accounts!: number;
  @Field(() => Int) amountCents!: number;
}

@ObjectType({ description: 'Claims a payer adjudicated and how many of them it denied.' })
export class PayerDenialRate {
  @Field() payerId!: string;
  @Field(() => Int, { description: 'Claims the payer answered on an 835 (paid or denied).' }) adjudicated!: number;
  @Field(() => Int) denied!: number;
  @Field(() => Float, { description: 'denied / adjudicated, 0 when nothing was adjudicated.' }) rate!: number;
}

@ObjectType({ description: 'Denials of one payer in one denial category.' })
export class DenialCategoryCount {
  @Field() payerId!: string;
  @Field() category!: string;
  @Field(() => Int) denials!: number;
  @Field(() => Int) amountCents!: number;
}

@ObjectType({ description: 'The denial rate by payer and the denials by payer and category, for remits in a date range.' })
export class DenialReport {
  @Field(() => [PayerDenialRate]) payers!: PayerDenialRate[];
  @Field(() => [DenialCategoryCount]) categories!: DenialCategoryCount[];
}

@ObjectType({ description: 'One claim payment of a posted 835 applied to the account.' })
export class RemittancePayment {
  @Field({ description: 'TRN02, the check or EFT trace number.' }) traceNumber!: string;
  @Field() payerId!: string;
  @Field({ description: 'CLP07, the payer’s claim number.' }) payerClaimNumber!: string;
  @Field(() => Int) paidCents!: number;
  @Field() postedAt!: string;
}

@ObjectType({ description: 'An ICD-10-CM code from the look-up list, with its title.' })
export class DiagnosisCode {
  @Field({ description: 'Without the dot, as the claim carries it, e.g. E1122.' }) code!: string;
  @Field({ description: 'With the dot, as coders read it, e.g. E11.22.' }) display!: string;
  @Field() title!: string;
}
