import type { ControlledSchedule, DoseQuantity, DoseUnit, MedicationRoute } from '@ehr/contracts';

/** Units an ingredient's strength is written in: masses always in mg. */
export type StrengthUnit = 'mg' | '[iU]' | 'meq';

/** The countable thing a strength is given per. */
export type FormUnit = '{tablet}' | '{capsule}' | '{vial}' | 'mL';

export interface Ingredient {
  ingredient: string;
  /** Amount in one form unit (one tablet, one vial, one mL). */
  amount: number;
  unit: StrengthUnit;
}

export interface DrugPackage {
  description: string;
  ndc10: string;
  ndc11: string;
  gtin: string;
}

export interface FormularyDrug {
  drugId: string;
  /** RxNorm clinical drug style: ingredient, strength, dose form. */
  name: string;
  form: FormUnit;
  ingredients: Ingredient[];
  routes: MedicationRoute[];
  /** For duplicate-therapy checks: two active orders in one class are flagged. */
  therapeuticClass: string;
  /** Allergen classes beyond the ingredients themselves ("penicillins"). */
  allergyClasses: string[];
  /** ISMP high-alert medication: independent double check at the bedside. */
  highAlert: boolean;
  controlledSchedule: ControlledSchedule | null;
  /** On the hospital's list of time-critical scheduled medications (ISMP). */
  timeCritical: boolean;
  packages: DrugPackage[];
}

export interface Formulary {
  drugs: ReadonlyMap<string, FormularyDrug>;
  /** Adult maximum per 24 hours by ingredient, in its strength unit. */
  dailyMaximums: ReadonlyMap<string, { amount: number; unit: StrengthUnit }>;
  /** Adult maximum in one dose by ingredient, in its strength unit (acetaminophen 1,000 mg). */
  singleDoseMaximums: ReadonlyMap<string, { amount: number; unit: StrengthUnit }>;
}

const mgPer: Partial<Record<DoseUnit, number>> = { mcg: 0.001, mg: 1, g: 1000 };

/**
 * The dose units a prescriber may use for a drug: its dose form always; for a single
 * ingredient also the ingredient's own unit (masses in mcg, mg or g). A combination product
 * is ordered in dose forms: "5 mg" of oxycodone/acetaminophen says nothing about the other half.
 */
export function doseUnitsFor(drug: FormularyDrug): DoseUnit[] {
  const [only, ...others] = drug.ingredients;
  if (!only || others.length > 0) return [drug.form];
  const ingredientUnits: DoseUnit[] = only.unit === 'mg' ? ['mcg', 'mg', 'g'] : [only.unit];
  return [drug.form, ...ingredientUnits.filter((unit) => unit !== drug.form)];
}

/** How much of each ingredient a quantity of the drug holds; the unit must be one of `doseUnitsFor`. */
export function ingredientAmounts(drug: FormularyDrug, quantity: DoseQuantity): Array<{ ingredient: string; amount: number; unit: StrengthUnit }> {
  if (quantity.unit === drug.form) {
    return drug.ingredients.map((i) => ({ ingredient: i.ingredient, amount: i.amount * quantity.value, unit: i.unit }));
  }
  if (!doseUnitsFor(drug).includes(quantity.unit)) throw new RangeError(`${drug.name} cannot be measured in ${quantity.unit}`);
  const only = drug.ingredients[0]!;
  const amount = only.unit === 'mg' ? quantity.value * mgPer[quantity.unit]! : quantity.value;
  return [{ ingredient: only.ingredient, amount, unit: only.unit }];
}

/** Ingredient codes and allergen classes an allergy entry may name to match this drug. */
export const allergenCodesOf = (drug: FormularyDrug): string[] => [...drug.ingredients.map((i) => i.ingredient), ...drug.allergyClasses];

const unitWords: Partial<Record<DoseUnit | StrengthUnit, [string, string]>> = {
  '{tablet}': ['tablet', 'tablets'],
  '{capsule}': ['capsule', 'capsules'],
  '{vial}': ['vial', 'vials'],
  '[iU]': ['unit', 'units'],
  meq: ['mEq', 'mEq'],
};

/** A unit as a clinician reads it: "tablets", "units", "mg". */
export const unitName = (unit: DoseUnit | StrengthUnit): string => unitWords[unit]?.[1] ?? unit;

/** "2 tablets", "1 g", "10 units": how a quantity reads on screen. */
export function formatQuantity(value: number, unit: DoseUnit | StrengthUnit): string {
  const words = unitWords[unit];
  const amount = Number(value.toFixed(3));
  return `${amount} ${words ? words[amount === 1 ? 0 : 1] : unit}`;
}
