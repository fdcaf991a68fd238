import { type EventEnvelope, eventCatalog } from '@ehr/contracts';
import { fold, type PoolClient, type Projection } from '@ehr/platform';
import { accountDecider, type AccountEvent, balanceOf, type BillingPolicy, chargesTotal } from '../domain/account.decider.js';
import { classify } from '../domain/work-queue.js';
import { historyLine } from './history.js';

const accountEventTypes = eventCatalog.revenue!.map((d) => d.type);

/** The account as of one of its events: its stream up to that version (a rebuild must not see the future). */
async function accountAsOf(tx: PoolClient, schema: string, envelope: EventEnvelope) {
  const { rows } = await tx.query<{ event_type: string; data: unknown }>(`SELECT event_type, data FROM ${schema}.events WHERE stream_id = $1 AND stream_version <= $2 ORDER BY stream_version`, [
    envelope.streamId,
    envelope.streamVersion,
  ]);
  // Every row was validated against its schema when it was appended.
  return fold(accountDecider, rows.map((r) => ({ type: r.event_type, data: r.data }) as AccountEvent));
}

/**
 * Accounts, their charges, claims and denials, the work queue each unpaid account sits in,
 * and its history. The account row and its work item are recomputed from the account's
 * events, so they always agree with what the decider sees.
 */
export function accountsProjection(schema: string, policy: BillingPolicy): Projection {
  return {
    name: 'accounts',
    handles: accountEventTypes,
    async apply(tx, envelope: EventEnvelope) {
      const event = { type: envelope.type, data: envelope.data } as AccountEvent;
      const { accountId } = event.data;
      switch (event.type) {
        case 'revenue.account.opened':
        case 'revenue.account.admitted':
          await tx.query(`INSERT INTO ${schema}.account_encounters (encounter_id, account_id) VALUES ($1, $2) ON CONFLICT (encounter_id) DO NOTHING`, [event.data.encounterId, accountId]);
          break;
        case 'revenue.charge.posted':
        case 'revenue.charge.reversed': {
          const d = event.data;
          const reverses = event.type === 'revenue.charge.reversed' ? event.data.reversesChargeId : null;
          await tx.query(
            `INSERT INTO ${schema}.charges (charge_id, account_id, charge_code, description, revenue_code, hcpcs, service_date, quantity, unit_price_cents, amount_cents,
               source_kind, source_id, reverses_charge_id, reason, late, posted_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (charge_id) DO NOTHING`,
            [d.chargeId, accountId, d.chargeCode, d.description, d.revenueCode, d.hcpcs, d.serviceDate, d.quantity, d.unitPriceCents, d.amountCents, d.source.kind, d.source.id, reverses, event.type === 'revenue.charge.reversed' ? event.data.reason : null, d.late, d.postedAt],
          );
          if (reverses) await tx.query(`UPDATE ${schema}.charges SET reversed_by = $2 WHERE charge_id = $1`, [reverses, d.chargeId]);
          break;
        }
        case 'revenue.claim.created': {
          const d = event.data;
          await tx.query(
            `INSERT INTO ${schema}.claims (claim_id, account_id, version, frequency, type_of_bill, payer_id, total_cents, status, original_payer_claim_number, condition_codes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'sent', $8, $9, $10) ON CONFLICT (claim_id) DO NOTHING`,
            [d.claimId, accountId, d.version, d.frequency, d.typeOfBill, d.payerId, d.totalCents, d.originalPayerClaimNumber, d.conditionCodes, d.at],
          );
          break;
        }
        case 'revenue.claim.rejected':
          await tx.query(`UPDATE ${schema}.claims SET status = 'rejected' WHERE claim_id = $1`, [event.data.claimId]);
          break;
        case 'revenue.remittance.posted':
          // A reversal (CLP02 22) takes back an earlier adjudication; the claim it answers keeps its status.
          if (event.data.claimStatus !== '22') {
            await tx.query(
              `UPDATE ${schema}.claims SET status = $2, payer_claim_number = $3 WHERE claim_id = (SELECT claim_id FROM ${schema}.claims WHERE account_id = $1 ORDER BY version DESC LIMIT 1)`,
              [accountId, event.data.claimStatus === '4' ? 'denied' : 'adjudicated', event.data.payerClaimNumber],
            );
          }
          break;
        case 'revenue.denial.recorded': {
          const d = event.data;
          await tx.query(
            `INSERT INTO ${schema}.denials (account_id, payer_claim_number, carc, rarcs, amount_cents, category, remit_date) VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (account_id, payer_claim_number, carc) DO NOTHING`,
            [accountId, d.payerClaimNumber, d.carc, d.rarcs, d.amountCents, d.category, d.remitDate],
          );
          break;
        }
        default:
          break;
      }
      await tx.query(
        `INSERT INTO ${schema}.account_history (event_id, account_id, stream_version, type, at, actor, summary) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
        [envelope.eventId, accountId, envelope.streamVersion, event.type, envelope.recordedAt, envelope.actor.id, historyLine(event)],
      );

      const state = await accountAsOf(tx, schema, envelope);
      const payer = state.coverages.primary ?? null;
      await tx.query(
        `INSERT INTO ${schema}.accounts (account_id, patient_id, account_class, opened_at, admitted_at, discharged_at, discharge_status, payer_id, payer_name, coding, holds, edits,
           charges_cents, paid_cents, written_off_cents, balance_cents, attending, held_charges)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (account_id) DO UPDATE SET account_class = EXCLUDED.account_class, admitted_at = EXCLUDED.admitted_at, discharged_at = EXCLUDED.discharged_at,
           discharge_status = EXCLUDED.discharge_status, payer_id = EXCLUDED.payer_id, payer_name = EXCLUDED.payer_name, coding = EXCLUDED.coding, holds = EXCLUDED.holds,
           edits = EXCLUDED.edits, charges_cents = EXCLUDED.charges_cents, paid_cents = EXCLUDED.paid_cents, written_off_cents = EXCLUDED.written_off_cents, balance_cents = EXCLUDED.balance_cents,
           attending = EXCLUDED.attending, held_charges = EXCLUDED.held_charges`,
        [
          accountId,
          state.patientId,
          state.accountClass,
          state.openedAt,
          state.admission?.at ?? null,
          state.discharge?.at ?? null,
          state.discharge?.status ?? null,
          payer?.payerId ?? null,
          payer?.payerName ?? null,
          state.coding ? JSON.stringify(state.coding) : null,
          state.holds,
          JSON.stringify(state.claimEdits),
          chargesTotal(state),
          state.paidCents,
          state.writtenOffCents,
          balanceOf(state),
          state.attending ? JSON.stringify(state.attending) : null,
          JSON.stringify(state.heldCharges),
        ],
      );
      const item = classify(state, policy, envelope.recordedAt);
      if (!item) {
        await tx.query(`DELETE FROM ${schema}.work_items WHERE account_id = $1`, [accountId]);
        return;
      }
      await tx.query(
        `INSERT INTO ${schema}.work_items (account_id, queue, reason, payer_id, owner, amount_cents, aging_from) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (account_id) DO UPDATE SET queue = EXCLUDED.queue, reason = EXCLUDED.reason, payer_id = EXCLUDED.payer_id, owner = EXCLUDED.owner,
           amount_cents = EXCLUDED.amount_cents, aging_from = EXCLUDED.aging_from`,
        [accountId, item.queue, item.reason, item.payerId, item.owner, item.amountCents, item.agingFrom],
      );
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${schema}.accounts, ${schema}.account_encounters, ${schema}.charges, ${schema}.claims, ${schema}.denials, ${schema}.work_items, ${schema}.account_history`);
    },
  };
}
