import { type EventEnvelope, eventCatalog } from '@ehr/contracts';
import { exhaustive, type PoolClient, type Projection } from '@ehr/platform';
import { missedDoseNote, type OrderEvent } from '../domain/order.decider.js';
import { orderSummary } from '../domain/order-summary.js';

const orderEventTypes = eventCatalog.orders!.map((d) => d.type).filter((t) => t.startsWith('orders.order.'));

/** Orders for the chart, the verification queue and order entry's duplicate checks. */
export function ordersProjection(schema: string): Projection {
  const end = (tx: PoolClient, orderId: string, status: string, at: string, reason: string | null) =>
    tx.query(`UPDATE ${schema}.orders SET status = $2, ended_at = $3, ended_reason = $4 WHERE order_id = $1`, [orderId, status, at, reason]);
  return {
    name: 'orders',
    handles: orderEventTypes,
    async apply(tx, envelope: EventEnvelope) {
      const event = { type: envelope.type, data: envelope.data } as OrderEvent;
      const { orderId } = event.data;
      switch (event.type) {
        case 'orders.order.placed': {
          const d = event.data;
          await tx.query(
            `INSERT INTO ${schema}.orders (order_id, patient_id, encounter_id, kind, status, verification, priority, summary, details, ordered_by, placed_at, start_at, stop_at)
             VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (order_id) DO NOTHING`,
            [
              orderId,
              d.patientId,
              d.encounterId,
              d.details.kind,
              d.details.kind === 'medication' ? 'pending' : 'not-required',
              d.priority,
              orderSummary(d.details),
              JSON.stringify(d.details),
              d.orderedBy,
              d.placedAt,
              d.start,
              d.stop,
            ],
          );
          return;
        }
        case 'orders.order.alert-overridden':
          await tx.query(`UPDATE ${schema}.orders SET alerts_overridden = alerts_overridden || $2::jsonb WHERE order_id = $1`, [
            orderId,
            JSON.stringify([{ message: event.data.alert.message, reason: event.data.reason, comment: event.data.comment, by: event.data.by }]),
          ]);
          return;
        case 'orders.order.verified':
          await tx.query(`UPDATE ${schema}.orders SET verification = 'verified', verified_by = $2, given_before_verification = false WHERE order_id = $1`, [orderId, event.data.by]);
          return;
        case 'orders.order.rejected':
          await end(tx, orderId, 'rejected', event.data.at, event.data.reason);
          return;
        case 'orders.order.held':
          await tx.query(`UPDATE ${schema}.orders SET status = 'on-hold' WHERE order_id = $1`, [orderId]);
          return;
        case 'orders.order.resumed':
          await tx.query(`UPDATE ${schema}.orders SET status = 'active' WHERE order_id = $1`, [orderId]);
          return;
        case 'orders.order.discontinued':
          await end(tx, orderId, 'discontinued', event.data.at, event.data.reason);
          return;
        case 'orders.order.reinstated':
          await tx.query(`UPDATE ${schema}.orders SET status = $2, ended_at = NULL, ended_reason = NULL, review_reason = 'discharge-cancelled', review_note = NULL WHERE order_id = $1`, [orderId, event.data.status]);
          return;
        case 'orders.order.completed':
          await end(tx, orderId, 'completed', event.data.at, null);
          return;
        case 'orders.order.expired':
          await end(tx, orderId, 'expired', event.data.at, null);
          return;
        case 'orders.order.flagged-for-review':
          await tx.query(`UPDATE ${schema}.orders SET review_reason = 'level-of-care', review_note = NULL WHERE order_id = $1`, [orderId]);
          return;
        case 'orders.order.missed-dose-reported':
          await tx.query(`UPDATE ${schema}.orders SET review_reason = 'time-critical-dose-not-given', review_note = $2 WHERE order_id = $1`, [orderId, missedDoseNote(event.data)]);
          return;
        case 'orders.order.reviewed':
          await tx.query(`UPDATE ${schema}.orders SET review_reason = NULL, review_note = NULL WHERE order_id = $1`, [orderId]);
          return;
        case 'orders.order.retrospective-review-requested':
          await tx.query(`UPDATE ${schema}.orders SET given_before_verification = true WHERE order_id = $1`, [orderId]);
          return;
        default:
          exhaustive(event);
      }
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${schema}.orders`);
    },
  };
}
