import { InvalidMrnError } from './adt-errors.js';

/**
 * Medical record numbers: seven digits and a Luhn check digit, so a mistyped or transposed
 * digit at registration or on a wristband is caught before it finds the wrong chart.
 */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit counting from the right of the payload.
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function mrnFromSequence(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9_999_999) throw new RangeError(`MRN sequence ${sequence} is out of range`);
  const payload = String(sequence).padStart(7, '0');
  return `${payload}${luhnCheckDigit(payload)}`;
}

export function isValidMrn(mrn: string): boolean {
  return /^\d{8}$/.test(mrn) && luhnCheckDigit(mrn.slice(0, 7)) === Number(mrn[7]);
}

export function requireValidMrn(mrn: string): string {
  if (!isValidMrn(mrn)) throw new InvalidMrnError(mrn);
  return mrn;
}
