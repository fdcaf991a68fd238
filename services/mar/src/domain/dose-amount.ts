import type { DoseQuantity, PartialDoseReason } from '@ehr/contracts';
import { MarRefusedError } from './mar-errors.js';

/*
 * Right dose: the amount documented against the order and the packages in hand, and the
 * controlled-substance waste that must account for them (docs/adr/0013).
 */

const show = (q: DoseQuantity) => `${q.value} ${q.unit}`;
const epsilon = 1e-9;

/** How many packages of `packageAmount` hold `amount` (two 5 mg tablets for 10 mg). */
export const packagesFor = (amount: DoseQuantity, packageAmount: DoseQuantity): number | null =>
  amount.unit === packageAmount.unit && packageAmount.value > 0 ? Math.max(1, Math.ceil(amount.value / packageAmount.value - epsilon)) : null;

/** What the amount checks settle: how many packages were used, and a partial dose with its reason. */
export type AmountChecked = { packages: number; partialDose: { ordered: DoseQuantity; reason: PartialDoseReason; comment: string | null } | null };

/** What the nurse documents about the amount. */
interface Given {
  amount: DoseQuantity;
  /** Packages the nurse confirms instead of scanning each; null for as many as scanned. */
  packages: number | null;
  partialReason: { reason: PartialDoseReason; comment: string | null } | null;
}

/**
 * Right dose: more than nothing and never more than ordered; no more than the packages in hand hold (a 10 mg order
 * and one 5 mg tablet scanned needs a second scan, or the nurse confirming two); less than
 * ordered only as a partial dose with its reason.
 */
export function checkAmount(command: Given, order: { dose: DoseQuantity; drugName: string; controlled: boolean }, product: { count: number; packageAmount: DoseQuantity }): AmountChecked {
  const { amount } = command;
  const { dose: ordered, drugName } = order;
  if (!Number.isFinite(amount.value) || amount.value <= 0) {
    throw new MarRefusedError('INVALID_AMOUNT', `The amount given must be more than 0 (got ${show(amount)}). To record that nothing was given, document the dose as not given.`, { field: 'amount', documented: amount });
  }
  if (amount.unit !== ordered.unit || amount.value > ordered.value + epsilon) {
    throw new MarRefusedError('WRONG_DOSE', `The ordered dose is ${show(ordered)}; ${show(amount)} was entered.`, { ordered, documented: amount });
  }
  if (command.packages !== null && (!Number.isInteger(command.packages) || command.packages < 1)) {
    throw new MarRefusedError('INVALID_PACKAGE_COUNT', `The number of packages used must be a whole number of at least 1 (got ${command.packages}).`, { packages: command.packages });
  }
  const packages = command.packages ?? product.count;
  const { packageAmount } = product;
  const needed = packagesFor(amount, packageAmount);
  if (needed !== null && needed > packages) {
    throw new MarRefusedError(
      'MORE_PACKAGES_NEEDED',
      `${show(amount)} of ${drugName} takes ${needed} × ${show(packageAmount)}; ${packages} ${packages === 1 ? 'is' : 'are'} in hand. Scan each package, or confirm how many were given.`,
      { needed, packages, packageAmount },
    );
  }
  // More drug in hand than given (a 10 mg tablet for 5 mg): a split with its reason, or, for a
  // controlled substance, the rest wasted before a witness (checkWaste).
  const inHand = { value: packageAmount.value * packages, unit: packageAmount.unit };
  const split = needed !== null && inHand.value > amount.value + epsilon && !order.controlled;
  if (split) {
    if (command.partialReason === null) {
      throw new MarRefusedError(
        'STRENGTH_MISMATCH',
        `${packages} × ${show(packageAmount)} scanned holds ${show(inHand)}; ${show(amount)} is documented (ordered ${show(ordered)}). Get the package of the ordered strength, or say why part of it is given (a split tablet).`,
        { packageAmount, packages, inHand, documented: amount, ordered },
      );
    }
    return { packages, partialDose: { ordered: amount.value < ordered.value - epsilon ? ordered : inHand, ...command.partialReason } };
  }
  const partial = amount.value < ordered.value - epsilon;
  if (!partial) {
    if (command.partialReason !== null) throw new MarRefusedError('NOT_A_PARTIAL_DOSE', `${show(amount)} is the full ordered dose: no partial-dose reason applies.`);
    return { packages, partialDose: null };
  }
  if (command.partialReason === null) {
    throw new MarRefusedError('PARTIAL_DOSE_REASON_REQUIRED', `${show(amount)} is less than the ordered ${show(ordered)}. Say why only part of the dose is given, or scan the rest.`, {
      ordered,
      documented: amount,
    });
  }
  return { packages, partialDose: { ordered, ...command.partialReason } };
}

/** Controlled substances: what was given and what was wasted account for the whole package, before a witness. */
export function checkWaste(command: { amount: DoseQuantity; waste: { amount: DoseQuantity; witnessedBy: string } | null; by: string }, packageAmount: DoseQuantity, controlled: boolean): void {
  const { waste, amount } = command;
  if (waste !== null && waste.witnessedBy === command.by) {
    throw new MarRefusedError('WITNESS_NOT_INDEPENDENT', 'Waste must be witnessed by a second person signed in with their own credentials.');
  }
  if (!controlled) return;
  const wasted = waste?.amount ?? { value: 0, unit: amount.unit };
  const accounted = wasted.unit === amount.unit && amount.unit === packageAmount.unit && Math.abs(amount.value + wasted.value - packageAmount.value) < epsilon;
  if (!accounted) {
    const rest = packageAmount.unit === amount.unit ? `${packageAmount.value - amount.value} ${amount.unit}` : 'the rest';
    throw new MarRefusedError('WASTE_MISMATCH', `Given plus wasted must equal the package (${show(packageAmount)}): document ${rest} wasted, with a witness.`, {
      packageAmount,
      given: amount,
      wasted: waste?.amount ?? null,
    });
  }
}
