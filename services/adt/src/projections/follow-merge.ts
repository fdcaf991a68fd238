import type { EventEnvelope } from '@ehr/contracts';
import type { PoolClient } from '@ehr/platform';

export const patientMerged = 'adt.patient.merged-into';

/**
 * After a merge, rows that named the retired record name the survivor: the survivor shows
 * every stay and bed, its own and the retired record's.
 */
export async function followMerge(tx: PoolClient, table: string, envelope: EventEnvelope): Promise<void> {
  const { patientId, survivorPatientId } = envelope.data as { patientId: string; survivorPatientId: string };
  await tx.query(`UPDATE ${table} SET patient_id = $2 WHERE patient_id = $1`, [patientId, survivorPatientId]);
}
