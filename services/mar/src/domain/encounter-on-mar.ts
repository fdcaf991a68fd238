import { MarRefusedError } from './mar-errors.js';

/** The eMAR's copy of an encounter, as ADT's events left it (`mar.encounters`). */
export interface EncounterOnMar {
  encounterId: string;
  status: 'planned' | 'in-progress' | 'onleave' | 'finished' | 'cancelled';
}

/**
 * Refuses a dose on an encounter that has ended: once ADT has discharged the patient (or
 * cancelled the admission), nothing more is given under it. `null`: ADT's stream holds no event
 * the eMAR keeps a row for (the copy was confirmed current before the command, ADR 0023).
 */
export function requireEncounterOpen(encounter: EncounterOnMar | null): void {
  if (encounter === null) return;
  const details = { encounterId: encounter.encounterId };
  if (encounter.status === 'finished') throw new MarRefusedError('PATIENT_DISCHARGED', 'The patient has been discharged from this encounter. Do not give or document a dose on it; refresh the MAR.', details);
  if (encounter.status === 'cancelled') throw new MarRefusedError('ADMISSION_CANCELLED', 'This admission was cancelled. Do not give or document a dose on it; refresh the MAR.', details);
}
