import { DateTime } from 'luxon';

/**
 * HL7 v2 encoding with the standard delimiters (| ^ ~ \ &). Values are escaped so that a
 * name like "O'Brien & Sons|Ltd" cannot break a receiver's parser.
 */
export type Hl7Value = string | null | undefined;
/** A field: a plain value, or its components in order. */
export type Hl7Field = Hl7Value | Hl7Value[];

export function escapeHl7(value: string): string {
  return value
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/&/g, '\\T\\')
    .replace(/~/g, '\\R\\')
    .replace(/\r?\n|\r/g, '\\.br\\');
}

const field = (f: Hl7Field): string =>
  Array.isArray(f) ? f.map((c) => escapeHl7(c ?? '')).join('^').replace(/\^+$/, '') : escapeHl7(f ?? '');

/** One segment; `fields[0]` is field 1. Trailing empty fields are dropped. */
export function segment(name: string, fields: Hl7Field[]): string {
  const parts = fields.map(field);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return [name, ...parts].join('|');
}

/** MSH is special: MSH-1 is the field separator itself and MSH-2 the encoding characters. */
export function mshSegment(fields: Hl7Field[]): string {
  return `MSH|^~\\&|${fields.map(field).join('|')}`;
}

/** HL7 DTM in the facility's local time with its UTC offset, e.g. 20260302080000-0500. */
export function hl7DateTime(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('yyyyMMddHHmmssZZZ');
}

export function hl7Date(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

/** Segments joined with carriage returns, as the standard requires. */
export const message = (segments: string[]): string => segments.join('\r');
