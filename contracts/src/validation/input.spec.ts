import { InvalidInputError, requireBirthDate, requireCalendarDate, requireEventTime, requireFutureTime, requireIdentifier, requireInstant } from './input.js';
import { isValidNpi, npiCheckDigit, requireNpi } from './npi.js';

const now = new Date('2026-12-06T12:00:00Z');
const policy = { now, clockSkewMs: 5 * 60_000, backdatingLimitMs: 24 * 3_600_000 };
const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof InvalidInputError ? { field: error.field, message: error.message } : error;
  }
  throw new Error('not refused');
};

describe('input validation', () => {
  it('refuses a day that is not on the calendar instead of rolling it over', () => {
    expect(requireCalendarDate('2028-02-29', 'd')).toBe('2028-02-29');
    expect(refusal(() => requireCalendarDate('2026-02-30', 'demographics.birthDate'))).toEqual({
      field: 'demographics.birthDate',
      message: 'demographics.birthDate must be a real calendar date, YYYY-MM-DD (got "2026-02-30")',
    });
    expect(refusal(() => requireCalendarDate('1990-1-5', 'birthDate'))).toMatchObject({ field: 'birthDate' });
  });

  it('refuses a birth date after today in the facility time zone', () => {
    expect(requireBirthDate('2026-12-06', 'b', now, 'America/New_York')).toBe('2026-12-06');
    expect(refusal(() => requireBirthDate('2026-12-07', 'b', now, 'America/New_York'))).toMatchObject({ field: 'b', message: expect.stringContaining('must not be in the future') });
  });

  it('reads an instant strictly: an offset is required and February 30 is no day', () => {
    expect(requireInstant('2026-03-02T23:59:00-05:00', 'at')).toBe('2026-03-03T04:59:00.000Z');
    expect(refusal(() => requireInstant('2026-02-30T10:00:00-05:00', 'at'))).toMatchObject({ field: 'at' });
    expect(refusal(() => requireInstant('2026-03-02T10:00:00', 'at'))).toMatchObject({ field: 'at' });
  });

  it('takes clock skew, refuses the future beyond it, and wants a reason to back-date past the limit', () => {
    expect(requireEventTime('2026-12-06T12:04:00Z', 'at', policy)).toEqual({ at: '2026-12-06T12:04:00.000Z', lateEntryReason: null });
    expect(refusal(() => requireEventTime('2026-12-08T12:00:00Z', 'at', policy))).toMatchObject({ field: 'at', message: expect.stringContaining('is in the future') });
    expect(requireEventTime('2026-12-05T13:00:00Z', 'at', policy).at).toBe('2026-12-05T13:00:00.000Z');
    expect(refusal(() => requireEventTime('2026-12-01T12:00:00Z', 'at', policy, '  '))).toMatchObject({ field: 'at', message: expect.stringContaining('late-entry reason') });
    expect(requireEventTime('2026-12-01T12:00:00Z', 'at', policy, 'paper downtime form')).toEqual({ at: '2026-12-01T12:00:00.000Z', lateEntryReason: 'paper downtime form' });
    expect(requireEventTime(undefined, 'at', policy).at).toBe(now.toISOString());
    expect(requireEventTime('2020-01-01T00:00:00Z', 'at', { ...policy, backdatingLimitMs: null }).lateEntryReason).toBeNull();
  });

  it('refuses an expected time already past', () => {
    expect(refusal(() => requireFutureTime('2026-12-01T00:00:00Z', 'expectedAt', policy))).toMatchObject({ field: 'expectedAt' });
  });

  it('refuses blank identifiers', () => {
    expect(requireIdentifier(' 4W-01A ', 'bed.bedId')).toBe('4W-01A');
    expect(refusal(() => requireIdentifier('   ', 'bed.bedId'))).toEqual({ field: 'bed.bedId', message: 'bed.bedId must not be blank' });
  });
});

describe('NPI', () => {
  it('checks the Luhn digit over 80840 and the first nine digits', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('3234567893')).toBe(false);
    expect(refusal(() => requireNpi('12345', 'attendingNpi'))).toMatchObject({ field: 'attendingNpi' });
  });
});
