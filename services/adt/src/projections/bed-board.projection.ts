import type { EventEnvelope } from '@ehr/contracts';
import { exhaustive, type PoolClient, type Projection } from '@ehr/platform';
import type { BedEvent } from '../domain/bed.decider.js';
import { adtRegistry } from '../application/placement.handler.js';
import { followMerge, patientMerged } from './follow-merge.js';

/** One row per bed: what the bed board and bed placement show. */
export function bedBoardProjection(schema: string): Projection {
  const set = (tx: PoolClient, bedId: string, fields: Record<string, unknown>, at: string) => {
    const names = Object.keys(fields);
    const assignments = names.map((n, i) => `${n} = $${i + 3}`).join(', ');
    return tx.query(`UPDATE ${schema}.bed_board SET ${assignments}, updated_at = $2 WHERE bed_id = $1`, [bedId, at, ...Object.values(fields)]);
  };
  return {
    name: 'bed-board',
    handles: [...adtRegistry.all().map((d) => d.type).filter((t) => t.startsWith('adt.bed.')), patientMerged],
    async apply(tx, envelope: EventEnvelope) {
      if (envelope.type === patientMerged) {
        // The ED's room stays follow the merge with the beds.
        await followMerge(tx, `${schema}.ed_room_stays`, envelope);
        return followMerge(tx, `${schema}.bed_board`, envelope);
      }
      const event = { type: envelope.type, data: envelope.data } as BedEvent;
      const at = envelope.recordedAt;
      const { bedId } = event.data;
      switch (event.type) {
        case 'adt.bed.commissioned':
          await tx.query(
            `INSERT INTO ${schema}.bed_board (bed_id, unit_id, room_id, label, status, updated_at) VALUES ($1, $2, $3, $4, 'available', $5)
             ON CONFLICT (bed_id) DO NOTHING`,
            [bedId, event.data.unitId, event.data.roomId, event.data.label, at],
          );
          return;
        case 'adt.bed.reserved':
          // The board names the patient a bed is held for, unless someone is still in it.
          await tx.query(
            `UPDATE ${schema}.bed_board SET status = 'reserved', reserved_for_encounter_id = $2, patient_id = COALESCE(patient_id, $3), updated_at = $4 WHERE bed_id = $1`,
            [bedId, event.data.encounterId, event.data.patientId, at],
          );
          return;
        case 'adt.bed.reservation-released':
          await tx.query(
            `UPDATE ${schema}.bed_board SET status = CASE WHEN dirty_since IS NULL THEN 'available' ELSE 'dirty' END,
               patient_id = CASE WHEN encounter_id IS NULL THEN NULL ELSE patient_id END,
               reserved_for_encounter_id = NULL, updated_at = $2 WHERE bed_id = $1`,
            [bedId, at],
          );
          return;
        case 'adt.bed.occupied':
          await set(tx, bedId, { status: 'occupied', encounter_id: event.data.encounterId, patient_id: event.data.patientId, reserved_for_encounter_id: null, dirty_since: null, cleaning_since: null }, at);
          return;
        case 'adt.bed.vacated':
          await set(
            tx,
            bedId,
            event.data.needsCleaning
              ? { status: 'dirty', encounter_id: null, patient_id: null, dirty_since: event.data.at }
              : { status: 'available', encounter_id: null, patient_id: null },
            at,
          );
          return;
        case 'adt.bed.cleaning-started':
          await set(tx, bedId, { status: 'cleaning', cleaning_since: event.data.at }, at);
          return;
        case 'adt.bed.cleaned':
          await tx.query(
            `UPDATE ${schema}.bed_board SET status = CASE WHEN reserved_for_encounter_id IS NULL THEN 'available' ELSE 'reserved' END,
               dirty_since = NULL, cleaning_since = NULL, last_turnaround_minutes = $3, updated_at = $2 WHERE bed_id = $1`,
            [bedId, at, event.data.turnaroundMinutes],
          );
          return;
        case 'adt.bed.blocked':
          await set(tx, bedId, { status: 'blocked', blocked_reason: event.data.reason }, at);
          return;
        case 'adt.bed.unblocked':
          await set(tx, bedId, { status: 'available', blocked_reason: null }, at);
          return;
        case 'adt.bed.isolation-set':
          await set(tx, bedId, { isolation: event.data.isolation }, at);
          return;
        case 'adt.bed.isolation-cleared':
          await set(tx, bedId, { isolation: null }, at);
          return;
        default:
          exhaustive(event);
      }
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${schema}.bed_board`);
    },
  };
}
