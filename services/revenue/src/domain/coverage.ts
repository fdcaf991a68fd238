import { calendarDate } from '@ehr/contracts';
import type { Coverage, Guarantor } from './account-state.js';
import { InvalidCoverageError } from './revenue-errors.js';

// What a coverage must say before a claim can name it, and whether it was in force for a stay.

type Person = NonNullable<Coverage['subscriber']>;

const blank = (value: string | null): boolean => value !== null && value.trim().length === 0;

function checkDate(value: string | null, field: string): void {
  if (value !== null && !calendarDate.safeParse(value).success) throw new InvalidCoverageError(field, `must be a real calendar date, YYYY-MM-DD (got "${value}")`);
}

function checkPerson(person: Person, field: string): void {
  for (const part of ['familyName', 'givenName'] as const) {
    if (blank(person[part])) throw new InvalidCoverageError(`${field}.${part}`, 'is required; copy it from the insurance card');
  }
  checkDate(person.birthDate, `${field}.birthDate`);
  if (person.address && person.address.line.every((l) => l.trim().length === 0)) throw new InvalidCoverageError(`${field}.address.line`, 'is required when an address is given');
}

/** The person is named exactly when the relationship says it is someone other than the patient. */
function checkRelationship(relationship: Coverage['relationship'], person: Person | null, field: string): void {
  if (relationship === '18' && person) throw new InvalidCoverageError(field, 'must be left out when the patient is the subscriber (relationship self)');
  if (relationship !== '18' && !person) throw new InvalidCoverageError(field, 'is required when the patient is not the subscriber: name, birth date and sex as the card shows them');
  if (person) checkPerson(person, field);
}

/** Refuses a coverage a claim could not name the payer, the member or the insured by, naming the field. */
export function checkCoverage(coverage: Coverage): void {
  // The payer id is what the 837I names the payer by (NM1*PR) and what its 835 is matched on.
  for (const field of ['payerId', 'payerName', 'memberId'] as const) {
    if (coverage[field].trim().length === 0) throw new InvalidCoverageError(field, 'is required; record the payer from the insurance card, or the account as self-pay');
  }
  for (const field of ['planName', 'groupNumber'] as const) {
    if (blank(coverage[field])) throw new InvalidCoverageError(field, 'is blank; leave it out when the card shows none');
  }
  checkRelationship(coverage.relationship, coverage.subscriber, 'subscriber');
  checkDate(coverage.effectiveFrom, 'effectiveFrom');
  checkDate(coverage.effectiveThrough, 'effectiveThrough');
  if (coverage.effectiveThrough !== null && coverage.effectiveFrom === null) throw new InvalidCoverageError('effectiveFrom', 'is required with an end date; record the first day covered');
  if (coverage.effectiveFrom !== null && coverage.effectiveThrough !== null && coverage.effectiveThrough < coverage.effectiveFrom) {
    throw new InvalidCoverageError('effectiveThrough', `(${coverage.effectiveThrough}) is before effectiveFrom (${coverage.effectiveFrom}); check the eligibility dates`);
  }
}

export function checkGuarantor(guarantor: Omit<Guarantor, 'at'>): void {
  checkRelationship(guarantor.relationship, guarantor.guarantor, 'guarantor');
  if (guarantor.guarantor && blank(guarantor.guarantor.phone)) throw new InvalidCoverageError('guarantor.phone', 'is blank; leave it out when unknown');
}

/**
 * Why the coverage did not cover the statement period, in words for the biller; null when it
 * did or when no eligibility dates were recorded.
 */
export function coverageGap(coverage: Coverage, from: string, through: string): string | null {
  const { effectiveFrom, effectiveThrough } = coverage;
  const startsLate = effectiveFrom !== null && from < effectiveFrom;
  const endsEarly = effectiveThrough !== null && through > effectiveThrough;
  if (!startsLate && !endsEarly) return null;
  const window = effectiveThrough ? `from ${effectiveFrom} to ${effectiveThrough}` : `from ${effectiveFrom}`;
  return `${coverage.payerName} (member ${coverage.memberId}) covers ${window}, but the claim runs from ${from} to ${through}; verify eligibility with the payer, record the coverage in force on those days, or bill the days outside it to the next payer or the patient.`;
}
