import type { DomainEventOf, edEvents, EsiLevel } from '@ehr/contracts';
import { type EventHandler, exhaustive, followEvents, NotYetKnown } from '@ehr/platform';
import type { RevenueApplication } from '../application/revenue-application.js';
import { chargeOrHold, edLevelByEsi, edVisitCharge, facilityDate } from '../domain/charge-capture.js';
import { demoChargemaster } from '../domain/chargemaster.seed.js';
import { schema } from '../projections/index.js';

const followed = ['ed.visit.arrived', 'ed.visit.triaged', 'ed.visit.retriaged', 'ed.visit.departed', 'ed.visit.departure-cancelled'] as const;
type FollowedEvent = Extract<DomainEventOf<(typeof edEvents)[number]>, { type: (typeof followed)[number] }>;

/**
 * An ED arrival opens a hospital account; the ED facility level (set by the most acute triage
 * level of the visit, the hospital's documented guideline) is charged when the patient leaves
 * the ED. A patient sent
 * home is discharged on the account; one admitted stays on it, and the admission joins it.
 */
export function edEventsHandler(revenue: RevenueApplication): EventHandler {
  return followEvents<FollowedEvent>({
    name: 'revenue-follow-ed',
    source: 'ed',
    follower: 'revenue',
    handles: followed,
    async apply(tx, event, react) {
      const visit = async (visitId: string) => {
        const { rows } = await tx.query<{ account_id: string; arrived_at: Date; esi: EsiLevel | null }>(`SELECT account_id, arrived_at, esi FROM ${schema}.ed_visits WHERE visit_id = $1`, [visitId]);
        const row = rows[0];
        // The arrival comes first on the ED's stream: without it, wait for it (retried, then parked).
        if (!row) throw new NotYetKnown('ED visit', visitId);
        return row;
      };
      switch (event.type) {
        case 'ed.visit.arrived': {
          const { visitId, patientId, at } = event.data;
          const accountId = await revenue.newAccountId(tx);
          await tx.query(`INSERT INTO ${schema}.ed_visits (visit_id, patient_id, account_id, arrived_at) VALUES ($1, $2, $3, $4)`, [visitId, patientId, accountId, at]);
          await revenue.workInTransaction(tx, accountId, [{ type: 'OpenAccount', accountId, patientId, encounterId: visitId, accountClass: 'emergency', at }], react());
          return;
        }
        case 'ed.visit.triaged':
        case 'ed.visit.retriaged':
          // A re-triage to a more urgent level raises the facility level; one to a less urgent level does not lower it.
          await tx.query(`UPDATE ${schema}.ed_visits SET esi = LEAST(COALESCE(esi, $2), $2) WHERE visit_id = $1`, [event.data.visitId, event.data.esi]);
          return;
        case 'ed.visit.departed': {
          const { visitId, at, disposition, dischargeStatus } = event.data;
          const { account_id: accountId, arrived_at: arrivedAt, esi } = await visit(visitId);
          const tz = revenue.policy.timeZone;
          const level =
            esi === null
              ? null
              : chargeOrHold(() => edVisitCharge({ visitId, arrivedAt: arrivedAt.toISOString(), esi }, demoChargemaster, tz), {
                  source: { kind: 'ed-visit', id: visitId },
                  chargeCode: edLevelByEsi[esi],
                  serviceDate: facilityDate(arrivedAt.toISOString(), tz),
                  quantity: 1,
                });
          await revenue.workInTransaction(
            tx,
            accountId,
            [
              ...(level ? [{ type: 'CaptureCharges' as const, accountId, actions: [level], at }] : []),
              (s) => (disposition === 'admitted' || s.discharge ? null : { type: 'RecordDischarge', accountId, at, dischargeStatus }),
            ],
            react(),
          );
          return;
        }
        case 'ed.visit.departure-cancelled': {
          const { visitId, reason, at } = event.data;
          const { account_id: accountId } = await visit(visitId);
          await revenue.workInTransaction(tx, accountId, [{ type: 'CaptureCharges', accountId, actions: [{ kind: 'reverse', source: { kind: 'ed-visit', id: visitId }, reason }], at }], react());
          return;
        }
        default:
          exhaustive(event);
      }
    },
  });
}
