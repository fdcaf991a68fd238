import { isValidMrn, mrnFromSequence, requireValidMrn } from './mrn.js';

describe('medical record numbers', () => {
  it('appends a Luhn check digit to a seven-digit sequence', () => {
    expect(mrnFromSequence(1)).toBe('00000018');
    expect(mrnFromSequence(7_992_739)).toBe('79927398');
  });

  it('accepts what it issues', () => {
    for (const n of [1, 42, 123_456, 9_999_999]) expect(isValidMrn(mrnFromSequence(n))).toBe(true);
  });

  it('catches a single mistyped digit and a transposition', () => {
    expect(isValidMrn('79927397')).toBe(false);
    expect(isValidMrn('97927398')).toBe(false);
  });

  it('refuses a malformed number with a sentence a registrar understands', () => {
    expect(() => requireValidMrn('1234')).toThrow(/not a valid medical record number/);
  });
});
