import { icd10cmSeed } from './icd10cm.seed.js';

export interface DiagnosisMatch {
  code: string;
  display: string;
  title: string;
}

/** E1122 → E11.22: the dot after the category, as coders read a code. */
export const dotted = (code: string) => (code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code);

/**
 * Codes whose code starts with the text (dot ignored), or whose title holds every word of it, in
 * any order: a coder types "E11.2" or "diabetes kidney". Code matches come first.
 */
export function lookUpDiagnoses(text: string, limit = 20): DiagnosisMatch[] {
  const asCode = text.replaceAll('.', '').trim().toUpperCase();
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
  if (words.length === 0) return [];
  const byCode = icd10cmSeed.filter(([code]) => code.startsWith(asCode));
  const byWords = icd10cmSeed.filter(([code, title]) => !code.startsWith(asCode) && words.every((w) => title.toLowerCase().includes(w)));
  return [...byCode, ...byWords].slice(0, limit).map(([code, title]) => ({ code, display: dotted(code), title }));
}
