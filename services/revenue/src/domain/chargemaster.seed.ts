import { Chargemaster, type ChargemasterRow } from './chargemaster.js';

/**
 * The demo hospital's chargemaster. Codes and revenue codes are real; prices are invented.
 * Room rates rose on 2026-01-01, to show that a new row never reprices posted days.
 */
const row = (chargeCode: string, description: string, revenueCode: string, hcpcs: string | null, priceCents: number, extra: Partial<ChargemasterRow> = {}): ChargemasterRow => ({
  chargeCode,
  description,
  revenueCode,
  hcpcs,
  modifiers: [],
  priceCents,
  unitMultiplier: 1,
  effectiveFrom: '2020-01-01',
  effectiveTo: null,
  ...extra,
});

export const demoChargemasterRows: ChargemasterRow[] = [
  row('RB-0120', 'ROOM SEMI-PRIVATE GENERAL', '0120', null, 210_000, { effectiveTo: '2026-01-01' }),
  row('RB-0120', 'ROOM SEMI-PRIVATE GENERAL', '0120', null, 225_000, { effectiveFrom: '2026-01-01' }),
  row('RB-0121', 'ROOM SEMI-PRIVATE MED-SURG', '0121', null, 230_000, { effectiveTo: '2026-01-01' }),
  row('RB-0121', 'ROOM SEMI-PRIVATE MED-SURG', '0121', null, 245_000, { effectiveFrom: '2026-01-01' }),
  row('RB-0111', 'ROOM PRIVATE MED-SURG', '0111', null, 260_000),
  row('RB-0200', 'ICU GENERAL', '0200', null, 650_000),
  row('RB-0206', 'ICU INTERMEDIATE', '0206', null, 420_000),
  // A leave-of-absence night holds the bed but is no room day: reported at no charge.
  row('RB-0180', 'LEAVE OF ABSENCE', '0180', null, 0),
  row('OBS-G0378', 'HOSPITAL OBSERVATION PER HOUR', '0762', 'G0378', 12_000),
  row('ED-0450', 'EMERGENCY ROOM GENERAL', '0450', null, 45_000),
  row('ED-99281', 'ED FACILITY LEVEL 1', '0450', '99281', 30_000),
  row('ED-99282', 'ED FACILITY LEVEL 2', '0450', '99282', 60_000),
  row('ED-99283', 'ED FACILITY LEVEL 3', '0450', '99283', 110_000),
  row('ED-99284', 'ED FACILITY LEVEL 4', '0450', '99284', 190_000),
  row('ED-99285', 'ED FACILITY LEVEL 5', '0450', '99285', 320_000),
  row('LAB-80053', 'COMPREHENSIVE METABOLIC PANEL', '0301', '80053', 18_000),
  row('LAB-85025', 'CBC WITH AUTO DIFF', '0305', '85025', 9_500),
  row('LAB-87040', 'BLOOD CULTURE', '0306', '87040', 14_000),
  row('RAD-71046', 'XR CHEST 2 VIEWS', '0324', '71046', 42_000),
  row('RAD-74177', 'CT ABD PELVIS W CONTRAST', '0350', '74177', 310_000),
  row('RAD-76700', 'US ABDOMEN COMPLETE', '0402', '76700', 95_000),
  row('RX-J1100', 'DEXAMETHASONE SODIUM PHOS 1 MG', '0636', 'J1100', 1_200),
  row('RX-J2270', 'MORPHINE SULFATE UP TO 10 MG', '0636', 'J2270', 2_500),
  row('RX-0250', 'PHARMACY GENERAL', '0250', null, 800),
];

export const demoChargemaster = new Chargemaster(demoChargemasterRows);
