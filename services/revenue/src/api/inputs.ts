import { billHoldReason, claimFilingIndicator, coverageRank, type IndividualRelationship, poaIndicator } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import type { z } from 'zod';
import type { Coverage } from '../domain/account-state.js';
import type { Coding } from '../domain/claim.js';
import type { CodingInput, CoverageInput, GuarantorInput, InsuredPersonInput } from './models.js';

/** A value from a closed list, or a refusal naming the field, the choices and what came. */
export function oneOf<T extends string>(list: z.ZodEnum<Record<T, T>>, value: string | undefined, field: string): T {
  const parsed = list.safeParse(value);
  if (!parsed.success) throw new DomainError('INVALID_INPUT', `${field} must be one of ${list.options.join(', ')} (got ${value === undefined ? 'nothing' : `"${value}"`})`, { field });
  return parsed.data;
}

export const holdReason = (value: string) => oneOf(billHoldReason, value, 'reason');
export const rank = (value: string) => oneOf(coverageRank, value, 'rank');
export const filingIndicator = (value: string) => oneOf(claimFilingIndicator, value, 'filingIndicator');

const relationships: Record<string, IndividualRelationship> = { self: '18', spouse: '01', child: '19', other: 'G8' };
const sexes: Record<string, 'F' | 'M' | 'U'> = { female: 'F', male: 'M', unknown: 'U' };

/** A choice given in words, as the X12 code it stands for, or a refusal naming the field and the choices. */
function coded<T extends string>(codes: Record<string, T>, value: string, field: string): T {
  const code = codes[value];
  if (!code) throw new DomainError('INVALID_INPUT', `${field} must be one of ${Object.keys(codes).join(', ')} (got "${value}")`, { field });
  return code;
}

/** An optional text field left empty on a form is not given. */
const optional = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === '' ? null : value.trim());

function person(input: InsuredPersonInput | null | undefined, field: string) {
  if (!input) return null;
  return {
    familyName: input.familyName,
    givenName: input.givenName,
    birthDate: input.birthDate,
    sex: coded(sexes, input.sex, `${field}.sex`),
    address: input.address ? { line: input.address.line, city: input.address.city, state: input.address.state, postalCode: input.address.postalCode } : null,
  };
}

/** The coverage as the decider takes it; the decider refuses what a claim could not carry. */
export function coverage(input: CoverageInput): Coverage {
  return {
    rank: rank(input.rank),
    payerId: input.payerId,
    payerName: input.payerName,
    filingIndicator: filingIndicator(input.filingIndicator),
    memberId: input.memberId,
    wantsDrg: input.wantsDrg,
    planName: optional(input.planName),
    groupNumber: optional(input.groupNumber),
    relationship: coded(relationships, input.relationship, 'relationship'),
    subscriber: person(input.subscriber, 'subscriber'),
    effectiveFrom: optional(input.effectiveFrom),
    effectiveThrough: optional(input.effectiveThrough),
  };
}

export function guarantor(input: GuarantorInput) {
  const named = person(input.person, 'person');
  return { relationship: coded(relationships, input.relationship, 'relationship'), guarantor: named ? { ...named, phone: optional(input.phone) } : null };
}

const poa = (value: string | undefined, field: string) => (value === undefined || value === null || value === '' ? null : oneOf(poaIndicator, value, field));

/** Coding as the decider takes it; the event schema checks each code's shape. */
export function coding(input: CodingInput): Coding {
  if ((input.msDrg === undefined || input.msDrg === null) !== (input.grouperVersion === undefined || input.grouperVersion === null)) {
    throw new DomainError('INVALID_INPUT', 'msDrg and grouperVersion come together: give both from the grouper, or neither', { field: 'msDrg' });
  }
  return {
    principalDiagnosis: { code: input.principalDiagnosis.code, poa: poa(input.principalDiagnosis.poa, 'principalDiagnosis.poa') },
    admittingDiagnosis: input.admittingDiagnosis ?? null,
    otherDiagnoses: input.otherDiagnoses.map((d, i) => ({ code: d.code, poa: poa(d.poa, `otherDiagnoses[${i}].poa`) })),
    procedures: input.procedures.map((p) => ({ code: p.code, date: p.date })),
    drg: input.msDrg && input.grouperVersion ? { msDrg: input.msDrg, grouperVersion: input.grouperVersion } : null,
  };
}
