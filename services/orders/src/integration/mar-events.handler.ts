import type { DomainEventOf, doseGiven, doseHeld, doseNotGiven, doseRefused, prnDoseGiven } from '@ehr/contracts';
import { type EventHandler, followEvents } from '@ehr/platform';
import type { OrdersApplication } from '../application/orders-application.js';

type FollowedEvent = DomainEventOf<typeof doseGiven | typeof prnDoseGiven | typeof doseHeld | typeof doseRefused | typeof doseNotGiven>;

const outcomeOf = { 'mar.dose.held': 'held', 'mar.dose.refused': 'refused', 'mar.dose.not-given': 'not-given' } as const;

/**
 * What the bedside tells the prescriber and pharmacy. A STAT dose documented before pharmacist
 * verification (with the nurse's reason) asks pharmacy for a retrospective review; verifying
 * the order settles it. A time-critical dose held, refused or not given flags its order for the
 * prescriber (domain scenario 8). Each reaction commits with the consumer's inbox row.
 */
export function marEventsHandler(orders: OrdersApplication): EventHandler {
  return followEvents<FollowedEvent>({
    name: 'orders-follow-mar',
    source: 'mar',
    follower: 'orders',
    handles: ['mar.dose.given', 'mar.prn-dose.given', 'mar.dose.held', 'mar.dose.refused', 'mar.dose.not-given'],
    async apply(tx, event, react) {
      if (event.type === 'mar.dose.held' || event.type === 'mar.dose.refused' || event.type === 'mar.dose.not-given') {
        const { orderId, doseId, reason, comment, by, at } = event.data;
        const said = comment ? `${reason}: ${comment}` : reason;
        await orders.orders.handleInTransaction(tx, { type: 'ReportMissedDose', orderId, doseId, outcome: outcomeOf[event.type], reason: said, by, at }, react());
        return;
      }
      const { orderId, by, at, verificationOverride } = event.data;
      if (verificationOverride === null) return;
      const reason = verificationOverride.comment ? `${verificationOverride.reason}: ${verificationOverride.comment}` : verificationOverride.reason;
      await orders.orders.handleInTransaction(tx, { type: 'RequestRetrospectiveReview', orderId, administeredBy: by, at, reason }, react());
    },
  });
}
