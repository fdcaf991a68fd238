import { Refusal } from '@ehr/platform/nest';
import { createUnionType, Directive, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'An alert answered with an override when the order was signed.' })
export class OverriddenAlert {
  @Field() message!: string;
  @Field({ description: 'The coded override reason, e.g. tolerated-previously, benefit-outweighs-risk.' }) reason!: string;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field() by!: string;
}

@ObjectType()
export class Quantity {
  @Field(() => Float) value!: number;
  @Field({ description: 'UCUM code, e.g. mg, {tablet}' }) unit!: string;
}

@ObjectType({ description: 'How often a medication is given.' })
export class Frequency {
  @Field({ description: 'scheduled | interval | once | stat | prn' }) type!: string;
  @Field(() => String, { nullable: true, description: 'daily, BID, TID, QID; or q1h..q12h' }) code!: string | null;
  @Field(() => [String], { nullable: true, description: 'Wall-clock times in the facility zone (scheduled).' }) times!: string[] | null;
  @Field(() => Int, { nullable: true }) minIntervalMinutes!: number | null;
  @Field(() => Quantity, { nullable: true }) maxPer24h!: Quantity | null;
  @Field(() => String, { nullable: true }) indication!: string | null;
}

@ObjectType({ description: 'A medication order as signed.' })
export class MedicationDetails {
  @Field(() => ID) drugId!: string;
  @Field() drugName!: string;
  @Field(() => Quantity) dose!: Quantity;
  @Field() route!: string;
  @Field(() => Frequency) frequency!: Frequency;
  @Field() timeCritical!: boolean;
  @Field({ description: 'ISMP high-alert: a second nurse checks each dose.' }) highAlert!: boolean;
  @Field(() => String, { nullable: true }) controlledSchedule!: string | null;
  @Field(() => String, { nullable: true }) indication!: string | null;
  @Field(() => String, { nullable: true }) instructions!: string | null;
}

@ObjectType({ description: 'A CPOE order: medication, lab, imaging, diet or nursing.' })
@Directive('@key(fields: "id")')
export class Order {
  @Field(() => ID) id!: string;
  @Field(() => ID) patientId!: string;
  @Field(() => ID) encounterId!: string;
  @Field({ description: 'medication | lab | imaging | diet | nursing' }) kind!: string;
  @Field({ description: 'active | on-hold | discontinued | completed | expired | rejected' }) status!: string;
  @Field({ description: 'Medication orders: pending until a pharmacist verifies them (then verified); other orders: not-required.' }) verification!: string;
  @Field({ description: 'The FHIR resource this order is: MedicationRequest, ServiceRequest or NutritionOrder.' }) fhirResourceType!: string;
  @Field({ description: 'The FHIR status of that resource, e.g. draft (awaiting pharmacist), active, on-hold, stopped, revoked, completed.' }) fhirStatus!: string;
  @Field({ description: 'routine | urgent | asap | stat' }) priority!: string;
  @Field({ description: 'The order in one line, as a worklist shows it.' }) summary!: string;
  @Field(() => MedicationDetails, { nullable: true, description: 'What a medication order asks for; null for other kinds.' }) medication!: MedicationDetails | null;
  @Field({ description: 'Who signed it.' }) orderedBy!: string;
  @Field() placedAt!: string;
  @Field() startAt!: string;
  @Field(() => String, { nullable: true }) stopAt!: string | null;
  @Field(() => [OverriddenAlert]) alertsOverridden!: OverriddenAlert[];
  @Field({ description: 'A prescriber must review this order (see reviewReason).' }) reviewPending!: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'Why it needs review: level-of-care (the patient moved to another level of care) | discharge-cancelled (reinstated after a cancelled discharge) | time-critical-dose-not-given (held, refused or not given at the bedside).',
  })
  reviewReason!: string | null;
  @Field(() => String, { nullable: true, description: 'What happened, for a time-critical dose not given: "refused (patient-refused) by rn-1".' }) reviewNote!: string | null;
  @Field({ description: 'A STAT dose was given before pharmacist verification (with the nurse’s reason): verifying the order reviews it.' }) givenBeforeVerification!: boolean;
  @Field(() => String, { nullable: true }) verifiedBy!: string | null;
  @Field(() => String, { nullable: true }) endedAt!: string | null;
  @Field(() => String, { nullable: true }) endedReason!: string | null;
}

@ObjectType({ description: 'An allergy or intolerance on the patient’s list.' })
export class Allergy {
  @Field(() => ID) id!: string;
  @Field(() => ID) patientId!: string;
  @Field({ description: 'An ingredient or drug class code, e.g. penicillins, sulfonamides.' }) substanceCode!: string;
  @Field() substance!: string;
  @Field(() => String, { nullable: true }) reaction!: string | null;
  @Field({ description: 'low | high | unable-to-assess' }) criticality!: string;
  @Field() recordedBy!: string;
  @Field() recordedAt!: string;
}

@ObjectType({ description: 'A medication on the hospital formulary.' })
export class FormularyDrug {
  @Field(() => ID) id!: string;
  @Field({ description: 'RxNorm-style name: ingredient, strength, dose form.' }) name!: string;
  @Field(() => [String], { description: 'Units a dose may be ordered in.' }) doseUnits!: string[];
  @Field(() => [String]) routes!: string[];
  @Field() therapeuticClass!: string;
  @Field({ description: 'ISMP high-alert medication: a second nurse checks each dose.' }) highAlert!: boolean;
  @Field(() => String, { nullable: true, description: 'DEA schedule, e.g. CII.' }) controlledSchedule!: string | null;
  @Field() timeCritical!: boolean;
}

@ObjectType({ description: 'The patient in the orders subgraph: their orders and allergies.' })
@Directive('@key(fields: "id")')
export class Patient {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'The encounter in the orders subgraph: its orders.' })
@Directive('@key(fields: "id")')
export class Encounter {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'An order-entry safety alert that needs a coded override reason before the order can be signed.' })
export class OrderAlert {
  @Field({ description: 'allergy | duplicate-ingredient | duplicate-class | dose-range' }) kind!: string;
  @Field({ description: 'Quote it in an override to answer this alert.' }) key!: string;
  @Field() message!: string;
}

@ObjectType()
export class OrderChanged {
  @Field(() => Order) order!: Order;
}

@ObjectType({ description: 'The order was not signed: each alert needs an override (alert key and coded reason), or change the order.' })
export class OrderAlertsRaised {
  @Field(() => [OrderAlert]) alerts!: OrderAlert[];
}

@ObjectType()
export class AllergyChanged {
  @Field(() => [Allergy], { description: 'The patient’s allergy list after the change.' }) allergies!: Allergy[];
}

export const PlaceOrderResult = createUnionType({ name: 'PlaceOrderResult', types: () => [OrderChanged, OrderAlertsRaised, Refusal] as const });
export const OrderResult = createUnionType({ name: 'OrderResult', types: () => [OrderChanged, Refusal] as const });
export const AllergyResult = createUnionType({ name: 'AllergyResult', types: () => [AllergyChanged, Refusal] as const });

@InputType()
export class QuantityInput {
  @Field(() => Float) value!: number;
  @Field({ description: 'UCUM: mg, g, mcg, [iU], meq, mL, {tablet}, {capsule}, {vial}' }) unit!: string;
}

@InputType({ description: 'How often: exactly one of the shapes, chosen by type.' })
export class FrequencyInput {
  @Field({ description: 'scheduled (daily, BID, TID, QID at standard or given times) | interval (q1h..q12h) | once | stat | prn' }) type!: string;
  @Field(() => String, { nullable: true, description: 'scheduled: daily | BID | TID | QID; interval: q1h | q2h | q3h | q4h | q6h | q8h | q12h' }) code?: string;
  @Field(() => [String], { nullable: true, description: 'scheduled: wall-clock times HH:mm; omit for the pharmacy standard times' }) times?: string[];
  @Field(() => Int, { nullable: true, description: 'prn: minimum minutes between doses' }) minIntervalMinutes?: number;
  @Field(() => QuantityInput, { nullable: true, description: 'prn: the most in any 24 hours' }) maxPer24h?: QuantityInput;
  @Field(() => String, { nullable: true, description: 'prn: what it is for, e.g. pain 4-6/10' }) indication?: string;
}

@InputType({ description: 'The answer to one order-entry alert.' })
export class AlertOverrideInput {
  @Field() alertKey!: string;
  @Field({ description: 'tolerated-previously | benefit-outweighs-risk | will-monitor | allergy-information-inaccurate | other' }) reason!: string;
  @Field(() => String, { nullable: true, description: 'Required when the reason is other.' }) comment?: string;
}

@InputType()
export class OrderCommonInput {
  @Field(() => String, { nullable: true, description: 'Send the same key again (a double tap, a retry) and no second order is placed; the first is returned.' })
  idempotencyKey?: string;
  @Field(() => ID) patientId!: string;
  @Field(() => ID) encounterId!: string;
  @Field({ defaultValue: 'routine', description: 'routine | urgent | asap | stat' }) priority!: string;
  @Field(() => String, { nullable: true, description: 'ISO 8601 with offset; default now.' }) start?: string;
  @Field(() => String, { nullable: true, description: 'ISO 8601 with offset; none = until discontinued.' }) stop?: string;
  @Field(() => [AlertOverrideInput], { defaultValue: [] }) overrides!: AlertOverrideInput[];
}

@InputType()
export class MedicationOrderInput extends OrderCommonInput {
  @Field(() => ID, { description: 'A formulary drug id (see the formulary query).' }) drugId!: string;
  @Field(() => QuantityInput) dose!: QuantityInput;
  @Field({ description: 'oral | sublingual | intravenous | intramuscular | subcutaneous | rectal | topical | inhalation | enteral-tube' }) route!: string;
  @Field(() => FrequencyInput) frequency!: FrequencyInput;
  @Field(() => Boolean, { nullable: true, description: 'Omit to let the hospital list decide.' }) timeCritical?: boolean;
  @Field(() => String, { nullable: true }) indication?: string;
  @Field(() => String, { nullable: true }) instructions?: string;
}

@InputType()
export class LabOrderInput extends OrderCommonInput {
  @Field({ description: 'LOINC code, e.g. 2345-7' }) loinc!: string;
  @Field() display!: string;
  @Field({ description: 'blood | urine | csf | sputum | stool | swab' }) specimen!: string;
}

@InputType()
export class ImagingOrderInput extends OrderCommonInput {
  @Field({ description: 'XR | CT | MR | US | NM' }) modality!: string;
  @Field() study!: string;
  @Field() bodySite!: string;
  @Field() reason!: string;
  @Field({ defaultValue: false }) contrast!: boolean;
}

@InputType()
export class DietOrderInput extends OrderCommonInput {
  @Field({ description: 'regular | npo | clear-liquid | full-liquid | soft | cardiac | consistent-carbohydrate | renal' }) diet!: string;
  @Field(() => Int, { nullable: true }) fluidRestrictionMl?: number;
  @Field(() => String, { nullable: true }) instructions?: string;
}

@InputType()
export class NursingOrderInput extends OrderCommonInput {
  @Field() instruction!: string;
}

@InputType()
export class AllergyInput {
  @Field(() => ID) patientId!: string;
  @Field({ description: 'An ingredient or drug class, e.g. penicillins, sulfonamides, amoxicillin.' }) substanceCode!: string;
  @Field({ description: 'How it reads on the chart, e.g. Penicillins.' }) substance!: string;
  @Field(() => String, { nullable: true, description: 'e.g. hives, anaphylaxis' }) reaction?: string;
  @Field({ description: 'low | high | unable-to-assess' }) criticality!: string;
}
