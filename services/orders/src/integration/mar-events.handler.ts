import type { DomainEventOf, doseGiven, prnDoseGiven } from '@ehr/contracts';
import { type EventHandler, followEvents } from '@ehr/platform';
import type { OrdersApplication } from '../application/orders-application.js';

type FollowedEvent = DomainEventOf<typeof doseGiven> | DomainEventOf<typeof prnDoseGiven>;

/**
 * A STAT dose the eMAR documented before pharmacist verification (with the nurse's reason)
 * asks pharmacy for a retrospective review of its order; verifying the order settles it. The
 * request commits in the consumer's transaction with its inbox row.
 */
export function marEventsHandler(orders: OrdersApplication): EventHandler {
  return followEvents<FollowedEvent>({
    name: 'orders-follow-mar',
    source: 'mar',
    follower: 'orders',
    handles: ['mar.dose.given', 'mar.prn-dose.given'],
    async apply(tx, event, react) {
      const { orderId, by, at, verificationOverride } = event.data;
      if (verificationOverride === null) return;
      const reason = verificationOverride.comment ? `${verificationOverride.reason}: ${verificationOverride.comment}` : verificationOverride.reason;
      await orders.orders.handleInTransaction(tx, { type: 'RequestRetrospectiveReview', orderId, administeredBy: by, at, reason }, react());
    },
  });
}
