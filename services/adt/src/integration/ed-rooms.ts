import type { PoolClient } from '@ehr/platform';
import { schema } from '../projections/index.js';

/**
 * The ED's treatment spaces as ADT learns of them: a stay per visit and room, from roomed to
 * released. A room the ED service names that ADT has no bed for (a hallway chair) is kept too,
 * and simply not on the board.
 */
export async function recordEdRoomed(tx: PoolClient, stay: { visitId: string; roomId: string; patientId: string; at: string }): Promise<void> {
  // A patient merged before the ED's event reached us shows under the surviving record.
  const { rows } = await tx.query<{ merged_into: string | null }>(`SELECT merged_into FROM ${schema}.patients WHERE patient_id = $1`, [stay.patientId]);
  await tx.query(
    `INSERT INTO ${schema}.ed_room_stays (visit_id, room_id, patient_id, roomed_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [stay.visitId, stay.roomId, rows[0]?.merged_into ?? stay.patientId, stay.at],
  );
}

export async function recordEdRoomReleased(tx: PoolClient, release: { visitId: string; roomId: string; at: string }): Promise<void> {
  await tx.query(`UPDATE ${schema}.ed_room_stays SET released_at = $3 WHERE visit_id = $1 AND room_id = $2 AND released_at IS NULL`, [release.visitId, release.roomId, release.at]);
}

export interface EdRoomOccupant {
  roomId: string;
  visitId: string;
  patientId: string;
}

/** Who is in which ED room at an instant (now when absent), by the ED's documented times. */
export async function edRoomOccupants(db: { query: PoolClient['query'] }, asOf?: string): Promise<Map<string, EdRoomOccupant>> {
  const { rows } = await db.query<{ room_id: string; visit_id: string; patient_id: string }>(
    asOf
      ? `SELECT room_id, visit_id, patient_id FROM ${schema}.ed_room_stays WHERE roomed_at <= $1 AND (released_at IS NULL OR released_at > $1) ORDER BY roomed_at`
      : `SELECT room_id, visit_id, patient_id FROM ${schema}.ed_room_stays WHERE released_at IS NULL ORDER BY roomed_at`,
    asOf ? [asOf] : [],
  );
  return new Map(rows.map((r) => [r.room_id, { roomId: r.room_id, visitId: r.visit_id, patientId: r.patient_id }]));
}
