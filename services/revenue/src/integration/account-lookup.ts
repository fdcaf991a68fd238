import { NotYetKnown, type PoolClient } from '@ehr/platform';
import { schema } from '../projections/index.js';

/**
 * The account an encounter bills on. Orders and doses can arrive before ADT's admission has
 * reached this service: then the event waits, in order, until the admission is applied; never dropped.
 */
export async function accountForEncounter(tx: PoolClient, encounterId: string): Promise<string> {
  const { rows } = await tx.query<{ account_id: string }>(`SELECT account_id FROM ${schema}.account_encounters WHERE encounter_id = $1`, [encounterId]);
  const accountId = rows[0]?.account_id;
  if (!accountId) throw new NotYetKnown('encounter', encounterId, `no hospital account for encounter ${encounterId} yet`);
  return accountId;
}
