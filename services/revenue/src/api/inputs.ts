import { billHoldReason, claimFilingIndicator, coverageRank, poaIndicator } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import type { z } from 'zod';
import type { Coding } from '../domain/claim.js';
import type { CodingInput } from './models.js';

/** A value from a closed list, or a refusal naming the field, the choices and what came. */
export function oneOf<T extends string>(list: z.ZodEnum<Record<T, T>>, value: string | undefined, field: string): T {
  const parsed = list.safeParse(value);
  if (!parsed.success) throw new DomainError('INVALID_INPUT', `${field} must be one of ${list.options.join(', ')} (got ${value === undefined ? 'nothing' : `"${value}"`})`, { field });
  return parsed.data;
}

export const holdReason = (value: string) => oneOf(billHoldReason, value, 'reason');
export const rank = (value: string) => oneOf(coverageRank, value, 'rank');
export const filingIndicator = (value: string) => oneOf(claimFilingIndicator, value, 'filingIndicator');

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
