import { Refusal } from '@ehr/platform/nest';
import { createUnionType, Directive, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class MarQuantity {
  @Field(() => Float) value!: number;
  @Field({ description: 'UCUM code, e.g. mg, [iU], {tablet}' }) unit!: string;
}

@ObjectType({ description: 'An entry struck through as documented in error: who, when, why. The entry stays in the history.' })
export class MarCorrection {
  @Field() reason!: string;
  @Field() by!: string;
  @Field() at!: string;
}

@ObjectType({ description: 'A correction to a given entry, with the values it replaced.' })
export class MarAmendment {
  @Field(() => MarQuantity, { nullable: true }) previousAmount!: MarQuantity | null;
  @Field(() => String, { nullable: true }) previousSite!: string | null;
  @Field() previousGivenAt!: string;
  @Field() reason!: string;
  @Field() by!: string;
  @Field() at!: string;
}

@ObjectType({ description: 'One documentation of a dose: given, held, refused or not given.' })
export class MarEntry {
  @Field(() => ID) id!: string;
  @Field({ description: 'given | held | refused | not-given' }) outcome!: string;
  @Field() by!: string;
  @Field({ description: 'When it happened (UTC).' }) at!: string;
  @Field({ description: 'The same instant on the unit clock, with its zone: "01:30 EST".' }) atLocal!: string;
  @Field(() => MarQuantity, { nullable: true }) amount!: MarQuantity | null;
  @Field(() => String, { nullable: true }) site!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was held, refused or not given; for a partial dose, why only part was given.' }) reason!: string | null;
  @Field(() => MarQuantity, { nullable: true, description: 'A partial dose: the dose that was ordered (amount is what was given).' }) partialOf!: MarQuantity | null;
  @Field(() => MarCorrection, { nullable: true }) inError!: MarCorrection | null;
  @Field(() => [MarAmendment]) amendments!: MarAmendment[];
}

@ObjectType({ description: 'An as-needed dose given: its effect is reassessed by reassessmentDueAt.' })
export class MarPrnFollowUp {
  @Field() reassessmentDueAt!: string;
  @Field(() => String, { nullable: true }) reassessedAt!: string | null;
  @Field() reassessmentOverdue!: boolean;
}

@ObjectType({ description: 'The packages scanned for a dose so far, against what the ordered dose takes.' })
export class MarScannedPackages {
  @Field(() => Int) count!: number;
  @Field(() => MarQuantity, { description: 'What one package holds, in the ordered unit.' }) packageAmount!: MarQuantity;
  @Field(() => Int, { nullable: true, description: 'How many packages the ordered dose takes; null when the package is measured in another unit.' }) needed!: number | null;
}

@ObjectType({ description: 'A scheduled dose or an as-needed administration on the MAR (FHIR MedicationAdministration).' })
export class MarDose {
  @Field(() => ID) id!: string;
  @Field({ description: 'scheduled | prn' }) kind!: string;
  @Field(() => ID) orderId!: string;
  @Field(() => ID) patientId!: string;
  @Field() drugId!: string;
  @Field() drugName!: string;
  @Field({ description: 'The ordered dose as the nurse reads it: "25 mg".' }) dose!: string;
  @Field(() => MarQuantity) ordered!: MarQuantity;
  @Field() route!: string;
  @Field({ description: 'BID, q4h, once, PRN...' }) schedule!: string;
  @Field(() => String, { nullable: true }) dueAt!: string | null;
  @Field(() => String, { nullable: true, description: 'Due time on the unit clock with its zone: "01:00 EDT".' }) dueLocal!: string | null;
  @Field({ description: 'open | given | held | refused | not-given | cancelled' }) status!: string;
  @Field(() => String, {
    nullable: true,
    description: 'For an open scheduled dose: upcoming | due | late | missed (ISMP windows) | on-hold (the order is held). Null once documented.',
  })
  timing!: string | null;
  @Field() timeCritical!: boolean;
  @Field({ description: 'ISMP high-alert: a second nurse checks it independently.' }) highAlert!: boolean;
  @Field({ description: 'The order is not verified by pharmacy yet (a STAT dose may be given first, with a reason).' }) awaitingVerification!: boolean;
  @Field(() => String, { nullable: true, description: 'DEA schedule: waste needs a witness.' }) controlledSchedule!: string | null;
  @Field() wristbandVerified!: boolean;
  @Field() productVerified!: boolean;
  @Field(() => MarScannedPackages, { nullable: true, description: 'Null until a package is scanned for this dose.' }) scannedPackages!: MarScannedPackages | null;
  @Field(() => String, { nullable: true }) cancelledReason!: string | null;
  @Field(() => String, { nullable: true }) indication!: string | null;
  @Field(() => [MarEntry]) entries!: MarEntry[];
  @Field(() => MarPrnFollowUp, { nullable: true }) prn!: MarPrnFollowUp | null;
}

@ObjectType({ description: 'An as-needed order the nurse may give a dose of, with when it may next be given.' })
export class MarPrnOrder {
  @Field(() => ID) orderId!: string;
  @Field() drugName!: string;
  @Field() dose!: string;
  @Field() route!: string;
  @Field() indication!: string;
  @Field(() => Int) minIntervalMinutes!: number;
  @Field() maxPer24h!: string;
  @Field() highAlert!: boolean;
  @Field(() => String, { nullable: true }) lastGivenAt!: string | null;
  @Field(() => String, { nullable: true, description: 'On the unit clock; null when it may be given now.' }) nextEligibleLocal!: string | null;
}

@ObjectType({ description: 'The patient in the eMAR subgraph.' })
@Directive('@key(fields: "id")')
export class Patient {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: "One patient's MAR for a nursing shift." })
export class MarShift {
  @Field(() => ID) patientId!: string;
  @Field(() => Patient, { description: "The patient record (name, MRN from ADT)." }) patient!: Patient;
  @Field() shiftStart!: string;
  @Field() shiftEnd!: string;
  @Field(() => String, { nullable: true }) unitId!: string | null;
  @Field(() => String, { nullable: true }) bedId!: string | null;
  @Field(() => [MarDose], { description: 'Doses due in the shift, open doses carried over from before it, and PRN doses given in it.' }) doses!: MarDose[];
  @Field(() => [MarPrnOrder]) prnOrders!: MarPrnOrder[];
}

@ObjectType({ description: 'A dose needing the nurse on a unit: due, late, missed, or a PRN awaiting reassessment.' })
export class DueDose {
  @Field(() => String, { nullable: true }) bedId!: string | null;
  @Field(() => MarDose) dose!: MarDose;
  @Field(() => Patient) patient!: Patient;
}

@ObjectType({ description: 'A wristband or package entered by hand instead of scanned.' })
export class ManualEntry {
  @Field(() => ID) doseId!: string;
  @Field(() => ID) patientId!: string;
  @Field({ description: 'wristband | product' }) what!: string;
  @Field() reason!: string;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field() by!: string;
  @Field() at!: string;
}

@ObjectType({ description: 'The step was recorded; the dose as it now stands.' })
export class DoseChanged {
  @Field(() => ID) doseId!: string;
}

@ObjectType()
export class WristbandPatient {
  @Field(() => ID) patientId!: string;
  @Field(() => Patient) patient!: Patient;
}

export const DoseResult = createUnionType({ name: 'DoseResult', types: () => [DoseChanged, Refusal] as const });
export const WristbandResult = createUnionType({ name: 'WristbandResult', types: () => [WristbandPatient, Refusal] as const });

@InputType()
export class MarQuantityInput {
  @Field(() => Float) value!: number;
  @Field({ description: 'UCUM: mg, g, mcg, [iU], meq, mL, {tablet}, {capsule}, {vial}' }) unit!: string;
}

@InputType({ description: 'A wristband: scanned (the barcode text), or confirmed by hand with two identifiers and a reason.' })
export class WristbandInput {
  @Field(() => String, { nullable: true, description: 'The scanned barcode, "PID:" and the MRN.' }) scan?: string;
  @Field(() => [String], { nullable: true, description: 'manual: two of name | date-of-birth | mrn' }) identifiersConfirmed?: string[];
  @Field(() => String, { nullable: true, description: 'manual: wristband-unreadable | no-wristband | scanner-unavailable | emergency | other' }) manualReason?: string;
  @Field(() => String, { nullable: true }) comment?: string;
}

@InputType({ description: 'A package: scanned (the barcode text), or its NDC typed from the label with a reason.' })
export class ProductInput {
  @Field(() => String, { nullable: true }) scan?: string;
  @Field(() => String, { nullable: true, description: 'manual: the 11-digit NDC, 5-4-2 with hyphens' }) ndc11?: string;
  @Field(() => String, { nullable: true, description: 'manual: barcode-unreadable | no-barcode | scanner-unavailable | emergency | other' }) manualReason?: string;
  @Field(() => String, { nullable: true }) comment?: string;
}

@InputType({ description: 'Why a STAT order is given before pharmacist verification; pharmacy reviews the dose afterwards.' })
export class VerificationOverrideInput {
  @Field({ description: 'life-threatening-emergency | delay-would-harm-patient | pharmacy-unavailable | other' }) reason!: string;
  @Field(() => String, { nullable: true }) comment?: string;
}

@InputType({ description: 'A dose given. The second nurse (high-alert) and the waste witness sign in themselves with cosignDose.' })
export class GivenInput {
  @Field(() => ID) doseId!: string;
  @Field(() => MarQuantityInput) amount!: MarQuantityInput;
  @Field() route!: string;
  @Field(() => String, { nullable: true }) site?: string;
  @Field(() => MarQuantityInput, { nullable: true, description: 'Controlled substances: the rest of the package, wasted before the witness.' }) wasted?: MarQuantityInput;
  @Field(() => String, { nullable: true, description: 'Outside the window or before the PRN interval: patient-off-unit | delayed-by-procedure | prescriber-instruction | patient-request | clinical-need | other' })
  timingReason?: string;
  @Field(() => String, { nullable: true }) timingComment?: string;
  @Field(() => Int, { nullable: true, description: 'Packages used, when the nurse confirms a count instead of scanning each; left out, as many as were scanned.' })
  packages?: number;
  @Field(() => String, {
    nullable: true,
    description: 'Less than the ordered dose: medication-unavailable | patient-unable-to-take | patient-refused-part | vomiting | prescriber-instruction | other',
  })
  partialReason?: string;
  @Field(() => String, { nullable: true }) partialComment?: string;
  @Field(() => String, { nullable: true, description: 'A double tap sends the same key and documents once.' }) idempotencyKey?: string;
}

@InputType()
export class PrnGivenInput extends GivenInput {
  @Field({ description: 'Why it is given now, e.g. pain 7/10.' }) indication!: string;
  @Field(() => Int, { nullable: true }) painScore?: number;
}

@InputType({ description: 'A correction to a given entry: at least one of amount, site, givenAt, and why.' })
export class AmendInput {
  @Field(() => ID) doseId!: string;
  @Field(() => ID) entryId!: string;
  @Field(() => MarQuantityInput, { nullable: true }) amount?: MarQuantityInput;
  @Field(() => String, { nullable: true }) site?: string;
  @Field(() => String, { nullable: true }) givenAt?: string;
  @Field() reason!: string;
}
