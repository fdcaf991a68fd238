import { accountNumber, isAccountNumber } from './account-number.js';

describe('hospital account numbers', () => {
  it('are HAR, twelve digits and a check digit, within the 20 characters of a patient control number', () => {
    const number = accountNumber(1_234_567);
    expect(number).toBe('HAR0000012345674');
    expect(number.length).toBeLessThanOrEqual(20);
    expect(isAccountNumber(number)).toBe(true);
  });

  it('catch a mistyped digit or two digits swapped by the check digit', () => {
    const number = accountNumber(904_118_273_665);
    const typo = `${number.slice(0, 8)}${(Number(number[8]) + 1) % 10}${number.slice(9)}`;
    const swapped = `${number.slice(0, 5)}${number[6]}${number[5]}${number.slice(7)}`;
    expect(isAccountNumber(typo)).toBe(false);
    if (number[5] !== number[6]) expect(isAccountNumber(swapped)).toBe(false);
    expect(isAccountNumber('HAR100001')).toBe(false);
  });

  it('refuse a draw that is not twelve digits', () => {
    expect(() => accountNumber(1e12)).toThrow(/not twelve digits/);
    expect(() => accountNumber(-1)).toThrow(/not twelve digits/);
  });
});
