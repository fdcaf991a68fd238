import type { DoseQuantity, MedicationFrequency, OrderAlert } from '@ehr/contracts';
import type { RecordedAllergy } from './allergy.decider.js';
import { allergenCodesOf, type Formulary, type FormularyDrug, formatQuantity, ingredientAmounts } from './formulary.js';
import { maxQuantityPer24h } from './frequency.js';

/** A medication order already active for the patient, as the orders read model knows it. */
export interface ActiveMedication {
  orderId: string;
  drugId: string;
  dose: DoseQuantity;
  frequency: MedicationFrequency;
}

const words = (code: string) => code.replaceAll('-', ' ');

/** Lower-case words, a plural "s" dropped: "Penicillins" and "penicillin" meet. */
const stem = (text: string) => words(text).toLowerCase().replace(/s\b/g, '').trim();

/**
 * An allergy matches by code, and also by name: one recorded as free text or under a code the
 * list does not know ("penicillin") is matched against the drug's ingredient and class names,
 * so it never silences the check.
 */
function allergyMatches(allergy: RecordedAllergy, codes: string[]): string | undefined {
  if (codes.includes(allergy.substance.code)) return allergy.substance.code;
  const recorded = ` ${stem(`${allergy.substance.code} ${allergy.substance.display}`)} `;
  return codes.find((code) => recorded.includes(` ${stem(code)} `));
}

function allergyAlerts(drug: FormularyDrug, allergies: RecordedAllergy[]): OrderAlert[] {
  const codes = allergenCodesOf(drug);
  return allergies.flatMap((a): OrderAlert[] => {
    const matched = allergyMatches(a, codes);
    if (matched === undefined) return [];
    const isIngredient = drug.ingredients.some((i) => i.ingredient === matched);
    return [
      {
        kind: 'allergy',
        key: `allergy:${a.substance.code}`,
        message: `Allergy: documented allergy to ${a.substance.display}${a.reaction ? ` (${a.reaction})` : ''}: ${drug.name} ${isIngredient ? 'contains it' : 'belongs to that class'}.`,
      },
    ];
  });
}

/** One dose, or this order's 24 hours, above the ingredient's adult maximum (acetaminophen 1 g q2h is 12 g a day). */
function doseRangeAlerts(drug: FormularyDrug, order: { dose: DoseQuantity; frequency: MedicationFrequency }, formulary: Formulary): OrderAlert[] {
  const perDose = ingredientAmounts(drug, order.dose);
  const perDay = ingredientAmounts(drug, maxQuantityPer24h(order.dose, order.frequency));
  return perDose.flatMap(({ ingredient, amount, unit }): OrderAlert[] => {
    const single = formulary.singleDoseMaximums.get(ingredient);
    const daily = formulary.dailyMaximums.get(ingredient);
    const day = perDay.find((i) => i.ingredient === ingredient)!.amount;
    const over = [
      single && amount > single.amount ? `${formatQuantity(amount, unit)} in one dose is above the ${formatQuantity(single.amount, single.unit)} single-dose maximum` : null,
      daily && day > daily.amount ? `up to ${formatQuantity(day, unit)} in 24 hours is above the ${formatQuantity(daily.amount, daily.unit)} daily maximum` : null,
    ].filter((m): m is string => m !== null);
    if (over.length === 0) return [];
    return [{ kind: 'dose-range', key: `dose-range:${ingredient}`, message: `Dose range: ${words(ingredient)} ${over.join('; ')}.` }];
  });
}

/** Same ingredient in another active order, with what they add up to in 24 hours. */
function duplicateIngredientAlerts(drug: FormularyDrug, per24h: DoseQuantity, others: Array<{ order: ActiveMedication; drug: FormularyDrug }>, formulary: Formulary): OrderAlert[] {
  return ingredientAmounts(drug, per24h).flatMap(({ ingredient, amount, unit }) => {
    const sharing = others.filter((o) => o.drug.ingredients.some((i) => i.ingredient === ingredient));
    if (sharing.length === 0) return [];
    const total =
      amount +
      sharing.reduce((sum, o) => sum + ingredientAmounts(o.drug, maxQuantityPer24h(o.order.dose, o.order.frequency)).find((i) => i.ingredient === ingredient)!.amount, 0);
    const max = formulary.dailyMaximums.get(ingredient);
    const limit = !max ? '' : total > max.amount ? `, above the ${formatQuantity(max.amount, max.unit)} daily maximum` : ` (daily maximum ${formatQuantity(max.amount, max.unit)})`;
    const alert: OrderAlert = {
      kind: 'duplicate-ingredient',
      key: `duplicate-ingredient:${ingredient}`,
      message: `Duplicate ingredient: ${words(ingredient)} is also in ${sharing.map((o) => `${o.drug.name} (order ${o.order.orderId})`).join(', ')}: up to ${formatQuantity(total, unit)} in 24 hours together${limit}.`,
    };
    return [alert];
  });
}

/** Another active drug of the same therapeutic class that shares no ingredient (that is reported above). */
function duplicateClassAlerts(drug: FormularyDrug, others: Array<{ order: ActiveMedication; drug: FormularyDrug }>): OrderAlert[] {
  const ingredients = new Set(drug.ingredients.map((i) => i.ingredient));
  const sameClass = others.filter((o) => o.drug.therapeuticClass === drug.therapeuticClass && !o.drug.ingredients.some((i) => ingredients.has(i.ingredient)));
  if (sameClass.length === 0) return [];
  return [
    {
      kind: 'duplicate-class',
      key: `duplicate-class:${drug.therapeuticClass}`,
      message: `Duplicate therapy: another ${words(drug.therapeuticClass)} is active: ${sameClass.map((o) => `${o.drug.name} (order ${o.order.orderId})`).join(', ')}.`,
    },
  ];
}

/**
 * The checks run when a prescriber signs a medication order: drug-allergy (by code or name), dose
 * range (single dose and 24 hours, per ingredient), duplicate ingredient
 * (with the 24-hour total against the ingredient's maximum), duplicate therapeutic class.
 */
export function orderEntryAlerts(
  drug: FormularyDrug,
  order: { dose: DoseQuantity; frequency: MedicationFrequency },
  allergies: RecordedAllergy[],
  activeMedications: ActiveMedication[],
  formulary: Formulary,
): OrderAlert[] {
  // An active order whose drug has left the formulary cannot be compared; pharmacy reviews those.
  const others = activeMedications.flatMap((order) => {
    const other = formulary.drugs.get(order.drugId);
    return other ? [{ order, drug: other }] : [];
  });
  return [
    ...allergyAlerts(drug, allergies),
    ...doseRangeAlerts(drug, order, formulary),
    ...duplicateIngredientAlerts(drug, maxQuantityPer24h(order.dose, order.frequency), others, formulary),
    ...duplicateClassAlerts(drug, others),
  ];
}
