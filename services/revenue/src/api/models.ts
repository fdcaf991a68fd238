import { Refusal } from '@ehr/platform/nest';
import { createUnionType, Directive, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A scrubber edit that stops the claim: what is wrong and how to fix it.' })
export class ClaimEdit {
  @Field() code!: string;
  @Field() message!: string;
}

@ObjectType({ description: 'A charge or a reversal (a linked negative line) on the account. Money in whole cents.' })
export class Charge {
  @Field(() => ID) id!: string;
  @Field() chargeCode!: string;
  @Field() description!: string;
  @Field({ description: 'UB-04 revenue code (FL42), e.g. 0121.' }) revenueCode!: string;
  @Field(() => String, { nullable: true }) hcpcs!: string | null;
  @Field() serviceDate!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => Int) unitPriceCents!: number;
  @Field(() => Int) amountCents!: number;
  @Field({ description: 'What it was captured from: census-day | observation | dose | order | ed-visit | manual' }) sourceKind!: string;
  @Field() sourceId!: string;
  @Field(() => String, { nullable: true, description: 'On a reversal: the charge it reverses.' }) reversesChargeId!: string | null;
  @Field(() => String, { nullable: true, description: 'The reversal that took this charge back.' }) reversedBy!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field({ description: 'Posted after a claim had gone: a replacement claim is due.' }) late!: boolean;
  @Field() postedAt!: string;
}

@ObjectType({ description: 'A payer denial from an 835: CARC, RARCs and the denial queue category.' })
export class Denial {
  @Field() payerClaimNumber!: string;
  @Field() carc!: string;
  @Field(() => [String]) rarcs!: string[];
  @Field(() => Int) amountCents!: number;
  @Field() category!: string;
  @Field() remitDate!: string;
}

@ObjectType({ description: 'One line of the account’s history.' })
export class HistoryEntry {
  @Field() at!: string;
  @Field() type!: string;
  @Field() actor!: string;
  @Field() summary!: string;
}

@ObjectType({ description: 'A claim version as frozen and sent: original (1), replacement (7) or void (8).' })
@Directive('@key(fields: "id")')
export class Claim {
  @Field(() => ID) id!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => Int) version!: number;
  @Field({ description: '1 admission through discharge | 2 first interim | 3 continuing interim | 4 last interim | 7 replacement | 8 void' }) frequency!: string;
  @Field({ description: 'UB-04 FL4, e.g. 0111' }) typeOfBill!: string;
  @Field() payerId!: string;
  @Field(() => Int) totalCents!: number;
  @Field({ description: 'sent | rejected | adjudicated | denied' }) status!: string;
  @Field(() => String, { nullable: true, description: 'The payer’s claim number (CLP07) once adjudicated.' }) payerClaimNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'REF*F8 on a replacement or void.' }) originalPayerClaimNumber!: string | null;
  @Field(() => [String]) conditionCodes!: string[];
  @Field() createdAt!: string;
}

@ObjectType({ description: 'Where an unpaid account is worked now: queue, reason, owner and aging.' })
export class WorkItem {
  @Field(() => ID) accountId!: string;
  @Field({ description: 'charge-review | coding | prebill | claim-edit | rejection | follow-up | denial | self-pay' }) queue!: string;
  @Field({ description: 'The edit, hold or denial category to work.' }) reason!: string;
  @Field(() => String, { nullable: true }) payerId!: string | null;
  @Field({ description: 'The team, or the biller who took it.' }) owner!: string;
  @Field(() => Int) amountCents!: number;
  @Field() agingFrom!: string;
  @Field({ description: '0-30 | 31-60 | 61-90 | 91-120 | 121-180 | >180' }) agingBucket!: string;
}

@ObjectType({ description: 'The attending physician the claim names (837I loop 2310A, UB-04 FL76), as ADT last recorded them.' })
export class AccountAttending {
  @Field({ description: 'NPI, check digit verified.' }) npi!: string;
  @Field() familyName!: string;
  @Field() givenName!: string;
  @Field({ description: 'NUCC taxonomy code (PRV03).' }) taxonomy!: string;
}

@ObjectType({ description: 'A charge that could not be priced or placed automatically, waiting on the charge-review queue.' })
export class HeldCharge {
  @Field(() => ID) id!: string;
  @Field() chargeCode!: string;
  @Field() serviceDate!: string;
  @Field(() => Int) quantity!: number;
  @Field({ description: 'What it was captured from: census-day | observation | dose | order | ed-visit | manual' }) sourceKind!: string;
  @Field() sourceId!: string;
  @Field({ description: 'CHARGE_CODE_NOT_FOUND | DOSE_UNIT_MISMATCH | ADMISSION_CANCELLED' }) problem!: string;
  @Field({ description: 'What is wrong and what to do, in words.' }) reason!: string;
  @Field() heldAt!: string;
}

@ObjectType({ description: 'The hospital account of a stay: an ED visit that became an admission stays on one account.' })
@Directive('@key(fields: "id")')
export class HospitalAccount {
  @Field(() => ID, { description: 'The account number, the claim’s patient control number (CLM01): HAR, 12 random digits and a check digit, never sequential.' }) id!: string;
  @Field(() => ID) patientId!: string;
  @Field({ description: 'emergency | observation | outpatient | inpatient' }) accountClass!: string;
  @Field() openedAt!: string;
  @Field(() => String, { nullable: true }) admittedAt!: string | null;
  @Field(() => String, { nullable: true }) dischargedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'UB-04 FL17 patient status.' }) dischargeStatus!: string | null;
  @Field(() => String, { nullable: true }) payerId!: string | null;
  @Field(() => String, { nullable: true }) payerName!: string | null;
  @Field(() => String, { nullable: true, description: 'ICD-10-CM principal diagnosis, once coded.' }) principalDiagnosis!: string | null;
  @Field(() => String, { nullable: true, description: 'MS-DRG from the grouper, once coded.' }) drg!: string | null;
  @Field(() => [String], { description: 'Bill holds placed: suspense, late-charges, manual...' }) holds!: string[];
  @Field(() => [ClaimEdit], { description: 'Scrubber edits stopping the claim now.' }) edits!: ClaimEdit[];
  @Field(() => Int) chargesCents!: number;
  @Field(() => Int) paidCents!: number;
  @Field(() => Int) writtenOffCents!: number;
  @Field(() => Int) balanceCents!: number;
  @Field(() => AccountAttending, { nullable: true, description: 'The attending physician the claim names; null until ADT records one.' }) attending!: AccountAttending | null;
  @Field(() => [HeldCharge], { description: 'Charges on the charge-review queue: not priced or not placeable, never dropped.' }) heldCharges!: HeldCharge[];
}

@ObjectType({ description: 'The patient in the revenue subgraph: their hospital accounts.' })
@Directive('@key(fields: "id")')
export class Patient {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'The encounter in the revenue subgraph: the account it bills on.' })
@Directive('@key(fields: "id")')
export class Encounter {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'How many accounts each work queue holds.' })
export class QueueCount {
  @Field() queue!: string;
  @Field(() => Int) accounts!: number;
}

@ObjectType()
export class AccountChanged {
  @Field(() => HospitalAccount) account!: HospitalAccount;
}

@ObjectType({ description: 'The claim was frozen and sent.' })
export class ClaimSent {
  @Field(() => Claim) claim!: Claim;
  @Field(() => HospitalAccount) account!: HospitalAccount;
}

@ObjectType({ description: 'The scrubber stopped the claim: nothing was sent; fix the edits and the claim is checked again.' })
export class ClaimStopped {
  @Field(() => [ClaimEdit]) edits!: ClaimEdit[];
  @Field(() => HospitalAccount) account!: HospitalAccount;
}

@ObjectType({ description: 'One claim payment of an 835 as posted.' })
export class PostedPayment {
  @Field(() => ID) accountId!: string;
  @Field() payerClaimNumber!: string;
  @Field({ description: 'CLP02: 1 processed as primary, 4 denied, 22 reversal...' }) claimStatus!: string;
  @Field(() => Int) paidCents!: number;
  @Field({ description: 'False when the payment matched no claim sent to that payer and is held as unapplied cash.' }) applied!: boolean;
}

@ObjectType()
export class RemittancePosted {
  @Field(() => [PostedPayment]) payments!: PostedPayment[];
}

export const AccountResult = createUnionType({ name: 'AccountResult', types: () => [AccountChanged, Refusal] as const });
export const ClaimResult = createUnionType({ name: 'ClaimResult', types: () => [ClaimSent, ClaimStopped, Refusal] as const });
export const RemittanceResult = createUnionType({ name: 'RemittanceResult', types: () => [RemittancePosted, Refusal] as const });

@InputType({ description: 'A postal address on a coverage or a guarantor.' })
export class InsuredAddressInput {
  @Field(() => [String]) line!: string[];
  @Field() city!: string;
  @Field() state!: string;
  @Field() postalCode!: string;
}

@InputType({ description: 'A subscriber or guarantor who is not the patient, as the card shows them.' })
export class InsuredPersonInput {
  @Field() familyName!: string;
  @Field() givenName!: string;
  @Field({ description: 'YYYY-MM-DD' }) birthDate!: string;
  @Field({ description: 'female | male | unknown' }) sex!: string;
  @Field(() => InsuredAddressInput, { nullable: true }) address?: InsuredAddressInput | null;
}

@InputType({ description: 'A payer covering the account at a rank.' })
export class CoverageInput {
  @Field(() => ID) accountId!: string;
  @Field({ defaultValue: 'primary', description: 'primary | secondary | tertiary' }) rank!: string;
  @Field() payerId!: string;
  @Field() payerName!: string;
  @Field({ description: 'Claim filing indicator (SBR09): MA, MB, MC, CI, BL, HM, 16' }) filingIndicator!: string;
  @Field() memberId!: string;
  @Field({ defaultValue: false, description: 'The contract wants the MS-DRG on the claim (HI*DR).' }) wantsDrg!: boolean;
  @Field(() => String, { nullable: true, description: 'The plan as the card names it.' }) planName?: string | null;
  @Field(() => String, { nullable: true, description: 'The group or policy number on the card (SBR03).' }) groupNumber?: string | null;
  @Field({ defaultValue: 'self', description: 'How the patient stands to the subscriber: self | spouse | child | other' }) relationship!: string;
  @Field(() => InsuredPersonInput, { nullable: true, description: 'The subscriber, when not the patient.' }) subscriber?: InsuredPersonInput | null;
  @Field(() => String, { nullable: true, description: 'First day covered, as eligibility was verified (YYYY-MM-DD).' }) effectiveFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'Last day covered (YYYY-MM-DD); none while open-ended.' }) effectiveThrough?: string | null;
}

@InputType({ description: 'The guarantor of the account: who answers for what the payers leave to the patient.' })
export class GuarantorInput {
  @Field(() => ID) accountId!: string;
  @Field({ defaultValue: 'self', description: 'How the patient stands to the guarantor: self | spouse | child | other' }) relationship!: string;
  @Field(() => InsuredPersonInput, { nullable: true, description: 'The guarantor, when not the patient.' }) person?: InsuredPersonInput | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@InputType({ description: 'An ICD-10-CM diagnosis with its present-on-admission indicator (Y, N, U, W; none for exempt codes).' })
export class DiagnosisInput {
  @Field({ description: 'Without the dot, e.g. E1122' }) code!: string;
  @Field(() => String, { nullable: true }) poa?: string;
}

@InputType({ description: 'An ICD-10-PCS procedure and its date.' })
export class ProcedureInput {
  @Field() code!: string;
  @Field({ description: 'YYYY-MM-DD' }) date!: string;
}

@InputType({ description: 'HIM coding of the account: diagnoses with POA, procedures, and the grouper result.' })
export class CodingInput {
  @Field(() => ID) accountId!: string;
  @Field(() => DiagnosisInput) principalDiagnosis!: DiagnosisInput;
  @Field(() => String, { nullable: true }) admittingDiagnosis?: string;
  @Field(() => [DiagnosisInput], { defaultValue: [] }) otherDiagnoses!: DiagnosisInput[];
  @Field(() => [ProcedureInput], { defaultValue: [] }) procedures!: ProcedureInput[];
  @Field(() => String, { nullable: true, description: 'MS-DRG, three digits' }) msDrg?: string;
  @Field(() => String, { nullable: true, description: 'Grouper version, e.g. 42' }) grouperVersion?: string;
}
