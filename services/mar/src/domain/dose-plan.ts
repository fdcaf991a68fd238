import { administrationInstants, type TimeWindow } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { holdAt, type MarOrder, mayOverrideVerification } from './mar-order.js';
import type { DoseCommand } from './dose-state.js';

/** A dose the MAR already has for the order: its original slot, and whether it still awaits documentation or was taken off. */
export interface KnownDose {
  doseId: string;
  slot: string;
  open: boolean;
  cancelled: boolean;
}

/** One stream per slot: the same order and slot always name the same dose, so replanning is idempotent. */
export const doseIdFor = (orderId: string, slot: string): string => `${orderId}@${new Date(slot).toISOString()}`;

const cancelledBecause = (order: MarOrder) => {
  const status = order.ended!.status;
  switch (status) {
    case 'discontinued':
      return 'order-discontinued' as const;
    case 'expired':
      return 'order-expired' as const;
    case 'completed':
      return 'order-completed' as const;
    case 'rejected':
      return 'order-rejected' as const;
    default:
      return exhaustive(status);
  }
};

/**
 * The commands that bring the MAR's doses in line with the order, over a window: schedule the
 * slots the order now calls for, cancel open slots it no longer does (after it ended, during a
 * hold), and restore the slots a reinstated order calls for again. Documented doses are history
 * and never touched. Nothing is scheduled before pharmacy verifies the order, except a STAT
 * order's dose, which the nurse may give first with a reason. Run whenever an orders event for
 * the order arrives, and as the window moves.
 */
export function planDoses(order: MarOrder, known: readonly KnownDose[], zone: string, window: TimeWindow): DoseCommand[] {
  const endedAt = order.ended === null ? null : Date.parse(order.ended.at);
  const endedBy = (slot: string) => endedAt !== null && Date.parse(slot) >= endedAt;
  const stillDue = (slot: string) => !endedBy(slot) && holdAt(order, slot) === undefined;
  const slots = order.verifiedAt === null && !mayOverrideVerification(order) ? [] : administrationInstants({ frequency: order.details.frequency, start: order.start, stop: order.stop }, zone, window).filter(stillDue);
  const knownSlots = new Set(known.map((d) => Date.parse(d.slot)));
  const schedule = slots
    .filter((slot) => !knownSlots.has(Date.parse(slot)))
    .map((slot): DoseCommand => ({ type: 'ScheduleDose', doseId: doseIdFor(order.orderId, slot), order, slot }));
  // A dose inside a hold that still lasts stays on the MAR (shown on hold, never given) until
  // the hold ends: its stream is named by its slot, so a slot cancelled now could not come back
  // if the prescriber resumes the order before it falls due.
  const holdStillLasts = (slot: string) => holdAt(order, slot)?.until === null;
  const cancel = known
    .filter((d) => d.open && !stillDue(d.slot) && (endedBy(d.slot) || !holdStillLasts(d.slot)))
    .map((d): DoseCommand => {
      const ended = endedBy(d.slot);
      return { type: 'CancelDose', doseId: d.doseId, reason: ended ? cancelledBecause(order) : 'order-held', at: ended ? order.ended!.at : holdAt(order, d.slot)!.from };
    });
  // A reinstated order (its discharge cancelled) wants back the slots its end took off the MAR.
  const restore =
    order.reinstatedAt === undefined
      ? []
      : known.filter((d) => d.cancelled && stillDue(d.slot)).map((d): DoseCommand => ({ type: 'RestoreDose', doseId: d.doseId, reason: 'order reinstated: discharge cancelled', at: order.reinstatedAt! }));
  return [...cancel, ...restore, ...schedule];
}
