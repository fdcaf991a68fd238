/**
 * The hospital account number: `HAR`, twelve digits and a Luhn check digit (16 characters,
 * within the 20 a patient control number may have). The digits are drawn at random by the
 * caller; the check digit catches a mistyped number read over the phone.
 */
export function accountNumber(draw: number): string {
  if (!Number.isSafeInteger(draw) || draw < 0 || draw >= 1e12) throw new Error(`account number draw ${draw} is not twelve digits`);
  const digits = String(draw).padStart(12, '0');
  return `HAR${digits}${luhnDigit(digits)}`;
}

/** Whether a number has the account number's shape and its check digit agrees. */
export function isAccountNumber(value: string): boolean {
  const match = /^HAR(\d{12})(\d)$/.exec(value);
  return match !== null && luhnDigit(match[1]!) === Number(match[2]);
}

function luhnDigit(digits: string): number {
  const sum = digits
    .split('')
    .reverse()
    .map(Number)
    .reduce((acc, d, i) => acc + (i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return (10 - (sum % 10)) % 10;
}
