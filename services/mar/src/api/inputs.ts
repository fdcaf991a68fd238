import {
  administrationSite,
  instant,
  doseUnit,
  manualEntryReason,
  partialDoseReason,
  medicationRoute,
  patientIdentifier,
  timingVarianceReason,
  verificationOverrideReason,
} from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import type { z } from 'zod';
import type { GivenInput as DomainGiven, ProductInput as DomainProduct, WristbandInput as DomainWristband } from '../application/mar-application.js';
import type { GivenInput, MarQuantityInput, ProductInput, VerificationOverrideInput, WristbandInput } from './models.js';

/** A value from a closed list, or a refusal naming the field, the choices and what came. */
export function oneOf<T extends string>(list: z.ZodEnum<Record<T, T>>, value: string | undefined | null, field: string): T {
  const parsed = list.safeParse(value);
  if (!parsed.success) throw new DomainError('INVALID_INPUT', `${field} must be one of ${list.options.join(', ')} (got ${value == null ? 'nothing' : `"${value}"`})`, { field });
  return parsed.data;
}

/** A date and time with its UTC offset, or a refusal naming the argument. */
export function instantArg(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (!instant.safeParse(value).success) throw new DomainError('INVALID_INPUT', `${field} must be a date and time with its UTC offset, e.g. 2026-11-01T07:00:00-05:00 (got "${value}")`, { field });
  return value;
}

export const quantity = (q: MarQuantityInput, field: string) => ({ value: q.value, unit: oneOf(doseUnit, q.unit, `${field}.unit`) });

const scanOrManual = (scan: string | undefined, manualReason: string | undefined, what: string) => {
  if ((scan === undefined) === (manualReason === undefined)) throw new DomainError('INVALID_INPUT', `${what}: give either scan or manualReason`, { field: what });
};

export function wristband(input: WristbandInput): DomainWristband {
  scanOrManual(input.scan, input.manualReason, 'wristband');
  if (input.scan !== undefined) return { method: 'scanned', code: input.scan };
  return {
    method: 'manual',
    identifiersConfirmed: (input.identifiersConfirmed ?? []).map((i, n) => oneOf(patientIdentifier, i, `wristband.identifiersConfirmed.${n}`)),
    reason: oneOf(manualEntryReason, input.manualReason, 'wristband.manualReason'),
    comment: input.comment?.trim() || null,
  };
}

export function product(input: ProductInput): DomainProduct {
  scanOrManual(input.scan, input.manualReason, 'product');
  if (input.scan !== undefined) return { method: 'scanned', code: input.scan };
  if (!input.ndc11) throw new DomainError('INVALID_INPUT', 'product.ndc11 is required when the package is entered by hand', { field: 'product.ndc11' });
  return { method: 'manual', ndc11: input.ndc11, reason: oneOf(manualEntryReason, input.manualReason, 'product.manualReason'), comment: input.comment?.trim() || null };
}

export const verificationOverride = (input: VerificationOverrideInput) => ({
  reason: oneOf(verificationOverrideReason, input.reason, 'verificationOverride.reason'),
  comment: input.comment?.trim() || null,
});

export function given(input: GivenInput): DomainGiven {
  return {
    doseId: input.doseId,
    amount: quantity(input.amount, 'amount'),
    route: oneOf(medicationRoute, input.route, 'route'),
    site: input.site ? oneOf(administrationSite, input.site, 'site') : null,
    wasted: input.wasted ? quantity(input.wasted, 'wasted') : null,
    timingReason: input.timingReason ? { reason: oneOf(timingVarianceReason, input.timingReason, 'timingReason'), comment: input.timingComment?.trim() || null } : null,
    packages: input.packages ?? null,
    partialReason: input.partialReason ? { reason: oneOf(partialDoseReason, input.partialReason, 'partialReason'), comment: input.partialComment?.trim() || null } : null,
    idempotencyKey: input.idempotencyKey ?? null,
  };
}
