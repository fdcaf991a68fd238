import { type Gs1Package, isValidGtin, parseGs1 } from './gs1.js';
import { ndc11Candidates, ndc11FromDigits, ndcLayout, toNdc11 } from './ndc.js';

/**
 * What a drug package's barcode says, before any product master is consulted. `ndc11Candidates`
 * holds one NDC-11 when the code says which it is, three when only unhyphenated NDC-10 digits
 * were printed (a US GTIN or UPC-A): the product master decides.
 */
export type PackageBarcode =
  | ({ kind: 'gs1' } & Gs1Package & { ndc11Candidates: string[] })
  | { kind: 'gtin'; gtin: string; ndc11Candidates: string[] }
  | { kind: 'ndc'; ndc11Candidates: string[] };

/** US drug GTINs carry the NDC-10 after the indicator digit and the "03" prefix. */
const ndcDigitsInGtin = (gtin: string): string | null => (gtin.slice(1, 3) === '03' ? gtin.slice(3, 13) : null);

/**
 * Reads what a scanner returns from a drug package: a GS1 DataMatrix or GS1-128 element string,
 * a bare GTIN-14 (ITF-14), a linear UPC-A ("3" + NDC-10 + check digit), or an NDC typed as printed (hyphenated 10 or 11
 * digits, or 11 bare digits). Throws RangeError naming the problem otherwise.
 */
export function parsePackageBarcode(text: string): PackageBarcode {
  const code = text.trim();
  if (code.startsWith('(') || code.startsWith(']') || /^01\d{14}/.test(code)) {
    const gs1 = parseGs1(code);
    const digits = ndcDigitsInGtin(gs1.gtin);
    return { kind: 'gs1', ...gs1, ndc11Candidates: digits === null ? [] : ndc11Candidates(digits) };
  }
  if (/^(3\d{11}|\d{14})$/.test(code)) {
    const gtin = code.padStart(14, '0');
    if (!isValidGtin(gtin)) throw new RangeError(`${code.length === 12 ? 'UPC-A' : 'GTIN'} ${code} fails its check digit`);
    const digits = ndcDigitsInGtin(gtin);
    return { kind: 'gtin', gtin, ndc11Candidates: digits === null ? [] : ndc11Candidates(digits) };
  }
  if (/^\d{11}$/.test(code)) return { kind: 'ndc', ndc11Candidates: [ndc11FromDigits(code)] };
  if (/^\d{5}-\d{4}-\d{2}$/.test(code)) return { kind: 'ndc', ndc11Candidates: [code] };
  if (/^[\d-]+$/.test(code) && code.includes('-')) {
    ndcLayout(code);
    return { kind: 'ndc', ndc11Candidates: [toNdc11(code)] };
  }
  throw new RangeError(`"${code}" is not a drug package barcode (GS1, UPC-A or NDC)`);
}
