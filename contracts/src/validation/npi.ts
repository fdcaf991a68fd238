import { InvalidInputError } from './input.js';

/**
 * The National Provider Identifier: ten digits, the last a Luhn check digit computed over the
 * first nine prefixed with 80840 (the card issuer prefix the NPI standard assigns), which is the
 * same as adding 24 to the Luhn sum of the nine digits.
 */
export function npiCheckDigit(firstNine: string): number {
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let d = Number(firstNine[8 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidNpi(value: string): boolean {
  return /^[12]\d{9}$/.test(value) && npiCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

export function requireNpi(value: string, field: string): string {
  const trimmed = value.trim();
  if (!isValidNpi(trimmed)) throw new InvalidInputError(field, `is not a valid NPI: ten digits starting 1 or 2, the last a check digit (got "${value}")`);
  return trimmed;
}
