import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { instant } from './adt-codes.js';

/** A provider from the registry, as the claim (837I loop 2310A) and PV1-7 need them. */
export const attendingProvider = z.object({
  npi: z.string().regex(/^[12]\d{9}$/),
  familyName: z.string().min(1),
  givenName: z.string().min(1),
  /** NUCC health care provider taxonomy code, e.g. 207R00000X internal medicine. */
  taxonomy: z.string().regex(/^[0-9A-Z]{9}X$/),
});
export type AttendingProvider = z.infer<typeof attendingProvider>;

export const attendingAssigned = defineEvent({
  type: 'adt.attending.assigned',
  description:
    "The attending physician of an encounter, from the provider registry: set at admission, then changed when care passes to another physician (HL7 PV1-7). Stream attending-<encounterId>.",
  schema: z.object({
    encounterId: z.string(),
    patientId: z.string(),
    attending: attendingProvider,
    /** The physician this one replaces; null at admission. */
    previous: attendingProvider.nullable(),
    at: instant,
    reason: z.string().min(1).nullable(),
  }),
});

export const adtAttendingEvents = [attendingAssigned];
