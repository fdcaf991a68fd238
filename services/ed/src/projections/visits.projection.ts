import type { EventEnvelope } from '@ehr/contracts';
import type { PoolClient, Projection } from '@ehr/platform';
import { initialVisitState, statusOf, visitDecider, type VisitEvent, type VisitState } from '../domain/visit.decider.js';
import { edRegistry } from './registry.js';

/**
 * Each visit folded by the decider's own evolve, so the board, the record and the measures read
 * exactly the state the decider decides on; the columns beside it serve the board's filters.
 * The patient is the surviving record when ADT merged the visit's patient into another.
 */
export function visitsProjection(schema: string): Projection {
  return {
    name: 'ed-visits',
    handles: edRegistry.all().map((d) => d.type),
    async apply(tx: PoolClient, envelope: EventEnvelope) {
      const event = { type: envelope.type, data: envelope.data } as VisitEvent;
      const { visitId } = event.data;
      const { rows } = await tx.query<{ state: VisitState }>(`SELECT state FROM ${schema}.visits WHERE visit_id = $1 FOR UPDATE`, [visitId]);
      const state = visitDecider.evolve(rows[0]?.state ?? initialVisitState, event);
      await tx.query(
        `INSERT INTO ${schema}.visits (visit_id, patient_id, status, esi, room_id, provider_id, nurse_id, arrived_at, departed_at, state)
         VALUES ($1, COALESCE((SELECT survivor_patient_id FROM ${schema}.patient_merges WHERE retired_patient_id = $2), $2), $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (visit_id) DO UPDATE SET patient_id = EXCLUDED.patient_id, status = EXCLUDED.status, esi = EXCLUDED.esi, room_id = EXCLUDED.room_id, provider_id = EXCLUDED.provider_id,
           nurse_id = EXCLUDED.nurse_id, departed_at = EXCLUDED.departed_at, state = EXCLUDED.state`,
        [
          visitId,
          state.patientId,
          statusOf(state),
          state.triage?.esi ?? null,
          state.roomId,
          state.providerId,
          state.nurseId,
          state.arrival!.at,
          state.departure?.at ?? null,
          JSON.stringify(state),
        ],
      );
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${schema}.visits`);
    },
  };
}
