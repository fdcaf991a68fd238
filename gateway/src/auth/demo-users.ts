import type { Role } from '@ehr/platform';

/** Who can sign in to the embedded demo: one person per role. Only with AUTH_MODE=dev. */
export const demoUsers: ReadonlyArray<{ username: string; name: string; role: Role }> = [
  { username: 'nurse', name: 'Rosa Nurse, RN', role: 'nurse' },
  { username: 'nurse2', name: 'Sam Second, RN', role: 'nurse' },
  { username: 'physician', name: 'Dr. Ben Okafor', role: 'physician' },
  { username: 'pharmacist', name: 'Chen Li, PharmD', role: 'pharmacist' },
  { username: 'ed', name: 'Dee Ramos (ED)', role: 'ed-staff' },
  { username: 'registrar', name: 'Eve Martin (Registration)', role: 'registrar' },
  { username: 'bedmanager', name: 'Fay Olsen (Bed Management)', role: 'bed-manager' },
  { username: 'biller', name: 'Gus Patel (Billing)', role: 'biller' },
  { username: 'coder', name: 'Hal Young (Coding)', role: 'coder' },
  { username: 'privacy', name: 'Ida Novak (Privacy Office)', role: 'privacy-officer' },
  { username: 'admin', name: 'Joe Admin', role: 'admin' },
];

/**
 * The embedded demo's system clients (OAuth 2.0 client credentials), each with the most its
 * tokens may carry. Only with AUTH_MODE=dev; in production the identity provider registers clients.
 */
export const demoClients: ReadonlyArray<{ clientId: string; clientSecret: string; name: string; scopes: readonly string[] }> = [
  { clientId: 'lab-interface', clientSecret: 'dev-lab-interface-secret', name: 'Laboratory interface', scopes: ['system/Patient.read', 'system/Encounter.read', 'system/MedicationRequest.read', 'system/AllergyIntolerance.read'] },
  { clientId: 'billing-export', clientSecret: 'dev-billing-export-secret', name: 'Billing export', scopes: ['system/Patient.read', 'system/Account.read'] },
];
