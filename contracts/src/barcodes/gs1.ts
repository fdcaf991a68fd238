import { gs1CheckDigit } from './ndc.js';

/** ASCII 29, the FNC1 separator that ends a variable-length element in a DataMatrix. */
const GS = '\u001d';

/** What a pharmaceutical GS1 DataMatrix carries (AIs 01, 17, 10, 21). */
export interface Gs1Package {
  gtin: string;
  /** AI 17, as a calendar date; day "00" means the last day of the month. */
  expiry: string | null;
  lot: string | null;
  serial: string | null;
}

export class Gs1FormatError extends RangeError {
  constructor(problem: string) {
    super(`not a readable GS1 barcode: ${problem}`);
    this.name = 'Gs1FormatError';
  }
}

type Ai = '01' | '17' | '10' | '21';
const fixedLength: Partial<Record<Ai, number>> = { '01': 14, '17': 6 };
const variableMax: Partial<Record<Ai, number>> = { '10': 20, '21': 20 };

/** A GTIN-14 whose last digit is the GS1 check digit of the rest. */
export const isValidGtin = (gtin: string): boolean => /^\d{14}$/.test(gtin) && gs1CheckDigit(gtin.slice(0, 13)) === Number(gtin[13]);

/**
 * Reads a GS1 element string as a scanner sends it (optional symbology identifier "]d2",
 * FNC1 as ASCII 29) or as printed under the symbol ("(01)...(17)...(10)...").
 */
export function parseGs1(text: string): Gs1Package {
  const elements = text.startsWith('(') ? fromHumanReadable(text) : fromTransmitted(text.replace(/^\][A-Za-z]\d/, ''));
  const gtin = elements.get('01');
  if (gtin === undefined) throw new Gs1FormatError('no GTIN (AI 01)');
  if (!isValidGtin(gtin)) throw new Gs1FormatError(`GTIN ${gtin} fails its check digit`);
  const expiry = elements.get('17');
  return { gtin, expiry: expiry === undefined ? null : expiryDate(expiry), lot: elements.get('10') ?? null, serial: elements.get('21') ?? null };
}

function fromHumanReadable(text: string): Map<Ai, string> {
  const elements = new Map<Ai, string>();
  const pattern = /\((\d{2})\)([^(]*)/gy;
  let consumed = 0;
  for (const match of text.matchAll(pattern)) {
    put(elements, match[1]!, match[2]!);
    consumed += match[0].length;
  }
  if (consumed !== text.length) throw new Gs1FormatError('unexpected text between elements');
  return elements;
}

function fromTransmitted(text: string): Map<Ai, string> {
  const elements = new Map<Ai, string>();
  let rest = text;
  while (rest.length > 0) {
    const ai = rest.slice(0, 2);
    const length = fixedLength[ai as Ai];
    if (length !== undefined) {
      put(elements, ai, rest.slice(2, 2 + length));
      rest = rest.slice(2 + length).replace(new RegExp(`^${GS}`), '');
    } else {
      const end = rest.indexOf(GS);
      put(elements, ai, end === -1 ? rest.slice(2) : rest.slice(2, end));
      rest = end === -1 ? '' : rest.slice(end + 1);
    }
  }
  return elements;
}

function put(elements: Map<Ai, string>, ai: string, value: string): void {
  if (!(ai in fixedLength) && !(ai in variableMax)) throw new Gs1FormatError(`application identifier (${ai}) is not one a drug package carries`);
  const known = ai as Ai;
  const fixed = fixedLength[known];
  if (fixed !== undefined && (value.length !== fixed || !/^\d+$/.test(value))) throw new Gs1FormatError(`(${ai}) must be ${fixed} digits`);
  const max = variableMax[known];
  if (max !== undefined && (value.length === 0 || value.length > max)) throw new Gs1FormatError(`(${ai}) must be 1 to ${max} characters`);
  if (elements.has(known)) throw new Gs1FormatError(`(${ai}) appears twice`);
  elements.set(known, value);
}

/** YYMMDD in the 2000s (drug expiries are never last century); DD "00" is the month's last day. */
function expiryDate(yymmdd: string): string {
  const year = 2000 + Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const dayField = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) throw new Gs1FormatError(`expiry (17) month ${yymmdd.slice(2, 4)} does not exist`);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (dayField > lastDay) throw new Gs1FormatError(`expiry (17) day ${yymmdd.slice(4, 6)} does not exist`);
  const day = dayField === 0 ? lastDay : dayField;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
