import { Refusal } from '@ehr/platform/nest';
import { Directive, Field, ID, InputType, Int, ObjectType, createUnionType } from '@nestjs/graphql';

@ObjectType({ description: 'A person registered at the hospital. Retired (merged) records point at their survivor.' })
@Directive('@key(fields: "id")')
export class Patient {
  @Field(() => ID) id!: string;
  @Field({ description: 'Medical record number: seven digits and a Luhn check digit.' }) mrn!: string;
  @Field() familyName!: string;
  @Field({ description: 'Given names, space separated.' }) givenNames!: string;
  @Field(() => String, { nullable: true, description: 'Birth date, YYYY-MM-DD; null only while the patient is unidentified (never a placeholder date).' })
  birthDate!: string | null;
  @Field({ description: 'female | male | other | unknown' }) sex!: string;
  @Field({ description: 'active, or merged into another record' }) status!: string;
  @Field(() => ID, { nullable: true, description: 'The surviving record when this one was merged.' }) mergedInto!: string | null;
  @Field({ description: 'Registered under a generated alias; the name is not the patient’s.' }) unidentified!: boolean;
  @Field(() => Int, { nullable: true, description: 'Age as staff estimated it for an unidentified patient.' }) estimatedAgeYears!: number | null;
  @Field({ description: 'The name or MRN changed (identified or merged): print a new wristband and put it on.' }) wristbandReprintNeeded!: boolean;
  /** Set when the record is read as of a past instant: its phone, address and encounters are then as of that instant too. */
  asOf?: { at: string; phone: string | null; address: Address | null };
}

@ObjectType()
export class Address {
  @Field(() => [String]) line!: string[];
  @Field() city!: string;
  @Field() state!: string;
  @Field() postalCode!: string;
}

@ObjectType({ description: 'One registration, identification or correction of the demographics, as recorded.' })
export class DemographicsVersion {
  @Field(() => Int, { description: 'Its place in the history: 1 is the registration, each identification or correction the next number.' }) number!: number;
  @Field({ description: 'When it was recorded (UTC, ISO 8601).' }) at!: string;
  @Field({ description: 'Who recorded it.' }) by!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => [String], { description: 'What changed: name, birthDate, sex, phone, address.' }) changed!: string[];
  @Field() familyName!: string;
  @Field() givenNames!: string;
  @Field() birthDate!: string;
  @Field() sex!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => Address, { nullable: true }) address!: Address | null;
}

@ObjectType({ description: 'A physician in the provider registry.' })
export class Provider {
  @Field({ description: 'National Provider Identifier, ten digits with a Luhn check digit.' }) npi!: string;
  @Field() familyName!: string;
  @Field() givenName!: string;
  @Field({ description: 'NUCC health care provider taxonomy code.' }) taxonomy!: string;
}

@ObjectType({ description: 'The patient class from a moment on.' })
export class ClassPeriod {
  @Field({ description: 'inpatient | observation | emergency' }) class!: string;
  @Field({ description: 'When the class took effect (UTC, ISO 8601).' }) from!: string;
}

@ObjectType({ description: 'The Medicare Outpatient Observation Notice owed for an observation stay past 24 hours.' })
export class ObservationNoticeDue {
  @Field() observationStartedAt!: string;
  @Field({ description: 'From when the notice is owed: 24 hours of observation.' }) requiredAt!: string;
  @Field({ description: 'Deliver no later than this: 36 hours after observation began.' }) dueBy!: string;
}

@ObjectType({ description: 'One hospital stay or visit: pre-admission, admission, transfers, leave, discharge.' })
@Directive('@key(fields: "id")')
export class Encounter {
  @Field(() => ID) id!: string;
  @Field(() => ID) patientId!: string;
  @Field({ description: 'inpatient | observation | emergency' }) class!: string;
  @Field({ description: 'FHIR Encounter.status: planned, in-progress, onleave, finished, cancelled' }) status!: string;
  @Field(() => ID, { nullable: true }) bedId!: string | null;
  @Field(() => ID, { nullable: true }) unitId!: string | null;
  @Field(() => String, { nullable: true, description: 'When the admission took effect (UTC, ISO 8601).' }) admittedAt!: string | null;
  @Field(() => String, { nullable: true }) dischargedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'UB-04 discharge status code, e.g. 01 home.' }) disposition!: string | null;
  @Field(() => [ClassPeriod], { description: 'Every class the encounter has had, oldest first (FHIR classHistory).' }) classHistory!: ClassPeriod[];
}

@ObjectType({ description: 'A bed as the bed board shows it.' })
export class Bed {
  @Field(() => ID) id!: string;
  @Field(() => ID) unitId!: string;
  @Field(() => ID) roomId!: string;
  @Field() label!: string;
  @Field({ description: 'available | reserved | occupied | dirty | cleaning | blocked' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Isolation precautions in force, if any.' }) isolation!: string | null;
  @Field(() => String, { nullable: true }) blockedReason!: string | null;
  @Field(() => ID, { nullable: true }) patientId!: string | null;
  @Field(() => ID, { nullable: true }) encounterId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The ED visit in this room, when the ED has roomed a patient here.' }) edVisitId!: string | null;
  @Field(() => String, { nullable: true, description: 'Since when the bed has waited for cleaning.' }) dirtySince!: string | null;
  @Field(() => Int, { nullable: true, description: 'Minutes from dirty to clean, the last time it was cleaned.' }) lastTurnaroundMinutes!: number | null;
}

@ObjectType()
export class CensusLine {
  @Field(() => ID) unitId!: string;
  @Field({ description: 'inpatient | observation | emergency; observation is counted apart.' }) class!: string;
  @Field(() => Int, { description: 'In a bed on the unit at midnight ending the date.' }) patients!: number;
  @Field(() => Int, { description: 'Admitted to the unit during the date.' }) admissions!: number;
  @Field(() => Int, { description: 'Moved onto the unit from another unit during the date.' }) transfersIn!: number;
  @Field(() => Int, { description: 'Moved from the unit to another unit during the date.' }) transfersOut!: number;
  @Field(() => Int, { description: 'Discharged from the unit during the date.' }) discharges!: number;
}

@ObjectType({ description: 'Patients in a bed at midnight ending the date, in the facility time zone, by effective time.' })
export class Census {
  @Field() date!: string;
  @Field(() => [CensusLine]) lines!: CensusLine[];
  @Field(() => Int, { description: 'The census plus same-day admit-and-discharge stays.' }) patientDays!: number;
}

@ObjectType({ description: 'A request for a bed, in the bed placement queue.' })
export class BedRequest {
  @Field(() => ID) id!: string;
  @Field(() => ID) patientId!: string;
  @Field(() => ID, { description: 'The encounter the bed is for; admit or transfer it into the held bed.' }) encounterId!: string;
  @Field(() => ID, { nullable: true, description: 'The unit asked for, if any.' }) unitId!: string | null;
  @Field(() => String, { nullable: true }) isolation!: string | null;
  @Field() reason!: string;
  @Field({ description: 'open | assigned | fulfilled | cancelled' }) status!: string;
  @Field() requestedAt!: string;
  @Field(() => ID, { nullable: true }) bedId!: string | null;
}

@ObjectType()
export class BedRequestChanged {
  @Field(() => BedRequest) request!: BedRequest;
}

@ObjectType()
export class PatientRegistered {
  @Field(() => Patient) patient!: Patient;
}

@ObjectType()
export class EncounterChanged {
  @Field(() => Encounter) encounter!: Encounter;
}

@ObjectType()
export class BedChanged {
  @Field(() => Bed) bed!: Bed;
}

@ObjectType()
export class PatientsMerged {
  @Field(() => Patient, { description: 'The surviving record, now holding both histories.' }) survivor!: Patient;
}

export const MergePatientsResult = createUnionType({ name: 'MergePatientsResult', types: () => [PatientsMerged, Refusal] as const });
export const RegisterPatientResult = createUnionType({ name: 'RegisterPatientResult', types: () => [PatientRegistered, Refusal] as const });

@ObjectType()
export class PatientChanged {
  @Field(() => Patient) patient!: Patient;
}
export const PatientResult = createUnionType({ name: 'PatientResult', types: () => [PatientChanged, Refusal] as const });
export const EncounterResult = createUnionType({ name: 'EncounterResult', types: () => [EncounterChanged, Refusal] as const });
export const BedRequestResult = createUnionType({ name: 'BedRequestResult', types: () => [BedRequestChanged, Refusal] as const });
export const BedResult = createUnionType({ name: 'BedResult', types: () => [BedChanged, Refusal] as const });

@InputType()
export class AddressInput {
  @Field(() => [String], { description: 'Street lines.' }) line!: string[];
  @Field() city!: string;
  @Field({ description: 'Two-letter state code.' }) state!: string;
  @Field({ description: 'ZIP code, 12345 or 12345-6789.' }) postalCode!: string;
}

@InputType()
export class DemographicsInput {
  @Field() familyName!: string;
  @Field(() => [String]) givenNames!: string[];
  @Field({ description: 'YYYY-MM-DD' }) birthDate!: string;
  @Field({ description: 'female | male | other | unknown' }) sex!: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => AddressInput, { nullable: true, description: 'Home address, for the claim and the master patient index.' }) address?: AddressInput;
}

@InputType()
export class BedInput {
  @Field(() => ID) bedId!: string;
  @Field(() => ID) unitId!: string;
}
