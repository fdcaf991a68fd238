import type { LevelOfCare } from '@ehr/contracts';
import type { Pool, PoolClient } from '@ehr/platform';
import type { AccountStep } from '../domain/account-work.js';
import { standingCharges } from '../domain/account.decider.js';
import { censusDays, type Facility, observationHours, type Stay } from '../domain/census.js';
import { observationActions, roomAndBoardActions } from '../domain/charge-capture.js';
import { demoChargemaster } from '../domain/chargemaster.seed.js';
import { accommodationByLevel, leaveOfAbsenceRevenueCode, roomChargeCode } from './billing-setup.js';
import { schema } from '../projections/index.js';

/** The facility as ADT configured it: each unit's beds bill the accommodation of its level of care. */
export async function facilityOf(tx: Pool | PoolClient, timeZone: string): Promise<Facility> {
  const { rows } = await tx.query<{ unit_id: string; level_of_care: LevelOfCare }>(`SELECT unit_id, level_of_care FROM ${schema}.units`);
  return { timeZone, accommodationByUnit: Object.fromEntries(rows.map((r) => [r.unit_id, accommodationByLevel[r.level_of_care]])), leaveOfAbsence: leaveOfAbsenceRevenueCode };
}

/**
 * What one stay is charged as of now: the census days ADT's history implies (room and board)
 * and the hours of observation that have ended, reconciled against this encounter's charges
 * on the account (nothing when they already agree).
 */
export const stayCharges =
  (stay: Stay, facility: Facility, asOf: string): AccountStep =>
  (state) => {
    const standing = standingCharges(state);
    const ofStay = (c: { source: { kind: string; id: string } }) => c.source.kind === 'census-day' && c.source.id.startsWith(`${stay.encounterId}:`);
    const actions = [
      ...roomAndBoardActions(censusDays(stay, facility, asOf), standing.filter(ofStay), demoChargemaster, roomChargeCode, state.heldCharges.filter(ofStay)),
      ...observationActions(stay.encounterId, observationHours(stay, facility.timeZone), standing, demoChargemaster, state.heldCharges),
    ];
    return actions.length > 0 ? { type: 'CaptureCharges', accountId: state.accountId, actions, at: asOf } : null;
  };
