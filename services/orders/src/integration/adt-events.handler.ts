import type { AdtEvent, LevelOfCare } from '@ehr/contracts';
import { type EventHandler, exhaustive, followEvents, type PoolClient } from '@ehr/platform';
import type { OrdersApplication } from '../application/orders-application.js';
import { schema } from '../projections/index.js';

/** The ADT events the orders service follows. */
const followed = [
  'adt.unit.configured',
  'adt.encounter.preadmitted',
  'adt.encounter.preadmit-cancelled',
  'adt.encounter.admitted',
  'adt.encounter.admit-cancelled',
  'adt.encounter.transferred',
  'adt.encounter.transfer-cancelled',
  'adt.encounter.leave-started',
  'adt.encounter.leave-ended',
  'adt.encounter.discharged',
  'adt.encounter.discharge-cancelled',
  'adt.patient.merged-into',
] as const;
type FollowedEvent = Extract<AdtEvent, { type: (typeof followed)[number] }>;

/**
 * Orders follow the encounter: ADT tells this service where each encounter stands, a
 * discharge discontinues the encounter's open orders (a cancelled discharge reinstates them,
 * for review), and a move to another level of care puts them up for a prescriber's review. Each reaction commits in the consumer's transaction
 * with its inbox row, so a redelivered ADT event changes nothing twice.
 */
export function adtEventsHandler(orders: OrdersApplication): EventHandler {
  const setStatus = (tx: PoolClient, encounterId: string, status: string) => tx.query(`UPDATE ${schema}.encounters SET status = $2 WHERE encounter_id = $1`, [encounterId, status]);

  const openOrders = async (tx: PoolClient, encounterId: string): Promise<string[]> => {
    const { rows } = await tx.query<{ order_id: string }>(`SELECT order_id FROM ${schema}.orders WHERE encounter_id = $1 AND status IN ('active', 'on-hold') ORDER BY placed_at`, [encounterId]);
    return rows.map((r) => r.order_id);
  };

  const levelOf = async (tx: PoolClient, unitId: string): Promise<LevelOfCare | null> => {
    const { rows } = await tx.query<{ level_of_care: LevelOfCare }>(`SELECT level_of_care FROM ${schema}.units WHERE unit_id = $1`, [unitId]);
    return rows[0]?.level_of_care ?? null;
  };

  return followEvents<FollowedEvent>({
    name: 'orders-follow-adt',
    source: 'adt',
    follower: 'orders',
    handles: followed,
    async apply(tx, event, react, envelope) {
      switch (event.type) {
        case 'adt.unit.configured':
          await tx.query(
            `INSERT INTO ${schema}.units (unit_id, name, level_of_care) VALUES ($1, $2, $3)
             ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name, level_of_care = EXCLUDED.level_of_care`,
            [event.data.unitId, event.data.name, event.data.levelOfCare],
          );
          return;
        case 'adt.encounter.preadmitted':
        case 'adt.encounter.admitted': {
          const [status, unitId] = event.type === 'adt.encounter.admitted' ? ['in-progress', event.data.unitId] : ['planned', event.data.bed?.unitId ?? null];
          await tx.query(
            `INSERT INTO ${schema}.encounters (encounter_id, patient_id, status, unit_id) VALUES ($1, $2, $3, $4)
             ON CONFLICT (encounter_id) DO UPDATE SET status = EXCLUDED.status, unit_id = EXCLUDED.unit_id`,
            [event.data.encounterId, event.data.patientId, status, unitId],
          );
          return;
        }
        case 'adt.encounter.preadmit-cancelled':
        case 'adt.encounter.admit-cancelled':
          await setStatus(tx, event.data.encounterId, 'cancelled');
          return;
        case 'adt.encounter.leave-started':
          await setStatus(tx, event.data.encounterId, 'onleave');
          return;
        case 'adt.encounter.leave-ended':
          await setStatus(tx, event.data.encounterId, 'in-progress');
          return;
        case 'adt.encounter.discharge-cancelled': {
          // The patient never left: what the discharge stopped runs again, flagged for the prescriber's review.
          const { encounterId } = event.data;
          await setStatus(tx, encounterId, 'in-progress');
          const { rows } = await tx.query<{ order_id: string }>(`SELECT order_id FROM ${schema}.orders WHERE encounter_id = $1 AND status = 'discontinued' ORDER BY placed_at`, [encounterId]);
          for (const { order_id: orderId } of rows) {
            await orders.orders.handleInTransaction(tx, { type: 'ReinstateAfterDischargeCancelled', orderId, encounterId, at: envelope.occurredAt }, react(orderId));
          }
          return;
        }
        case 'adt.encounter.transferred':
        case 'adt.encounter.transfer-cancelled': {
          const { encounterId } = event.data;
          const [from, to, at] =
            event.type === 'adt.encounter.transferred' ? [event.data.from.unitId, event.data.to.unitId, event.data.at] : [event.data.from.unitId, event.data.backTo.unitId, envelope.recordedAt];
          await tx.query(`UPDATE ${schema}.encounters SET unit_id = $2 WHERE encounter_id = $1`, [encounterId, to]);
          const [fromLevel, toLevel] = await Promise.all([levelOf(tx, from), levelOf(tx, to)]);
          if (!fromLevel || !toLevel || fromLevel === toLevel) return;
          for (const orderId of await openOrders(tx, encounterId)) {
            await orders.orders.handleInTransaction(tx, { type: 'FlagForLevelOfCareChange', orderId, from: fromLevel, to: toLevel, at }, react(orderId));
          }
          return;
        }
        case 'adt.encounter.discharged': {
          const { encounterId, at } = event.data;
          await setStatus(tx, encounterId, 'finished');
          for (const orderId of await openOrders(tx, encounterId)) {
            await orders.orders.handleInTransaction(tx, { type: 'DiscontinueForDischarge', orderId, encounterId, at }, react(orderId));
          }
          return;
        }
        case 'adt.patient.merged-into':
          // The retired record's orders, allergies and encounters now belong to the survivor.
          for (const table of ['orders', 'allergies', 'encounters']) {
            await tx.query(`UPDATE ${schema}.${table} SET patient_id = $2 WHERE patient_id = $1`, [event.data.patientId, event.data.survivorPatientId]);
          }
          return;
        default:
          exhaustive(event);
      }
    },
  });
}
