import { z } from 'zod';

/** Patient class. HL7 v2 has no observation code: observation maps to PV1-2 "O" explicitly. */
export const encounterClass = z.enum(['inpatient', 'observation', 'emergency']);
export type EncounterClass = z.infer<typeof encounterClass>;

/** UB-04 patient discharge status (PV1-36 in the US). */
export const dischargeDisposition = z.enum([
  '01', '02', '03', '04', '05', '06', '07', '09', '20', '21', '30', '43', '50', '51', '61', '62', '63', '64', '65', '66', '70',
]);
export type DischargeDisposition = z.infer<typeof dischargeDisposition>;

export const administrativeSex = z.enum(['female', 'male', 'other', 'unknown']);

export const isolationType = z.enum(['contact', 'droplet', 'airborne', 'contact-enteric', 'protective']);
export type IsolationType = z.infer<typeof isolationType>;

export const instant = z.iso.datetime({ offset: true });
/** A real calendar day, YYYY-MM-DD: the format check alone lets 1791-02-30 through. */
export const calendarDate = z.iso.date().refine((value) => {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}, 'is not a real calendar date');

/** Where a unit cares for patients; a move between levels puts the patient's orders up for review. */
export const levelOfCare = z.enum(['ed', 'med-surg', 'telemetry', 'icu']);
export type LevelOfCare = z.infer<typeof levelOfCare>;
