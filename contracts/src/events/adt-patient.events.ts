import { z } from 'zod';
import { defineEvent } from '../registry.js';
import { administrativeSex, calendarDate } from './adt-codes.js';

export const demographics = z.object({
  familyName: z.string().trim().min(1),
  givenNames: z.array(z.string().trim().min(1)).min(1),
  birthDate: calendarDate,
  sex: administrativeSex,
  phone: z.string().trim().min(1).nullable(),
  address: z
    .object({ line: z.array(z.string()), city: z.string(), state: z.string(), postalCode: z.string() })
    .nullable(),
});
export type Demographics = z.infer<typeof demographics>;

export const patientRegistered = defineEvent({
  type: 'adt.patient.registered',
  description: 'A patient was registered and given a medical record number.',
  schema: z.object({
    patientId: z.string(),
    mrn: z.string(),
    demographics,
    /** Present when the registrar saved despite possible duplicates; audited. */
    duplicateOverride: z.object({ reason: z.string().min(1), candidatePatientIds: z.array(z.string()).min(1) }).nullable(),
  }),
});

export const patientDemographicsUpdated = defineEvent({
  type: 'adt.patient.demographics-updated',
  description: "The patient's demographics were corrected or updated (HL7 A08).",
  schema: z.object({
    patientId: z.string(),
    demographics,
    /** Why it was corrected (absent on updates recorded before corrections took a reason). */
    reason: z.string().min(1).optional(),
    /** Which parts changed: name, birthDate, sex, phone, address. */
    changed: z.array(z.string()).optional(),
  }),
});

export const patientMergedInto = defineEvent({
  type: 'adt.patient.merged-into',
  description: 'This patient record was found to be a duplicate and retired into the survivor (HL7 A40).',
  schema: z.object({ patientId: z.string(), mrn: z.string(), survivorPatientId: z.string(), survivorMrn: z.string(), reason: z.string().min(1) }),
});

export const patientAbsorbedDuplicate = defineEvent({
  type: 'adt.patient.absorbed-duplicate',
  description: "The survivor of a merge took over a retired record's identifiers and history.",
  schema: z.object({ patientId: z.string(), retiredPatientId: z.string(), retiredMrn: z.string() }),
});

/** The generated name an unidentified patient goes by until their identity is known. */
export const unidentifiedAlias = z.object({ familyName: z.string().min(1), givenNames: z.array(z.string().min(1)).min(1) });

export const patientRegisteredUnidentified = defineEvent({
  type: 'adt.patient.registered-unidentified',
  description:
    'A patient who could not be identified (trauma, unconscious, confused) was registered under a generated alias and a new MRN. The birth date is unknown, never a placeholder.',
  schema: z.object({
    patientId: z.string(),
    mrn: z.string(),
    alias: unidentifiedAlias,
    sex: administrativeSex,
    /** What staff estimate, for the clinicians; not a birth date. */
    estimatedAgeYears: z.number().int().min(0).max(130).nullable(),
    circumstances: z.string().min(1),
  }),
});

export const patientIdentified = defineEvent({
  type: 'adt.patient.identified',
  description: "An unidentified patient's identity was confirmed and replaces the alias (HL7 A08); the wristband must be reprinted.",
  schema: z.object({ patientId: z.string(), demographics, howConfirmed: z.string().min(1) }),
});

export const patientWristbandPrinted = defineEvent({
  type: 'adt.patient.wristband-printed',
  description: 'A wristband with the current name and MRN was printed and put on the patient.',
  schema: z.object({ patientId: z.string() }),
});

export const adtPatientEvents = [
  patientRegistered, patientDemographicsUpdated, patientMergedInto, patientAbsorbedDuplicate,
  patientRegisteredUnidentified, patientIdentified, patientWristbandPrinted,
];
