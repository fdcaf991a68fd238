import { DateTime } from 'luxon';

/**
 * One layer for the input every service takes from people and interfaces: each check either
 * returns the clean value or throws an InvalidInputError naming the field, before anything is
 * decided or written. The checks are pure; the clock is passed in.
 */
export class InvalidInputError extends Error {
  readonly code = 'INVALID_INPUT';
  constructor(
    /** The input's path as the caller sent it, e.g. `demographics.birthDate`. */
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
    this.name = 'InvalidInputError';
  }
}

/** A reference to something that must already exist (a patient, a visit, a bed, a provider). */
export class UnknownReferenceError extends Error {
  readonly code = 'UNKNOWN_REFERENCE';
  constructor(
    readonly field: string,
    readonly what: string,
    readonly value: string,
  ) {
    super(`${field} names no ${what} known here ("${value}")`);
    this.name = 'UnknownReferenceError';
  }
}

/** How far ahead of the server's clock a device may be, and how far back an entry may go without a reason. */
export interface TimePolicy {
  now: Date;
  /** Future times within this many milliseconds are clock skew, not the future. */
  clockSkewMs: number;
  /** Entries older than this need a late-entry reason; null: no limit. */
  backdatingLimitMs: number | null;
}

export const defaultClockSkewMs = 5 * 60_000;

/** A non-blank identifier, trimmed. */
export function requireIdentifier(value: string | null | undefined, field: string): string {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) throw new InvalidInputError(field, 'must not be blank');
  return trimmed;
}

/** Free text that must say something (a reason, a description), trimmed. */
export const requireText = (value: string | null | undefined, field: string): string => requireIdentifier(value, field);

/** A real calendar day, YYYY-MM-DD: 2026-02-30 is refused, never rolled into March. */
export function requireCalendarDate(value: string, field: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value, { zone: 'utc' }).isValid) {
    throw new InvalidInputError(field, `must be a real calendar date, YYYY-MM-DD (got "${value}")`);
  }
  return value;
}

/** A birth date: a real calendar day, not after today where the facility is. */
export function requireBirthDate(value: string, field: string, now: Date, zone: string): string {
  const date = requireCalendarDate(value, field);
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  if (date > today) throw new InvalidInputError(field, `must not be in the future (got ${date}, today is ${today})`);
  return date;
}

/** An instant with its UTC offset, calendar-valid, as UTC ISO 8601. */
export function requireInstant(value: string, field: string): string {
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!/T/.test(value) || !/([zZ]|[+-]\d\d:?\d\d)$/.test(value) || !parsed.isValid) {
    throw new InvalidInputError(field, `must be a real ISO 8601 instant with a time zone, e.g. 2026-03-02T23:59:00-05:00 (got "${value}")`);
  }
  return parsed.toUTC().toISO()!;
}

/**
 * When something happened at the bedside: not in the future beyond clock skew, and, when
 * older than the back-dating limit, only with a reason for the late entry. Absent: now.
 */
export function requireEventTime(
  value: string | null | undefined,
  field: string,
  policy: TimePolicy,
  lateEntryReason?: string | null,
): { at: string; lateEntryReason: string | null } {
  const at = value == null ? policy.now.toISOString() : requireInstant(value, field);
  const offset = Date.parse(at) - policy.now.getTime();
  if (offset > policy.clockSkewMs) throw new InvalidInputError(field, `is in the future (${at}); record it when it happens`);
  const reason = lateEntryReason?.trim() || null;
  if (policy.backdatingLimitMs !== null && -offset > policy.backdatingLimitMs && !reason) {
    const hours = Math.round(policy.backdatingLimitMs / 3_600_000);
    throw new InvalidInputError(field, `is more than ${hours} hours ago (${at}); give a late-entry reason to back-date it`);
  }
  return { at, lateEntryReason: reason };
}

/** A time still to come (an expected arrival or return), not before now less clock skew. */
export function requireFutureTime(value: string, field: string, policy: TimePolicy): string {
  const at = requireInstant(value, field);
  if (Date.parse(at) < policy.now.getTime() - policy.clockSkewMs) throw new InvalidInputError(field, `must not be in the past (got ${at})`);
  return at;
}

/** One of a list of codes. */
export function requireOneOf<T extends string>(value: string, field: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new InvalidInputError(field, `must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}
