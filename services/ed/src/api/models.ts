import { Refusal } from '@ehr/platform/nest';
import { createUnionType, Directive, Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A board clock: elapsed minutes and the colour its thresholds give it.' })
export class EdTimer {
  @Field() startedAt!: string;
  @Field(() => String, { nullable: true, description: 'Null while the clock runs.' }) stoppedAt!: string | null;
  @Field(() => Float) elapsedMinutes!: number;
  @Field({ description: 'normal | yellow | red' }) level!: string;
  @Field(() => Float, { description: 'Where the clock turns yellow.' }) yellowAtMinutes!: number;
  @Field(() => Float, { description: 'Where the clock turns red.' }) redAtMinutes!: number;
}

@ObjectType()
export class EdTimers {
  @Field(() => EdTimer, { description: 'Arrival to the first treatment space.' }) doorToRoom!: EdTimer;
  @Field(() => EdTimer, { nullable: true, description: 'Arrival to the first provider; the target depends on the ESI, so null until triage.' }) doorToProvider!: EdTimer | null;
  @Field(() => EdTimer, { nullable: true, description: 'From the first decision to admit until the patient leaves for the bed.' }) boarding!: EdTimer | null;
  @Field(() => EdTimer) lengthOfStay!: EdTimer;
}

@ObjectType({ description: 'A vital sign in the ESI danger zone and the limit it crossed for the patient’s age.' })
export class DangerZoneFinding {
  @Field({ description: 'heart-rate | respiratory-rate | oxygen-saturation' }) sign!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float) limit!: number;
}

@ObjectType({ description: 'The inpatient bed asked for a boarding patient.' })
export class EdBedRequest {
  @Field({ description: 'open | assigned | cancelled (by bed placement: decide to admit again to ask anew)' }) status!: string;
  @Field(() => String, { nullable: true }) bedId!: string | null;
  @Field(() => String, { nullable: true }) unitId!: string | null;
  @Field(() => String, { nullable: true, description: 'Why bed placement cancelled the request.' }) cancelledReason!: string | null;
}

@ObjectType({ description: 'The patient in the ED subgraph: their ED visits.' })
@Directive('@key(fields: "id")')
export class Patient {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'An emergency department visit, as one row of the tracking board.' })
@Directive('@key(fields: "id")')
export class EdVisit {
  @Field(() => ID) id!: string;
  @Field(() => ID) patientId!: string;
  @Field(() => Patient, { description: 'The ADT patient: name, MRN, birth date come from ADT.' }) patient!: Patient;
  @Field() arrivedAt!: string;
  @Field({ description: 'walk-in | ambulance | transfer' }) arrivalMode!: string;
  @Field(() => Int, { nullable: true, description: 'Emergency Severity Index, 1 most urgent; null before triage.' }) esi!: number | null;
  @Field(() => Int, { nullable: true, description: 'After a re-triage: the level it replaced.' }) previousEsi!: number | null;
  @Field(() => String, { nullable: true, description: 'After a re-triage: why the patient was triaged again.' }) retriageReason!: string | null;
  @Field(() => String, { nullable: true }) chiefComplaint!: string | null;
  @Field(() => [DangerZoneFinding], { description: 'Danger-zone vital signs at triage, for the flag beside the ESI.' }) dangerZone!: DangerZoneFinding[];
  @Field(() => String, { nullable: true, description: 'null if the prompt was not shown; accepted | declined' }) dangerZoneAnswer!: string | null;
  @Field(() => String, { nullable: true, description: 'The treatment space (room, hallway bed).' }) roomId!: string | null;
  @Field({ description: 'waiting | triaged | roomed | seen-by-provider | results-pending | disposition-decided | boarding | departed' }) status!: string;
  @Field(() => String, { nullable: true }) providerId!: string | null;
  @Field(() => String, { nullable: true }) nurseId!: string | null;
  @Field(() => String, { nullable: true, description: 'admitted | discharged | transferred | lwbs | ama | expired: decided, or what the visit closed with.' }) disposition!: string | null;
  @Field(() => EdBedRequest, { nullable: true, description: 'A boarding patient’s bed request: open until bed placement assigns a bed or cancels the request.' }) bedRequest!: EdBedRequest | null;
  @Field(() => String, { nullable: true }) departedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'UB-04 discharge status of the departure (09 admitted, 07 AMA or LWBS, 20 expired ...).' }) dischargeStatus!: string | null;
  @Field(() => Float, { nullable: true, description: 'Minutes from the first decision to admit to departure, once departed as admitted.' }) boardingMinutes!: number | null;
  @Field(() => EdTimers) timers!: EdTimers;
  @Field({ description: 'active: on the board; look-up: departed, kept for the configured hours.' }) view!: string;
}

@ObjectType({ description: 'The tracking board at one moment.' })
export class EdBoard {
  @Field({ description: 'The time the clocks were read at.' }) asOf!: string;
  @Field(() => [EdVisit], { description: 'ESI 1 first, then by arrival.' }) visits!: EdVisit[];
}

@ObjectType()
export class EdVisitChanged {
  @Field(() => EdVisit) visit!: EdVisit;
}

@ObjectType({ description: 'Triage was not saved: danger-zone vital signs. Accept (and triage as ESI 2) or decline to keep the level.' })
export class DangerZonePrompt {
  @Field() message!: string;
  @Field(() => [DangerZoneFinding]) findings!: DangerZoneFinding[];
  @Field(() => Int) suggestedEsi!: number;
}

export const EdVisitResult = createUnionType({ name: 'EdVisitResult', types: () => [EdVisitChanged, Refusal] as const });
export const TriageResult = createUnionType({ name: 'TriageResult', types: () => [EdVisitChanged, DangerZonePrompt, Refusal] as const });

@ObjectType()
export class MedianMinutes {
  @Field(() => Int) visits!: number;
  @Field(() => Float, { nullable: true, description: 'Null when no visit qualifies.' }) medianMinutes!: number | null;
}

@ObjectType()
export class Rate {
  @Field(() => Int) numerator!: number;
  @Field(() => Int) denominator!: number;
  @Field(() => Float, { nullable: true, description: 'Null when the denominator is zero.' }) rate!: number | null;
}

@ObjectType({ description: 'OP-18: arrival to departure of patients released from the ED, with its strata.' })
export class Op18 {
  @Field(() => MedianMinutes) all!: MedianMinutes;
  @Field(() => MedianMinutes) mentalHealth!: MedianMinutes;
  @Field(() => MedianMinutes) transferredToAcuteHospital!: MedianMinutes;
  @Field(() => MedianMinutes) other!: MedianMinutes;
}

@ObjectType({ description: 'ECAT: visits with any access gap, and the count of each gap.' })
export class Ecat {
  @Field(() => Rate) any!: Rate;
  @Field(() => Int) waitedForRoom!: number;
  @Field(() => Int) leftWithoutBeingEvaluated!: number;
  @Field(() => Int) boarded!: number;
  @Field(() => Int) longStay!: number;
}

@ObjectType({ description: 'ED measures over the visits that departed in a period.' })
export class EdMeasures {
  @Field() from!: string;
  @Field() to!: string;
  @Field(() => Op18, { description: 'Median arrival to departure, discharged patients (OP-18).' }) arrivalToDeparture!: Op18;
  @Field(() => MedianMinutes, { description: 'Median arrival to first provider; patients never seen left out.' }) doorToProvider!: MedianMinutes;
  @Field(() => MedianMinutes, { description: 'ED-2: median decision to admit to departure, admitted patients.' }) admitDecisionToDeparture!: MedianMinutes;
  @Field({ description: 'Which documented decision ED-2 counts: first-documented | closest-to-admission.' }) admissionDecisionRule!: string;
  @Field(() => Rate, { description: 'OP-22: left without being seen.' }) leftWithoutBeingSeen!: Rate;
  @Field(() => Ecat) ecat!: Ecat;
}

@InputType({ description: 'Which rows the board shows; every filter left out shows all.' })
export class EdBoardFilter {
  @Field({ defaultValue: 'active', description: 'active | look-up' }) view!: string;
  @Field(() => [Int], { nullable: true }) esi?: number[];
  @Field(() => [String], { nullable: true }) status?: string[];
  @Field(() => String, { nullable: true }) providerId?: string;
  @Field(() => String, { nullable: true }) nurseId?: string;
  @Field(() => Boolean, { nullable: true, description: 'true: only patients no provider has taken yet.' }) withoutProvider?: boolean;
}

@InputType({ description: 'Triage vital signs; leave out what was not taken.' })
export class VitalSignsInput {
  @Field(() => Int, { nullable: true }) heartRate?: number;
  @Field(() => Int, { nullable: true }) respiratoryRate?: number;
  @Field(() => Float, { nullable: true }) oxygenSaturation?: number;
  @Field(() => Int, { nullable: true }) systolicPressure?: number;
  @Field(() => Int, { nullable: true }) diastolicPressure?: number;
  @Field(() => Float, { nullable: true }) temperatureCelsius?: number;
  @Field(() => Int, { nullable: true }) painScore?: number;
}

@InputType()
export class TriageInput {
  @Field(() => ID) visitId!: string;
  @Field(() => Int, { description: '1-5' }) esi!: number;
  @Field() chiefComplaint!: string;
  @Field(() => VitalSignsInput) vitals!: VitalSignsInput;
  @Field(() => Int, { description: 'The danger-zone limits depend on age; an estimate for an unidentified patient.' }) ageInMonths!: number;
  @Field(() => String, { nullable: true, description: 'The answer to a danger-zone prompt: accepted | declined.' }) dangerZoneAnswer?: string;
  @Field(() => String, { nullable: true, description: 'Triage again a patient already triaged (the condition changed): why. Leave out for the first triage.' })
  retriageReason?: string;
  @Field(() => String, { nullable: true, description: 'When it happened, ISO 8601 with offset; default now.' }) at?: string;
}
