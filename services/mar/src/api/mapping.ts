import type { DoseQuantity, MedicationFrequency } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { addMinutes, localClock } from '../domain/local-time.js';
import { holdAt, type MarOrder } from '../domain/mar-order.js';
import { packagesFor } from '../domain/dose-amount.js';
import type { DoseEntry, DoseState } from '../domain/dose-state.js';
import { doseTiming, type TimingPolicy } from '../domain/timing-window.js';
import type { MarDose, MarEntry, MarPrnOrder } from './models.js';

export interface ViewContext {
  zone: string;
  timing: TimingPolicy;
  now: string;
}

export const showQuantity = (q: DoseQuantity) => `${Number(q.value.toFixed(3))} ${q.unit}`;

export function scheduleText(frequency: MedicationFrequency): string {
  switch (frequency.type) {
    case 'scheduled':
    case 'interval':
      return frequency.code;
    case 'once':
      return 'once';
    case 'stat':
      return 'STAT';
    case 'prn':
      return `PRN every ${frequency.minIntervalMinutes / 60} h at most`;
    default:
      return exhaustive(frequency);
  }
}

function toEntry(entry: DoseEntry, zone: string): MarEntry {
  return {
    id: entry.entryId,
    outcome: entry.outcome,
    by: entry.by,
    at: entry.at,
    atLocal: localClock(zone, entry.at),
    amount: entry.amount,
    partialOf: entry.partialOf,
    site: entry.site,
    reason: entry.reason,
    inError: entry.inError,
    amendments: entry.amendments.map((a) => ({ previousAmount: a.before.amount, previousSite: a.before.site, previousGivenAt: a.before.at, reason: a.reason, by: a.by, at: a.at })),
  };
}

/** Where an open scheduled dose stands now; null once it is documented or for an as-needed dose. */
function timingOf(state: DoseState, order: MarOrder, nextDueAt: string | null, view: ViewContext): string | null {
  if (state.status !== 'open' || state.kind !== 'scheduled' || state.dueAt === null) return null;
  if (holdAt(order, state.dueAt) !== undefined) return 'on-hold';
  return doseTiming({ dueAt: state.dueAt, frequency: order.details.frequency, timeCritical: order.details.timeCritical, nextDueAt }, view.now, view.timing);
}

/** A dose as the MAR shows it: the decider's state beside the order it belongs to. */
export function toMarDose(state: DoseState, order: MarOrder, nextDueAt: string | null, view: ViewContext): MarDose {
  const { details } = order;
  return {
    id: state.doseId,
    kind: state.kind ?? 'scheduled',
    orderId: state.orderId,
    patientId: state.patientId,
    drugId: details.drugId,
    drugName: details.drugName,
    dose: showQuantity(details.dose),
    ordered: details.dose,
    route: details.route,
    schedule: scheduleText(details.frequency),
    dueAt: state.dueAt,
    dueLocal: state.dueAt === null ? null : localClock(view.zone, state.dueAt),
    status: state.status,
    timing: timingOf(state, order, nextDueAt, view),
    timeCritical: details.timeCritical,
    highAlert: details.highAlert,
    awaitingVerification: order.verifiedAt === null,
    controlledSchedule: details.controlledSchedule,
    wristbandVerified: state.wristband !== null,
    productVerified: state.product !== null,
    scannedPackages: state.product === null ? null : { count: state.product.count, packageAmount: state.product.packageAmount, needed: packagesFor(details.dose, state.product.packageAmount) },
    cancelledReason: state.cancelled?.reason ?? null,
    indication: details.frequency.type === 'prn' ? details.frequency.indication : details.indication,
    entries: state.entries.map((e) => toEntry(e, view.zone)),
    prn: state.prn === null ? null : { ...state.prn, reassessmentOverdue: state.prn.reassessedAt === null && Date.parse(state.prn.reassessmentDueAt) < Date.parse(view.now) },
  };
}

/** What a dose's next slot is read from: every scheduled dose of its order, not only those shown. */
export type DoseSlot = Pick<DoseState, 'kind' | 'orderId' | 'dueAt' | 'status'>;

/**
 * Doses beside their orders, in MAR order. A non-time-critical dose is missed when the next one
 * falls due, so each scheduled dose is shown knowing its order's next slot.
 */
export function toMarDoses(states: readonly DoseState[], orders: ReadonlyMap<string, MarOrder>, view: ViewContext, slots: readonly DoseSlot[] = states): MarDose[] {
  const slotsByOrder = new Map<string, number[]>();
  for (const s of slots) if (s.kind === 'scheduled' && s.dueAt !== null && s.status !== 'cancelled') slotsByOrder.set(s.orderId, [...(slotsByOrder.get(s.orderId) ?? []), Date.parse(s.dueAt)]);
  return states.flatMap((state) => {
    const order = orders.get(state.orderId);
    if (!order) return [];
    const due = state.dueAt === null ? null : Date.parse(state.dueAt);
    const next = due === null ? undefined : (slotsByOrder.get(state.orderId) ?? []).filter((t) => t > due).sort((a, b) => a - b)[0];
    return [toMarDose(state, order, next === undefined ? null : new Date(next).toISOString(), view)];
  });
}

/** An as-needed order with its next eligible time after the last dose given. */
export function toPrnOrder(order: MarOrder, lastGivenAt: string | null, view: ViewContext): MarPrnOrder | null {
  const { details } = order;
  const { frequency } = details;
  if (frequency.type !== 'prn') return null;
  const nextEligible = lastGivenAt === null ? null : addMinutes(lastGivenAt, frequency.minIntervalMinutes);
  return {
    orderId: order.orderId,
    drugName: details.drugName,
    dose: showQuantity(details.dose),
    route: details.route,
    indication: frequency.indication,
    minIntervalMinutes: frequency.minIntervalMinutes,
    maxPer24h: showQuantity(frequency.maxPer24h),
    highAlert: details.highAlert,
    lastGivenAt,
    nextEligibleLocal: nextEligible !== null && Date.parse(nextEligible) > Date.parse(view.now) ? localClock(view.zone, nextEligible) : null,
  };
}
