import type { Formulary, FormularyDrug } from './formulary.js';
import { gtinFromNdc10, toNdc11 } from '@ehr/contracts';

/**
 * The demo hospital's formulary. Names, strengths, classes and flags are those of real drugs;
 * the package codes are invented (labelers 0999, 99901, 99902, one per NDC layout) and
 * belong to no real product. A live system loads its formulary from a licensed drug database.
 */
type SeedDrug = Omit<FormularyDrug, 'packages'> & { packages: Array<{ description: string; ndc10: string }> };

const pack = (ndc10: string, description = '1 tablet in 1 blister pack'): { description: string; ndc10: string } => ({ description, ndc10 });
const plain: Pick<FormularyDrug, 'allergyClasses' | 'highAlert' | 'controlledSchedule' | 'timeCritical'> = { allergyClasses: [], highAlert: false, controlledSchedule: null, timeCritical: false };

const drugs: SeedDrug[] = [
  {
    drugId: 'acetaminophen-500-tab', name: 'Acetaminophen 500 MG Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'acetaminophen', amount: 500, unit: 'mg' }], routes: ['oral', 'enteral-tube'],
    therapeuticClass: 'non-opioid-analgesic', ...plain, packages: [pack('0999-1001-01')],
  },
  {
    drugId: 'oxycodone-5-tab', name: 'Oxycodone Hydrochloride 5 MG Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'oxycodone', amount: 5, unit: 'mg' }], routes: ['oral'],
    therapeuticClass: 'opioid-analgesic', allergyClasses: ['opioids'], highAlert: true, controlledSchedule: 'CII', timeCritical: false,
    packages: [pack('99901-102-10')],
  },
  {
    drugId: 'oxycodone-apap-5-325-tab', name: 'Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'oxycodone', amount: 5, unit: 'mg' }, { ingredient: 'acetaminophen', amount: 325, unit: 'mg' }], routes: ['oral'],
    therapeuticClass: 'opioid-analgesic', allergyClasses: ['opioids'], highAlert: true, controlledSchedule: 'CII', timeCritical: false,
    packages: [pack('99902-2003-1')],
  },
  {
    drugId: 'hydromorphone-2-inj', name: 'Hydromorphone Hydrochloride 2 MG/ML Injectable Solution', form: 'mL',
    ingredients: [{ ingredient: 'hydromorphone', amount: 2, unit: 'mg' }], routes: ['intravenous', 'intramuscular', 'subcutaneous'],
    therapeuticClass: 'opioid-analgesic', allergyClasses: ['opioids'], highAlert: true, controlledSchedule: 'CII', timeCritical: false,
    packages: [pack('0999-1004-01', '1 mL in 1 cartridge')],
  },
  {
    drugId: 'morphine-4-inj', name: 'Morphine Sulfate 4 MG/ML Injectable Solution', form: 'mL',
    ingredients: [{ ingredient: 'morphine', amount: 4, unit: 'mg' }], routes: ['intravenous', 'intramuscular'],
    therapeuticClass: 'opioid-analgesic', allergyClasses: ['opioids'], highAlert: true, controlledSchedule: 'CII', timeCritical: false,
    packages: [pack('99901-105-10', '1 mL in 1 syringe')],
  },
  {
    drugId: 'ibuprofen-400-tab', name: 'Ibuprofen 400 MG Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'ibuprofen', amount: 400, unit: 'mg' }], routes: ['oral'],
    therapeuticClass: 'nsaid', ...plain, allergyClasses: ['nsaids'], packages: [pack('99902-2006-1')],
  },
  {
    drugId: 'amoxicillin-500-cap', name: 'Amoxicillin 500 MG Oral Capsule', form: '{capsule}',
    ingredients: [{ ingredient: 'amoxicillin', amount: 500, unit: 'mg' }], routes: ['oral'],
    therapeuticClass: 'penicillin-antibiotic', ...plain, allergyClasses: ['penicillins', 'beta-lactams'], timeCritical: true,
    packages: [pack('0999-1007-01', '1 capsule in 1 blister pack')],
  },
  {
    drugId: 'cefazolin-1g-inj', name: 'Cefazolin 1000 MG Injection', form: '{vial}',
    ingredients: [{ ingredient: 'cefazolin', amount: 1000, unit: 'mg' }], routes: ['intravenous', 'intramuscular'],
    therapeuticClass: 'cephalosporin-antibiotic', ...plain, allergyClasses: ['cephalosporins', 'beta-lactams'], timeCritical: true,
    packages: [pack('99901-108-10', '1 vial, single-dose')],
  },
  {
    drugId: 'ceftriaxone-1g-inj', name: 'Ceftriaxone 1000 MG Injection', form: '{vial}',
    ingredients: [{ ingredient: 'ceftriaxone', amount: 1000, unit: 'mg' }], routes: ['intravenous', 'intramuscular'],
    therapeuticClass: 'cephalosporin-antibiotic', ...plain, allergyClasses: ['cephalosporins', 'beta-lactams'], timeCritical: true,
    packages: [pack('99902-2009-1', '1 vial, single-dose')],
  },
  {
    drugId: 'vancomycin-1g-inj', name: 'Vancomycin 1000 MG Injection', form: '{vial}',
    ingredients: [{ ingredient: 'vancomycin', amount: 1000, unit: 'mg' }], routes: ['intravenous'],
    therapeuticClass: 'glycopeptide-antibiotic', ...plain, timeCritical: true, packages: [pack('0999-1010-01', '1 vial, single-dose')],
  },
  {
    drugId: 'smx-tmp-800-160-tab', name: 'Sulfamethoxazole 800 MG / Trimethoprim 160 MG Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'sulfamethoxazole', amount: 800, unit: 'mg' }, { ingredient: 'trimethoprim', amount: 160, unit: 'mg' }], routes: ['oral'],
    therapeuticClass: 'sulfonamide-antibiotic', ...plain, allergyClasses: ['sulfonamide-antibiotics'], timeCritical: true,
    packages: [pack('99901-111-10')],
  },
  {
    drugId: 'metoprolol-tartrate-25-tab', name: 'Metoprolol Tartrate 25 MG Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'metoprolol', amount: 25, unit: 'mg' }], routes: ['oral', 'enteral-tube'],
    therapeuticClass: 'beta-blocker', ...plain, packages: [pack('99902-2012-1'), pack('0999-1013-01', '100 tablets in 1 bottle')],
  },
  {
    drugId: 'metoprolol-succinate-er-25-tab', name: '24 HR Metoprolol Succinate 25 MG Extended Release Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'metoprolol', amount: 25, unit: 'mg' }], routes: ['oral'],
    therapeuticClass: 'beta-blocker', ...plain, packages: [pack('99901-114-10')],
  },
  {
    drugId: 'digoxin-0.125-tab', name: 'Digoxin 0.125 MG Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'digoxin', amount: 0.125, unit: 'mg' }], routes: ['oral'],
    therapeuticClass: 'cardiac-glycoside', ...plain, packages: [pack('99902-2015-1')],
  },
  {
    drugId: 'lisinopril-10-tab', name: 'Lisinopril 10 MG Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'lisinopril', amount: 10, unit: 'mg' }], routes: ['oral'],
    therapeuticClass: 'ace-inhibitor', ...plain, packages: [pack('0999-1016-01')],
  },
  {
    drugId: 'furosemide-10-inj', name: 'Furosemide 10 MG/ML Injectable Solution', form: 'mL',
    ingredients: [{ ingredient: 'furosemide', amount: 10, unit: 'mg' }], routes: ['intravenous', 'intramuscular'],
    therapeuticClass: 'loop-diuretic', ...plain, packages: [pack('99901-117-10', '2 mL in 1 vial, single-dose')],
  },
  {
    drugId: 'insulin-lispro-100-inj', name: 'Insulin Lispro 100 UNT/ML Injectable Solution', form: 'mL',
    ingredients: [{ ingredient: 'insulin-lispro', amount: 100, unit: '[iU]' }], routes: ['subcutaneous'],
    therapeuticClass: 'rapid-acting-insulin', allergyClasses: [], highAlert: true, controlledSchedule: null, timeCritical: true,
    packages: [pack('99902-2018-1', '10 mL in 1 vial, multi-dose')],
  },
  {
    drugId: 'insulin-glargine-100-inj', name: 'Insulin Glargine 100 UNT/ML Injectable Solution', form: 'mL',
    ingredients: [{ ingredient: 'insulin-glargine', amount: 100, unit: '[iU]' }], routes: ['subcutaneous'],
    therapeuticClass: 'long-acting-insulin', allergyClasses: [], highAlert: true, controlledSchedule: null, timeCritical: true,
    packages: [pack('0999-1019-01', '10 mL in 1 vial, multi-dose')],
  },
  {
    drugId: 'heparin-5000-inj', name: 'Heparin Sodium, Porcine 5000 UNT/ML Injectable Solution', form: 'mL',
    ingredients: [{ ingredient: 'heparin', amount: 5000, unit: '[iU]' }], routes: ['subcutaneous', 'intravenous'],
    therapeuticClass: 'anticoagulant', allergyClasses: [], highAlert: true, controlledSchedule: null, timeCritical: true,
    packages: [pack('99901-120-10', '1 mL in 1 vial, single-dose')],
  },
  {
    drugId: 'enoxaparin-40-syringe', name: 'Enoxaparin Sodium 100 MG/ML Prefilled Syringe', form: 'mL',
    ingredients: [{ ingredient: 'enoxaparin', amount: 100, unit: 'mg' }], routes: ['subcutaneous'],
    therapeuticClass: 'anticoagulant', allergyClasses: [], highAlert: true, controlledSchedule: null, timeCritical: true,
    packages: [pack('99902-2021-1', '0.4 mL in 1 syringe')],
  },
  {
    drugId: 'potassium-chloride-20-er-tab', name: 'Potassium Chloride 20 MEQ Extended Release Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'potassium-chloride', amount: 20, unit: 'meq' }], routes: ['oral'],
    therapeuticClass: 'potassium-supplement', ...plain, packages: [pack('0999-1022-01')],
  },
  {
    drugId: 'ondansetron-2-inj', name: 'Ondansetron 2 MG/ML Injectable Solution', form: 'mL',
    ingredients: [{ ingredient: 'ondansetron', amount: 2, unit: 'mg' }], routes: ['intravenous', 'intramuscular'],
    therapeuticClass: 'antiemetic', ...plain, packages: [pack('99901-123-10', '2 mL in 1 vial, single-dose')],
  },
  {
    drugId: 'pantoprazole-40-dr-tab', name: 'Pantoprazole 40 MG Delayed Release Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'pantoprazole', amount: 40, unit: 'mg' }], routes: ['oral'],
    therapeuticClass: 'proton-pump-inhibitor', ...plain, packages: [pack('99902-2024-1')],
  },
  {
    drugId: 'lorazepam-2-inj', name: 'Lorazepam 2 MG/ML Injectable Solution', form: 'mL',
    ingredients: [{ ingredient: 'lorazepam', amount: 2, unit: 'mg' }], routes: ['intravenous', 'intramuscular'],
    therapeuticClass: 'benzodiazepine', allergyClasses: ['benzodiazepines'], highAlert: true, controlledSchedule: 'CIV', timeCritical: false,
    packages: [pack('0999-1025-01', '1 mL in 1 vial, single-dose')],
  },
  {
    drugId: 'levetiracetam-500-tab', name: 'Levetiracetam 500 MG Oral Tablet', form: '{tablet}',
    ingredients: [{ ingredient: 'levetiracetam', amount: 500, unit: 'mg' }], routes: ['oral', 'enteral-tube'],
    therapeuticClass: 'anticonvulsant', ...plain, timeCritical: true, packages: [pack('99901-126-10')],
  },
];

export const seedFormulary: Formulary = {
  drugs: new Map(
    drugs.map((d) => [
      d.drugId,
      { ...d, packages: d.packages.map((p) => ({ ...p, ndc11: toNdc11(p.ndc10), gtin: gtinFromNdc10(p.ndc10) })) },
    ]),
  ),
  dailyMaximums: new Map([
    ['acetaminophen', { amount: 4000, unit: 'mg' }],
    ['ibuprofen', { amount: 3200, unit: 'mg' }],
    ['metoprolol', { amount: 450, unit: 'mg' }],
    ['lisinopril', { amount: 80, unit: 'mg' }],
  ]),
  singleDoseMaximums: new Map([
    ['acetaminophen', { amount: 1000, unit: 'mg' }],
    ['ibuprofen', { amount: 800, unit: 'mg' }],
  ]),
};
