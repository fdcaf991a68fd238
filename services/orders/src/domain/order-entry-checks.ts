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

function allergyAlerts(drug: FormularyDrug, allergies: RecordedAllergy[]): OrderAlert[] {
  const codes = allergenCodesOf(drug);
  return allergies
    .filter((a) => codes.includes(a.substance.code))
    .map((a) => {
      const isIngredient = drug.ingredients.some((i) => i.ingredient === a.substance.code);
      return {
        kind: 'allergy',
        key: `allergy:${a.substance.code}`,
        message: `Allergy: documented allergy to ${a.substance.display}${a.reaction ? ` (${a.reaction})` : ''}: ${drug.name} ${isIngredient ? 'contains it' : 'belongs to that class'}.`,
      };
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
 * The checks run when a prescriber signs a medication order: drug-allergy, duplicate ingredient
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
    ...duplicateIngredientAlerts(drug, maxQuantityPer24h(order.dose, order.frequency), others, formulary),
    ...duplicateClassAlerts(drug, others),
  ];
}
