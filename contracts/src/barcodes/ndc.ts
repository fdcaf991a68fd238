/**
 * Package codes on US drug labels. An NDC-10 comes in three segment layouts (4-4-2, 5-3-2,
 * 5-4-1, 21 CFR 207.33(b)); billing and most drug files use the 11-digit 5-4-2 form. Without
 * its hyphens a 10-digit NDC is ambiguous, so only the hyphenated form is accepted here.
 */
export type NdcLayout = '4-4-2' | '5-3-2' | '5-4-1';

const ndc10Pattern = /^(\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d)$/;

export function ndcLayout(ndc10: string): NdcLayout {
  if (!ndc10Pattern.test(ndc10)) throw new RangeError(`"${ndc10}" is not a hyphenated 10-digit NDC (4-4-2, 5-3-2 or 5-4-1)`);
  return ndc10.split('-').map((segment) => segment.length).join('-') as NdcLayout;
}

/** NDC-10 to NDC-11 (5-4-2): a leading zero goes into the short segment. */
export function toNdc11(ndc10: string): string {
  ndcLayout(ndc10);
  const [labeler, product, pack] = ndc10.split('-') as [string, string, string];
  return `${labeler.padStart(5, '0')}-${product.padStart(4, '0')}-${pack.padStart(2, '0')}`;
}

/** GS1 mod-10 check digit over the digits that precede it. */
export function gs1CheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError(`"${digits}" is not a string of digits`);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const fromRight = digits.length - 1 - i;
    sum += Number(digits[i]) * (fromRight % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * GTIN-14 of a package (GS1 DataMatrix AI 01): packaging indicator, the US NDC prefix "03",
 * the NDC-10 digits, check digit. Indicator 0 is the unit of use.
 */
export function gtinFromNdc10(ndc10: string, indicator = 0): string {
  ndcLayout(ndc10);
  if (!Number.isInteger(indicator) || indicator < 0 || indicator > 8) throw new RangeError(`packaging indicator ${indicator} must be a digit from 0 to 8`);
  const body = `${indicator}03${ndc10.replaceAll('-', '')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

/**
 * The three NDC-11s an unhyphenated 10-digit NDC (as printed in a barcode) could be, one per
 * layout. Only a product master can say which one is real; never pick one by guessing.
 */
export function ndc11Candidates(digits10: string): string[] {
  if (!/^\d{10}$/.test(digits10)) throw new RangeError(`"${digits10}" is not 10 digits`);
  const hyphenated = [
    `${digits10.slice(0, 4)}-${digits10.slice(4, 8)}-${digits10.slice(8)}`,
    `${digits10.slice(0, 5)}-${digits10.slice(5, 8)}-${digits10.slice(8)}`,
    `${digits10.slice(0, 5)}-${digits10.slice(5, 9)}-${digits10.slice(9)}`,
  ];
  return hyphenated.map(toNdc11);
}

/** The NDC-11 of an unhyphenated 11-digit NDC (always 5-4-2). */
export function ndc11FromDigits(digits11: string): string {
  if (!/^\d{11}$/.test(digits11)) throw new RangeError(`"${digits11}" is not 11 digits`);
  return `${digits11.slice(0, 5)}-${digits11.slice(5, 9)}-${digits11.slice(9)}`;
}
