import { alertOverrideReason, doseUnit, intervalFrequencyCode, medicationRoute, orderPriority, scheduledFrequencyCode } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import type { z } from 'zod';
import type { FrequencyInput as DomainFrequency, MedicationOrderInput as DomainMedicationInput } from '../domain/medication-order.js';
import type { PlaceOrderInput } from '../application/orders-application.js';
import type { FrequencyInput, MedicationOrderInput, OrderCommonInput, QuantityInput } from './models.js';

/** A value from a closed list, or a refusal naming the field, the choices and what came. */
export function oneOf<T extends string>(list: z.ZodEnum<Record<T, T>>, value: string | undefined, field: string): T {
  const parsed = list.safeParse(value);
  if (!parsed.success) throw new DomainError('INVALID_INPUT', `${field} must be one of ${list.options.join(', ')} (got ${value === undefined ? 'nothing' : `"${value}"`})`, { field });
  return parsed.data;
}

const quantity = (q: QuantityInput, field: string) => ({ value: q.value, unit: oneOf(doseUnit, q.unit, `${field}.unit`) });

function required<T>(value: T | undefined | null, field: string, why: string): T {
  if (value === undefined || value === null) throw new DomainError('INVALID_INPUT', `${field} is required ${why}`, { field });
  return value;
}

function frequency(f: FrequencyInput): DomainFrequency {
  switch (f.type) {
    case 'scheduled':
      return { type: 'scheduled', code: oneOf(scheduledFrequencyCode, f.code, 'frequency.code'), times: f.times ?? null };
    case 'interval':
      return { type: 'interval', code: oneOf(intervalFrequencyCode, f.code, 'frequency.code') };
    case 'once':
      return { type: 'once' };
    case 'stat':
      return { type: 'stat' };
    case 'prn':
      return {
        type: 'prn',
        minIntervalMinutes: required(f.minIntervalMinutes, 'frequency.minIntervalMinutes', 'for a PRN order'),
        maxPer24h: quantity(required(f.maxPer24h, 'frequency.maxPer24h', 'for a PRN order'), 'frequency.maxPer24h'),
        indication: required(f.indication, 'frequency.indication', 'for a PRN order'),
      };
    default:
      throw new DomainError('INVALID_INPUT', `frequency.type must be one of scheduled, interval, once, stat, prn (got "${f.type}")`, { field: 'frequency.type' });
  }
}

/** What every order kind shares: who and which stay, priority, timing, answers to alerts. */
export function common(input: OrderCommonInput, details: PlaceOrderInput['details']): PlaceOrderInput {
  return {
    patientId: input.patientId,
    encounterId: input.encounterId,
    priority: oneOf(orderPriority, input.priority, 'priority'),
    start: input.start ?? null,
    stop: input.stop ?? null,
    details,
    overrides: input.overrides.map((o, i) => ({ alertKey: o.alertKey, reason: oneOf(alertOverrideReason, o.reason, `overrides.${i}.reason`), comment: o.comment ?? null })),
    idempotencyKey: input.idempotencyKey?.trim() || null,
  };
}

export function medication(input: MedicationOrderInput): DomainMedicationInput {
  return {
    kind: 'medication',
    drugId: input.drugId,
    dose: quantity(input.dose, 'dose'),
    route: oneOf(medicationRoute, input.route, 'route'),
    frequency: frequency(input.frequency),
    timeCritical: input.timeCritical ?? null,
    indication: input.indication ?? null,
    instructions: input.instructions ?? null,
  };
}
