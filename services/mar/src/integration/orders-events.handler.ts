import { eventCatalog } from '@ehr/contracts';
import { type EventHandler, followEvents } from '@ehr/platform';
import type { MarApplication } from '../application/mar-application.js';
import type { OrderEvent } from '../domain/mar-order.js';

const orderEventTypes = eventCatalog.orders!.map((d) => d.type).filter((t): t is OrderEvent['type'] => t.startsWith('orders.order.'));

/**
 * The MAR keeps its own copy of each medication order and plans the order's doses from it: a
 * verification schedules them, a hold, discontinuation or expiry takes open ones off the MAR.
 * Each change commits with the consumer's inbox row, so a redelivered event changes nothing.
 */
export function ordersEventsHandler(mar: MarApplication): EventHandler {
  return followEvents<OrderEvent>({
    name: 'mar-follow-orders',
    source: 'orders',
    follower: 'mar',
    handles: orderEventTypes,
    async apply(tx, event, _react, envelope) {
      await mar.followOrder(tx, event, { eventId: envelope.eventId, correlationId: envelope.correlationId });
    },
  });
}
