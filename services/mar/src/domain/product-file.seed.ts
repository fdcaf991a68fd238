import { type DoseQuantity, gtinFromNdc10, toNdc11 } from '@ehr/contracts';
import type { Product } from './product-catalog.js';

/**
 * The demo hospital's dispensing product file: the packages pharmacy stocks, by barcode. The
 * package codes are the invented ones of the demo formulary (labelers 0999, 99901, 99902) and
 * belong to no real product. Orders never carry package codes, so the eMAR keeps its own file;
 * a live system loads it from the pharmacy's product master (docs/adr/0010).
 */
const pack = (drugId: string, description: string, ndc10: string, packageAmount: DoseQuantity): Product => ({
  drugId,
  description,
  gtin: gtinFromNdc10(ndc10),
  ndc11: toNdc11(ndc10),
  packageAmount,
});

const mg = (value: number): DoseQuantity => ({ value, unit: 'mg' });
const units = (value: number): DoseQuantity => ({ value, unit: '[iU]' });

export const seedProducts: readonly Product[] = [
  pack('acetaminophen-500-tab', 'Acetaminophen 500 mg tablet, blister', '0999-1001-01', mg(500)),
  pack('oxycodone-5-tab', 'Oxycodone 5 mg tablet, blister', '99901-102-10', mg(5)),
  pack('oxycodone-apap-5-325-tab', 'Oxycodone 5 mg / acetaminophen 325 mg tablet, blister', '99902-2003-1', { value: 1, unit: '{tablet}' }),
  pack('hydromorphone-2-inj', 'Hydromorphone 2 mg/mL, 1 mL cartridge', '0999-1004-01', mg(2)),
  pack('morphine-4-inj', 'Morphine 4 mg/mL, 1 mL syringe', '99901-105-10', mg(4)),
  pack('ibuprofen-400-tab', 'Ibuprofen 400 mg tablet, blister', '99902-2006-1', mg(400)),
  pack('amoxicillin-500-cap', 'Amoxicillin 500 mg capsule, blister', '0999-1007-01', mg(500)),
  pack('cefazolin-1g-inj', 'Cefazolin 1 g vial', '99901-108-10', mg(1000)),
  pack('ceftriaxone-1g-inj', 'Ceftriaxone 1 g vial', '99902-2009-1', mg(1000)),
  pack('vancomycin-1g-inj', 'Vancomycin 1 g vial', '0999-1010-01', mg(1000)),
  pack('smx-tmp-800-160-tab', 'Sulfamethoxazole 800 mg / trimethoprim 160 mg tablet, blister', '99901-111-10', { value: 1, unit: '{tablet}' }),
  pack('metoprolol-tartrate-25-tab', 'Metoprolol tartrate 25 mg tablet, blister', '99902-2012-1', mg(25)),
  pack('metoprolol-tartrate-25-tab', 'Metoprolol tartrate 25 mg tablets, bottle of 100', '0999-1013-01', mg(2500)),
  pack('metoprolol-succinate-er-25-tab', 'Metoprolol succinate ER 25 mg tablet, blister', '99901-114-10', mg(25)),
  pack('digoxin-0.125-tab', 'Digoxin 0.125 mg tablet, blister', '99902-2015-1', mg(0.125)),
  pack('lisinopril-10-tab', 'Lisinopril 10 mg tablet, blister', '0999-1016-01', mg(10)),
  pack('furosemide-10-inj', 'Furosemide 10 mg/mL, 2 mL vial', '99901-117-10', mg(20)),
  pack('insulin-lispro-100-inj', 'Insulin lispro 100 units/mL, 10 mL vial', '99902-2018-1', units(1000)),
  pack('insulin-glargine-100-inj', 'Insulin glargine 100 units/mL, 10 mL vial', '0999-1019-01', units(1000)),
  pack('heparin-5000-inj', 'Heparin 5,000 units/mL, 1 mL vial', '99901-120-10', units(5000)),
  pack('enoxaparin-40-syringe', 'Enoxaparin 40 mg/0.4 mL prefilled syringe', '99902-2021-1', mg(40)),
  pack('potassium-chloride-20-er-tab', 'Potassium chloride ER 20 mEq tablet, blister', '0999-1022-01', { value: 20, unit: 'meq' }),
  pack('ondansetron-2-inj', 'Ondansetron 2 mg/mL, 2 mL vial', '99901-123-10', mg(4)),
  pack('pantoprazole-40-dr-tab', 'Pantoprazole DR 40 mg tablet, blister', '99902-2024-1', mg(40)),
  pack('lorazepam-2-inj', 'Lorazepam 2 mg/mL, 1 mL vial', '0999-1025-01', mg(2)),
  pack('levetiracetam-500-tab', 'Levetiracetam 500 mg tablet, blister', '99901-126-10', mg(500)),
];
