import { AccessReport } from './AccessReport';
import { Billing } from './Billing';
import { Coding } from './Coding';
import { Registration } from './Registration';
import { Reports } from './Reports';

/** The office screens (registration, coding, billing, reports, the privacy office), in the order the top bar shows them. */
export const officeScreens = [
  { path: 'register', label: 'Registration', title: 'Registration and coverage', Screen: Registration },
  { path: 'coding', label: 'Coding', title: 'Coding', Screen: Coding },
  { path: 'billing', label: 'Billing', title: 'Billing: claims to remittance', Screen: Billing },
  { path: 'reports', label: 'Reports', title: 'Reports', Screen: Reports },
  { path: 'access-log', label: 'Access log', title: 'Privacy access report', Screen: AccessReport },
] as const;
