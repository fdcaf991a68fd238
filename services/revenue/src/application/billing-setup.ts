import type { LevelOfCare } from '@ehr/contracts';
import type { DrugBilling, OrderCatalog } from '../domain/charge-capture.js';
import type { Envelope } from '../domain/x12-837i.js';

/**
 * The demo hospital's billing set-up: what each level of care bills as a room day, what each
 * orderable and drug bills as, and who the hospital is on the 837I. Codes are real; the
 * identifiers are the documented test values (NPI 1234567893 passes the check digit).
 */
export const accommodationByLevel: Record<LevelOfCare, string> = {
  'med-surg': '0121',
  telemetry: '0206',
  icu: '0200',
  // An inpatient boarding in an ED bed still occupies an inpatient day at the general rate.
  ed: '0120',
};

export const roomChargeCode = (revenueCode: string): string => `RB-${revenueCode}`;

/** The hospital is paid under IPPS: its payment window is the admission date and the 3 days before (1 for non-IPPS hospitals). */
export const paymentWindowDays = 3;

/** A night away on leave of absence: revenue code 0180, reported on the claim at no charge. */
export const leaveOfAbsenceRevenueCode = '0180';

/** Lab by LOINC, imaging by modality and study as order entry names it. */
export const orderCatalog: OrderCatalog = {
  lab: { '24323-8': 'LAB-80053', '58410-2': 'LAB-85025', '600-7': 'LAB-87040' },
  imaging: { 'XR:Chest 2 views': 'RAD-71046', 'CT:Abdomen and pelvis with contrast': 'RAD-74177', 'US:Abdomen complete': 'RAD-76700' },
};

/** Drugs that bill with a J-code (0636); every other dose given bills once as general pharmacy (0250). */
export const drugBilling: Record<string, DrugBilling> = {
  'morphine-4-inj': { chargeCode: 'RX-J2270', unitDose: { value: 10, unit: 'mg' } },
};
export const generalPharmacyCode = 'RX-0250';

export const envelopeFor = (interchangeControlNumber: number, createdAt: string, receiver: { name: string; id: string }): Envelope => ({
  senderId: 'GENHOSP',
  receiverId: receiver.id,
  interchangeControlNumber,
  groupControlNumber: interchangeControlNumber,
  createdAt,
  usage: 'T',
  submitter: { name: 'GENERAL HOSPITAL', id: 'GENHOSP', contactName: 'PATIENT ACCOUNTS', phone: '5555550100' },
  receiver,
  billingProvider: { name: 'GENERAL HOSPITAL', npi: '1234567893', taxId: '123456789', street: '1 MAIN ST', city: 'SPRINGFIELD', state: 'IL', zip9: '627010001' },
});
