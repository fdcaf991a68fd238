import { z } from 'zod';
import { DomainError } from '@ehr/platform';
import type { TriageVitalSigns } from '@ehr/contracts';
import type { VitalSignsInput } from './models.js';

/** A value from a closed list, or a refusal naming the field, the choices and what came. */
export function oneOf<T extends string>(list: z.ZodEnum<Record<T, T>>, value: string | undefined, field: string): T {
  const parsed = list.safeParse(value);
  if (!parsed.success) throw new DomainError('INVALID_INPUT', `${field} must be one of ${list.options.join(', ')} (got ${value === undefined ? 'nothing' : `"${value}"`})`, { field });
  return parsed.data;
}

const isoInstant = z.iso.datetime({ offset: true });
/** Documentation may be late, never ahead of the clock; a few minutes of clock skew are allowed. */
const futureAllowanceMs = 5 * 60_000;

/** An ISO 8601 instant with its offset, as UTC. */
export function instant(value: string, field: string): string {
  if (!isoInstant.safeParse(value).success) throw new DomainError('INVALID_INPUT', `${field} must be an ISO 8601 date-time with an offset, e.g. 2026-03-01T14:00:00Z (got "${value}")`, { field });
  return new Date(Date.parse(value)).toISOString();
}

/** When a step happened: given (late documentation) or now. */
export function instantOrNow(at: string | undefined, field = 'at'): string {
  if (at === undefined) return new Date().toISOString();
  if (Date.parse(instant(at, field)) > Date.now() + futureAllowanceMs) throw new DomainError('INVALID_INPUT', `${field} is in the future (${at}); document what has happened`, { field });
  return instant(at, field);
}

export const vitalSigns = (v: VitalSignsInput): TriageVitalSigns => ({
  heartRate: v.heartRate ?? null,
  respiratoryRate: v.respiratoryRate ?? null,
  oxygenSaturation: v.oxygenSaturation ?? null,
  systolicPressure: v.systolicPressure ?? null,
  diastolicPressure: v.diastolicPressure ?? null,
  temperatureCelsius: v.temperatureCelsius ?? null,
  painScore: v.painScore ?? null,
});
