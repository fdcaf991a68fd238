import type { Role } from '@ehr/platform';

/** HL7 PurposeOfUse codes a caller may state in the `x-purpose-of-use` header. */
const stated = new Set(['TREAT', 'HPAYMT', 'HOPERAT', 'HCOMPL', 'PUBHLTH', 'HRESCH']);

/** What each role reads for when it does not say. */
const byRole: Partial<Record<Role, string>> = { biller: 'HPAYMT', coder: 'HPAYMT', registrar: 'HOPERAT', 'bed-manager': 'HOPERAT', admin: 'HOPERAT', integrator: 'HOPERAT', 'privacy-officer': 'HCOMPL' };

/** The purpose of use to record: an emergency access is ETREAT; else the stated one, or the role's. */
export function purposeOfUse(role: string, header: string | undefined, emergency: boolean): string {
  if (emergency) return 'ETREAT';
  const asked = header?.trim().toUpperCase();
  if (asked && stated.has(asked)) return asked;
  return byRole[role as Role] ?? 'TREAT';
}
