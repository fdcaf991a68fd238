import { MarRefusedError } from './mar-errors.js';

/** Wristbands are printed with a self-typing prefix, so a package barcode is never read as a patient. */
const prefix = 'PID:';

/** The patient id a wristband barcode carries. */
export function patientOnWristband(code: string): string {
  const trimmed = code.trim();
  const patientId = trimmed.slice(prefix.length).trim();
  if (!trimmed.startsWith(prefix) || patientId.length === 0) {
    throw new MarRefusedError('NOT_A_WRISTBAND', 'That barcode is not a patient wristband. Scan the wristband on the patient.');
  }
  return patientId;
}
