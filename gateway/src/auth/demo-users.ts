import type { Role } from '@ehr/platform';

/** Who can sign in to the embedded demo: one person per role. Never enabled with AUTH_MODE=oidc. */
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
