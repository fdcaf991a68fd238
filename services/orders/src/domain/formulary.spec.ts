import { doseUnitsFor, formatQuantity, ingredientAmounts } from './formulary.js';
import { seedFormulary } from './formulary.seed.js';
import { gs1CheckDigit } from '@ehr/contracts';

const drug = (drugId: string) => {
  const found = seedFormulary.drugs.get(drugId);
  if (!found) throw new Error(`${drugId} is not in the seed formulary`);
  return found;
};

describe('the seed formulary', () => {
  const drugs = [...seedFormulary.drugs.values()];

  it('holds about twenty drugs, with high-alert and controlled substances among them', () => {
    expect(drugs.length).toBeGreaterThanOrEqual(20);
    expect(drugs.filter((d) => d.highAlert).map((d) => d.drugId)).toEqual(expect.arrayContaining(['insulin-lispro-100-inj', 'heparin-5000-inj', 'hydromorphone-2-inj']));
    expect(drug('hydromorphone-2-inj').controlledSchedule).toBe('CII');
    expect(drug('lorazepam-2-inj').controlledSchedule).toBe('CIV');
    expect(drug('acetaminophen-500-tab').controlledSchedule).toBeNull();
  });

  it('gives every package an NDC-11 and a GTIN-14 with a valid check digit, none shared', () => {
    const packages = drugs.flatMap((d) => d.packages);
    for (const p of packages) {
      expect(p.ndc11).toMatch(/^\d{5}-\d{4}-\d{2}$/);
      expect(p.ndc11.replaceAll('-', '')).toHaveLength(11);
      expect(p.gtin).toMatch(/^003\d{11}$/);
      expect(p.gtin.slice(3, 13)).toBe(p.ndc10.replaceAll('-', ''));
      expect(Number(p.gtin[13])).toBe(gs1CheckDigit(p.gtin.slice(0, 13)));
    }
    expect(new Set(packages.map((p) => p.gtin)).size).toBe(packages.length);
  });

  it('tells metoprolol tartrate from metoprolol succinate ER by product', () => {
    const tartrate = drug('metoprolol-tartrate-25-tab');
    const succinate = drug('metoprolol-succinate-er-25-tab');
    expect(tartrate.therapeuticClass).toBe(succinate.therapeuticClass);
    expect(tartrate.packages.map((p) => p.gtin)).not.toEqual(expect.arrayContaining(succinate.packages.map((p) => p.gtin)));
  });
});

describe('dose units and ingredient amounts', () => {
  it('lets a single-ingredient drug be dosed in its form or its ingredient unit', () => {
    expect(doseUnitsFor(drug('acetaminophen-500-tab'))).toEqual(['{tablet}', 'mcg', 'mg', 'g']);
    expect(doseUnitsFor(drug('insulin-lispro-100-inj'))).toEqual(['mL', '[iU]']);
    expect(doseUnitsFor(drug('potassium-chloride-20-er-tab'))).toEqual(['{tablet}', 'meq']);
  });

  it('doses a combination product only in its dose form', () => {
    expect(doseUnitsFor(drug('oxycodone-apap-5-325-tab'))).toEqual(['{tablet}']);
  });

  it('converts a dose into the amount of each ingredient', () => {
    expect(ingredientAmounts(drug('acetaminophen-500-tab'), { value: 1, unit: 'g' })).toEqual([{ ingredient: 'acetaminophen', amount: 1000, unit: 'mg' }]);
    expect(ingredientAmounts(drug('oxycodone-apap-5-325-tab'), { value: 2, unit: '{tablet}' })).toEqual([
      { ingredient: 'oxycodone', amount: 10, unit: 'mg' },
      { ingredient: 'acetaminophen', amount: 650, unit: 'mg' },
    ]);
    expect(ingredientAmounts(drug('hydromorphone-2-inj'), { value: 0.25, unit: 'mL' })).toEqual([{ ingredient: 'hydromorphone', amount: 0.5, unit: 'mg' }]);
    expect(() => ingredientAmounts(drug('oxycodone-apap-5-325-tab'), { value: 5, unit: 'mg' })).toThrow(/cannot be measured in mg/);
  });

  it('writes quantities the way a clinician reads them', () => {
    expect(formatQuantity(2, '{tablet}')).toBe('2 tablets');
    expect(formatQuantity(1, '{capsule}')).toBe('1 capsule');
    expect(formatQuantity(10, '[iU]')).toBe('10 units');
    expect(formatQuantity(5950, 'mg')).toBe('5950 mg');
  });
});
