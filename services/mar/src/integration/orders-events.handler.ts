import { type EventEnvelope, EventRegistry, eventCatalog } from '@ehr/contracts';
import type { EventHandler } from '@ehr/platform';
import type { MarApplication } from '../application/mar-application.js';
import type { OrderEvent } from '../domain/mar-order.js';

const ordersRegistry = new EventRegistry(eventCatalog.orders);
const orderEventTypes = eventCatalog.orders!.map((d) => d.type).filter((t) => t.startsWith('orders.order.'));

/**
 * The MAR keeps its own copy of each medication order and plans the order's doses from it: a
 * verification schedules them, a hold, discontinuation or expiry takes open ones off the MAR.
 * Each change commits with the consumer's inbox row, so a redelivered event changes nothing.
 */
export function ordersEventsHandler(mar: MarApplication): EventHandler {
  return {
    name: 'mar-follow-orders',
    handles: orderEventTypes,
    async apply(tx, raw: EventEnvelope) {
      const envelope = ordersRegistry.upcast(raw);
      // The registry validated the data against the event's schema while upcasting.
      const event = { type: envelope.type, data: envelope.data } as OrderEvent;
      await mar.followOrder(tx, event, { eventId: envelope.eventId, correlationId: envelope.correlationId });
    },
  };
}
