import type { DomainEventOf, marEvents, OrderDetails } from '@ehr/contracts';
import { type EventHandler, exhaustive, followEvents, NotYetKnown, type PoolClient } from '@ehr/platform';
import { drugBilling, generalPharmacyCode } from '../application/billing-setup.js';
import type { RevenueApplication } from '../application/revenue-application.js';
import type { AccountStep } from '../domain/account-work.js';
import { standingCharges } from '../domain/account.decider.js';
import { doseAmendmentActions, doseChargeAction } from '../domain/charge-capture.js';
import { demoChargemaster } from '../domain/chargemaster.seed.js';
import { schema } from '../projections/index.js';
import { accountForEncounter } from './account-lookup.js';

const followed = ['mar.dose.given', 'mar.prn-dose.given', 'mar.dose.documented-in-error', 'mar.dose.amended'] as const;
type FollowedEvent = Extract<DomainEventOf<(typeof marEvents)[number]>, { type: (typeof followed)[number] }>;

/**
 * Pharmacy is charged when a dose is given on the MAR, never when dispensed: a J-coded drug in
 * HCPCS units, any other drug once as general pharmacy. A dose documented in error has its
 * charge reversed by a linked line; one amended (time given, amount) has its charge moved.
 * A dose that cannot be priced waits on the charge-review queue.
 */
const billingOf = (details: OrderDetails) => (details.kind === 'medication' ? drugBilling[details.drugId] : undefined);

export function marEventsHandler(revenue: RevenueApplication): EventHandler {
  const orderOf = async (tx: PoolClient, orderId: string) => {
    const { rows } = await tx.query<{ encounter_id: string; details: OrderDetails }>(`SELECT encounter_id, details FROM ${schema}.orders WHERE order_id = $1`, [orderId]);
    const order = rows[0];
    if (!order) throw new NotYetKnown('order', orderId);
    return order;
  };

  return followEvents<FollowedEvent>({
    name: 'revenue-follow-mar',
    source: 'mar',
    follower: 'revenue',
    handles: followed,
    async apply(tx, event, react) {
      const order = await orderOf(tx, event.data.orderId);
      const accountId = await accountForEncounter(tx, order.encounter_id);
      switch (event.type) {
        case 'mar.dose.given':
        case 'mar.prn-dose.given': {
          const { entryId, amount, at } = event.data;
          const action = doseChargeAction({ entryId, amount, at }, billingOf(order.details), generalPharmacyCode, demoChargemaster, revenue.policy.timeZone);
          await revenue.workInTransaction(tx, accountId, [{ type: 'CaptureCharges', accountId, actions: [action], at }], react());
          return;
        }
        case 'mar.dose.amended': {
          // A corrected time or amount moves the charge to the right service date and units.
          const { entryId, amount, givenAt, reason, at } = event.data;
          const amend: AccountStep = (s) => {
            const standing = standingCharges(s).find((c) => c.source.kind === 'dose' && c.source.id === entryId);
            const actions = doseAmendmentActions(standing, { amount, givenAt, reason }, billingOf(order.details), demoChargemaster, revenue.policy.timeZone);
            return actions.length > 0 ? { type: 'CaptureCharges', accountId, actions, at } : null;
          };
          await revenue.workInTransaction(tx, accountId, [amend], react());
          return;
        }
        case 'mar.dose.documented-in-error': {
          const { entryId, reason, at } = event.data;
          await revenue.workInTransaction(tx, accountId, [{ type: 'CaptureCharges', accountId, actions: [{ kind: 'reverse', source: { kind: 'dose', id: entryId }, reason }], at }], react());
          return;
        }
        default:
          exhaustive(event);
      }
    },
  });
}
