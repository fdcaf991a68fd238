import type { EventEnvelope } from '@ehr/contracts';
import type { Projection } from '@ehr/platform';
import type { BedEvent } from '../domain/bed.decider.js';
import type { BedRequestEvent } from '../domain/bed-request.decider.js';
import { adtRegistry } from '../application/placement.handler.js';
import { followMerge, patientMerged } from './follow-merge.js';

/** The placement queue: open and assigned requests; fulfilled when the patient reaches the bed. */
export function bedRequestQueueProjection(schema: string): Projection {
  return {
    name: 'bed-request-queue',
    handles: [...adtRegistry.all().map((d) => d.type).filter((t) => t.startsWith('adt.bed-request.')), 'adt.bed.occupied', patientMerged],
    async apply(tx, envelope: EventEnvelope) {
      if (envelope.type === patientMerged) return followMerge(tx, `${schema}.bed_requests`, envelope);
      const event = { type: envelope.type, data: envelope.data } as BedRequestEvent | BedEvent;
      switch (event.type) {
        case 'adt.bed-request.opened':
          await tx.query(
            `INSERT INTO ${schema}.bed_requests (request_id, patient_id, encounter_id, unit_id, isolation, reason, status, requested_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) ON CONFLICT (request_id) DO NOTHING`,
            [event.data.requestId, event.data.patientId, event.data.encounterId, event.data.unitId, event.data.isolationNeeded, event.data.reason, event.data.at],
          );
          return;
        case 'adt.bed-request.assigned':
          await tx.query(`UPDATE ${schema}.bed_requests SET status = 'assigned', bed_id = $2, assigned_at = $3 WHERE request_id = $1`, [event.data.requestId, event.data.bedId, event.data.at]);
          return;
        case 'adt.bed-request.cancelled':
          await tx.query(`UPDATE ${schema}.bed_requests SET status = 'cancelled' WHERE request_id = $1`, [event.data.requestId]);
          return;
        case 'adt.bed-request.reopened':
          await tx.query(`UPDATE ${schema}.bed_requests SET status = 'open', bed_id = NULL, assigned_at = NULL WHERE request_id = $1`, [event.data.requestId]);
          return;
        case 'adt.bed.occupied':
          await tx.query(`UPDATE ${schema}.bed_requests SET status = 'fulfilled' WHERE status = 'assigned' AND bed_id = $1 AND encounter_id = $2`, [event.data.bedId, event.data.encounterId]);
          return;
        default:
          return;
      }
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${schema}.bed_requests`);
    },
  };
}
