import type { DomainEventOf, OrderDetails, ordersOrderEvents } from '@ehr/contracts';
import { type EventHandler, followEvents, NotYetKnown } from '@ehr/platform';
import { orderCatalog } from '../application/billing-setup.js';
import type { RevenueApplication } from '../application/revenue-application.js';
import { orderChargeAction } from '../domain/charge-capture.js';
import { demoChargemaster } from '../domain/chargemaster.seed.js';
import { schema } from '../projections/index.js';
import { accountForEncounter } from './account-lookup.js';

const followed = ['orders.order.placed', 'orders.order.completed'] as const;
type FollowedEvent = Extract<DomainEventOf<(typeof ordersOrderEvents)[number]>, { type: (typeof followed)[number] }>;

/**
 * Lab and imaging are charged when the order is completed (specimen collected, study done),
 * at the chargemaster row in effect that day. Signed orders are kept so that a dose given on
 * the MAR is known by its drug.
 */
export function ordersEventsHandler(revenue: RevenueApplication): EventHandler {
  return followEvents<FollowedEvent>({
    name: 'revenue-follow-orders',
    source: 'orders',
    follower: 'revenue',
    handles: followed,
    async apply(tx, event, react) {
      if (event.type === 'orders.order.placed') {
        const { orderId, encounterId, details } = event.data;
        await tx.query(`INSERT INTO ${schema}.orders (order_id, encounter_id, details) VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING`, [orderId, encounterId, JSON.stringify(details)]);
        return;
      }
      const { orderId, at } = event.data;
      const { rows } = await tx.query<{ encounter_id: string; details: OrderDetails }>(`SELECT encounter_id, details FROM ${schema}.orders WHERE order_id = $1`, [orderId]);
      const order = rows[0];
      if (!order) throw new NotYetKnown('order', orderId);
      const action = orderChargeAction({ orderId, details: order.details }, at, orderCatalog, demoChargemaster, revenue.policy.timeZone);
      // Diet, nursing and medication orders bill nothing on completion; doses bill from the MAR.
      if (!action) return;
      const accountId = await accountForEncounter(tx, order.encounter_id);
      await revenue.workInTransaction(tx, accountId, [{ type: 'CaptureCharges', accountId, actions: [action], at }], react());
    },
  });
}
