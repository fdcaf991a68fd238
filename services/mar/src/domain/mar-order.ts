import type { DomainEventOf, MedicationOrderDetails, OrderPriority, ordersOrderEvents } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { localClock } from './local-time.js';
import { MarRefusedError } from './mar-errors.js';

export type OrderEvent = DomainEventOf<(typeof ordersOrderEvents)[number]>;

export type MarOrderStatus = 'active' | 'on-hold' | 'discontinued' | 'completed' | 'expired' | 'rejected';

/**
 * The eMAR's own copy of a medication order, folded from the orders service's events. Lab,
 * imaging, diet and nursing orders are not the eMAR's business and never become one.
 */
export interface MarOrder {
  orderId: string;
  patientId: string;
  encounterId: string;
  priority: OrderPriority;
  start: string;
  stop: string | null;
  details: MedicationOrderDetails;
  status: MarOrderStatus;
  verifiedAt: string | null;
  /** Every hold, newest last; `until` is null while it lasts. */
  holds: Array<{ from: string; until: string | null; reason: string }>;
  ended: { status: EndedStatus; at: string; by: string | null; reason: string | null } | null;
  /** When a cancelled discharge put the order back (the doses it took off the MAR are due again). */
  reinstatedAt?: string;
}

export type EndedStatus = Exclude<MarOrderStatus, 'active' | 'on-hold'>;

/** Applies one orders event to the eMAR's copy; `null` while the order is not a medication order it knows. */
export function evolveMarOrder(order: MarOrder | null, event: OrderEvent): MarOrder | null {
  if (event.type === 'orders.order.placed') {
    const { data } = event;
    if (data.details.kind !== 'medication') return order;
    return {
      orderId: data.orderId,
      patientId: data.patientId,
      encounterId: data.encounterId,
      priority: data.priority,
      start: data.start,
      stop: data.stop,
      details: data.details,
      status: 'active',
      verifiedAt: null,
      holds: [],
      ended: null,
    };
  }
  if (order === null) return null;
  switch (event.type) {
    case 'orders.order.verified':
      return { ...order, verifiedAt: event.data.at };
    case 'orders.order.held':
      return { ...order, status: 'on-hold', holds: [...order.holds, { from: event.data.at, until: null, reason: event.data.reason }] };
    case 'orders.order.resumed':
      return { ...order, status: 'active', holds: order.holds.map((h) => (h.until === null ? { ...h, until: event.data.at } : h)) };
    case 'orders.order.discontinued':
      return { ...order, status: 'discontinued', ended: { status: 'discontinued', at: event.data.at, by: event.data.by, reason: event.data.reason } };
    case 'orders.order.rejected':
      return { ...order, status: 'rejected', ended: { status: 'rejected', at: event.data.at, by: event.data.by, reason: event.data.reason } };
    case 'orders.order.completed':
      return { ...order, status: 'completed', ended: { status: 'completed', at: event.data.at, by: event.data.by, reason: null } };
    case 'orders.order.expired':
      return { ...order, status: 'expired', ended: { status: 'expired', at: event.data.at, by: null, reason: null } };
    case 'orders.order.reinstated':
      return { ...order, status: event.data.status, ended: null, reinstatedAt: event.data.at };
    case 'orders.order.alert-overridden':
    case 'orders.order.flagged-for-review':
    case 'orders.order.missed-dose-reported':
    case 'orders.order.reviewed':
    case 'orders.order.retrospective-review-requested':
      return order;
    default:
      return exhaustive(event);
  }
}

/** The hold in force at an instant, if any. */
export const holdAt = (order: MarOrder, instant: string): MarOrder['holds'][number] | undefined =>
  order.holds.find((h) => Date.parse(h.from) <= Date.parse(instant) && (h.until === null || Date.parse(instant) < Date.parse(h.until)));

/** A STAT order may be given before pharmacist verification, with a reason pharmacy reviews afterwards. */
export const mayOverrideVerification = (order: MarOrder): boolean => order.priority === 'stat' || order.details.frequency.type === 'stat';

/**
 * Refuses when the order does not allow a dose at `at`. Re-checked at every bedside step, so an
 * order discontinued while the nurse is in the room is caught at the next scan; a dose given
 * before a later stop may still be documented. `verificationOverridden`: the nurse gave a
 * reason to give a STAT order pharmacy has not verified yet.
 */
export function requireAdministrable(order: MarOrder, at: string, zone: string, verificationOverridden = false): void {
  const drug = order.details.drugName;
  const details = { orderId: order.orderId };
  const { ended } = order;
  if (ended !== null && Date.parse(ended.at) <= Date.parse(at)) {
    const when = localClock(zone, ended.at);
    const by = ended.by === null ? '' : ` by ${ended.by}`;
    const why = ended.reason === null ? '' : ` (${ended.reason})`;
    switch (ended.status) {
      case 'discontinued':
        throw new MarRefusedError('ORDER_DISCONTINUED', `${drug} was discontinued at ${when}${by}${why}. Do not give it; refresh the MAR.`, details);
      case 'rejected':
        throw new MarRefusedError('ORDER_REJECTED', `${drug} was rejected by pharmacy at ${when}${why}. Do not give it.`, details);
      case 'completed':
        throw new MarRefusedError('ORDER_COMPLETED', `${drug} was completed at ${when}; no further dose is ordered.`, details);
      case 'expired':
        throw new MarRefusedError('ORDER_EXPIRED', `${drug} expired at ${when}. Ask the prescriber to renew it before giving another dose.`, details);
      default:
        exhaustive(ended.status);
    }
  }
  if (Date.parse(at) < Date.parse(order.start)) {
    throw new MarRefusedError('ORDER_NOT_STARTED', `${drug} starts at ${localClock(zone, order.start)}; it is not yet ordered at ${localClock(zone, at)}.`, details);
  }
  const hold = holdAt(order, at);
  if (hold) throw new MarRefusedError('ORDER_ON_HOLD', `${drug} is on hold since ${localClock(zone, hold.from)} (${hold.reason}). Do not give it until the prescriber resumes it.`, details);
  if (order.verifiedAt !== null) return;
  if (!mayOverrideVerification(order)) {
    throw new MarRefusedError('ORDER_NOT_VERIFIED', `${drug} is awaiting pharmacist verification. Ask pharmacy to verify it before giving a dose.`, details);
  }
  if (!verificationOverridden) {
    throw new MarRefusedError(
      'VERIFICATION_OVERRIDE_REQUIRED',
      `${drug} is a STAT order awaiting pharmacist verification. Give it now only with a reason (pharmacy reviews it afterwards), or wait for verification.`,
      details,
    );
  }
}
