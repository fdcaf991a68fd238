import { InvalidInputError, requireCalendarDate } from '@ehr/contracts';
import type { Pool } from '@ehr/platform';
import { schema } from '../projections/index.js';

/** Shortest family-name prefix a search takes without a birth date: one letter lists half the hospital. */
export const minimumNamePrefix = 2;

/** The text taken literally in a LIKE pattern: `%`, `_` and the escape character itself match only themselves. */
export const literalLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface PatientSearch {
  familyName: string;
  birthDate: string | null;
  limit: number;
}

/** The search as a registrar typed it, checked field by field before anything is read. */
export function checkedSearch(input: { familyName: string; birthDate?: string | null; limit: number }): PatientSearch {
  const { limit } = input;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new InvalidInputError('limit', `must be a whole number from 1 to 50 (got ${limit})`);
  const familyName = input.familyName.trim();
  if (!familyName) throw new InvalidInputError('familyName', 'must not be blank');
  const birthDate = input.birthDate ? requireCalendarDate(input.birthDate, 'birthDate') : null;
  // With the birth date the search is narrow already, so a one-letter family name can still be found.
  if (!birthDate && [...familyName].length < minimumNamePrefix) {
    throw new InvalidInputError('familyName', `must have at least ${minimumNamePrefix} characters, or give the birth date too (got "${familyName}")`);
  }
  return { familyName, birthDate, limit };
}

/** Active patients whose family name starts with the text as typed (case-insensitive), in name order. */
export async function searchPatientIds(pool: Pool, search: PatientSearch): Promise<string[]> {
  const { rows } = await pool.query<{ patient_id: string }>(
    `SELECT patient_id FROM ${schema}.patients
      WHERE status = 'active' AND family_name ILIKE $1 || '%' ESCAPE '\\' AND ($2::date IS NULL OR birth_date = $2::date)
      ORDER BY family_name, given_names, patient_id LIMIT $3`,
    [literalLike(search.familyName), search.birthDate, search.limit],
  );
  return rows.map((r) => r.patient_id);
}
