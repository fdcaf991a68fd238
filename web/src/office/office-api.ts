import { gql, type Session } from '../api';

/** Whole cents as dollars: -$12.50. */
export const money = (cents: number) => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

/** A local date-time as the office reads it. */
export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/** What a command answered: its result type, or a refusal in words. */
export interface Outcome {
  __typename: string;
  code?: string;
  message?: string;
}

/**
 * One command: the mutation's own answer, or a refusal when the system refused it or could not be
 * reached, so the screen always has a sentence to show.
 */
export async function command<T extends Outcome>(session: Session, field: string, text: string, variables: Record<string, unknown>): Promise<T> {
  const answer = await gql<Record<string, T>>(session, text, variables).catch((error: Error) => ({ [field]: { __typename: 'Refusal', message: error.message } as T }));
  return answer[field]!;
}

export const refused = (outcome: Outcome): outcome is Outcome & { message: string } => outcome.__typename === 'Refusal';

/** A CSV cell, quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it. */
const cell = (value: string | number | null | undefined) => {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const toCsv = (header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>) =>
  [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';

/** Hands the browser a file to save, as a download of the given name. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The patient as the office screens name them on every row: family name, given names, MRN. */
export interface NamedPatient {
  id: string;
  mrn: string;
  familyName: string;
  givenNames: string;
}
export const namedPatientFields = 'id mrn familyName givenNames';
export const nameOf = (p: NamedPatient | null | undefined) => (p ? `${p.familyName.toUpperCase()}, ${p.givenNames}` : 'patient not known');
