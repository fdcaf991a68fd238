import type { OrderKind } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { DateTime } from 'luxon';
import type { OrderState } from './order.decider.js';
import { AdministrationRefusedError } from './orders-errors.js';

export type MedicationRequestStatus = 'active' | 'on-hold' | 'cancelled' | 'completed' | 'entered-in-error' | 'stopped' | 'draft' | 'unknown';
/** FHIR RequestStatus: ServiceRequest (lab, imaging, nursing) and NutritionOrder (diet). */
export type RequestStatus = 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown';

export type FhirOrderStatus =
  | { resourceType: 'MedicationRequest'; status: MedicationRequestStatus }
  | { resourceType: 'ServiceRequest' | 'NutritionOrder'; status: RequestStatus };

export type PlacedStatus = Exclude<OrderState['status'], 'none'>;

function medicationRequestStatus(status: PlacedStatus, verification: OrderState['verification']): MedicationRequestStatus {
  switch (status) {
    // Signed but not yet verified by pharmacy: not actionable, so not "active".
    case 'active':
      return verification === 'pending' ? 'draft' : 'active';
    case 'on-hold':
      return 'on-hold';
    case 'discontinued':
      return 'stopped';
    // Reaching the stop time means everything the prescription asked for has happened.
    case 'completed':
    case 'expired':
      return 'completed';
    case 'rejected':
      return 'cancelled';
    default:
      return exhaustive(status);
  }
}

function requestStatus(status: PlacedStatus): RequestStatus {
  switch (status) {
    case 'active':
      return 'active';
    case 'on-hold':
      return 'on-hold';
    case 'discontinued':
    case 'rejected':
      return 'revoked';
    case 'completed':
    case 'expired':
      return 'completed';
    default:
      return exhaustive(status);
  }
}

/** The order's status as FHIR R4 names it, on the resource its kind maps to; null before it is placed. */
export function fhirStatus(state: OrderState): FhirOrderStatus | null {
  if (state.status === 'none' || state.placed === null) return null;
  return fhirOrderStatus(state.placed.details.kind, state.status, state.verification);
}

/** The same mapping from what a read model keeps of an order: its kind, status and verification. */
export function fhirOrderStatus(kind: OrderKind, status: PlacedStatus, verification: OrderState['verification']): FhirOrderStatus {
  if (kind === 'medication') return { resourceType: 'MedicationRequest', status: medicationRequestStatus(status, verification) };
  return { resourceType: kind === 'diet' ? 'NutritionOrder' : 'ServiceRequest', status: requestStatus(status) };
}

/** Whether a hold covers an instant: held from its start until it was resumed. */
export function isHeldAt(state: OrderState, at: string): boolean {
  const t = Date.parse(at);
  return state.holds.some((h) => Date.parse(h.from) <= t && (h.until === null || t < Date.parse(h.until)));
}

export type AdministrationGate = { verdict: 'allowed' } | { verdict: 'override-required' | 'refused'; refusal: AdministrationRefusedError };

/**
 * May a dose of this order be given at `at`? Asked again at the moment of scanning, not only
 * when the list was loaded. An unverified STAT order may be given with an override reason
 * (and a pharmacist then reviews it); any other unverified order waits for the pharmacist.
 */
export function administrationGate(state: OrderState, at: string, zone: string): AdministrationGate {
  const refused = (code: ConstructorParameters<typeof AdministrationRefusedError>[0], message: string): AdministrationGate => ({
    verdict: 'refused',
    refusal: new AdministrationRefusedError(code, message, state.orderId),
  });
  const local = (instant: string) => DateTime.fromISO(instant, { zone }).toFormat('d LLL HH:mm ZZZZ');
  const placed = state.placed;
  if (state.status === 'none' || placed === null) return refused('ORDER_NOT_FOUND', 'There is no such order; refresh the list.');
  if (placed.details.kind !== 'medication') return refused('NOT_A_MEDICATION_ORDER', `This is a ${placed.details.kind} order, not a medication order.`);
  const t = Date.parse(at);
  const ended = state.ended;
  if (ended && t >= Date.parse(ended.at)) {
    switch (state.status) {
      case 'rejected':
        return refused('ORDER_REJECTED', `Order rejected by pharmacy ${local(ended.at)}: ${ended.reason}. Do not give; contact the prescriber.`);
      case 'discontinued':
        return refused('ORDER_DISCONTINUED', `Order discontinued ${local(ended.at)}${ended.by ? ` by ${ended.by}` : ''} (${ended.reason}). Do not give.`);
      case 'completed':
        return refused('ORDER_COMPLETED', `Order completed ${local(ended.at)}; its one dose is already given.`);
      case 'expired':
        return refused('ORDER_EXPIRED', `Order expired ${local(ended.at)}. Do not give; ask the prescriber to renew it.`);
    }
  }
  if (placed.stop !== null && t >= Date.parse(placed.stop)) return refused('ORDER_EXPIRED', `Order expired ${local(placed.stop)}. Do not give; ask the prescriber to renew it.`);
  if (isHeldAt(state, at)) return refused('ORDER_ON_HOLD', 'Order on hold: no dose is due until the prescriber resumes it.');
  if (state.verification === 'pending') {
    const refusal = new AdministrationRefusedError('AWAITING_VERIFICATION', 'Awaiting pharmacist verification.', state.orderId);
    return placed.priority === 'stat' ? { verdict: 'override-required', refusal } : { verdict: 'refused', refusal };
  }
  return { verdict: 'allowed' };
}
