import { type EventEnvelope, marEvents } from '@ehr/contracts';
import type { Projection } from '@ehr/platform';
import { type DoseEvent, type DoseState, evolveDose, initialDoseState } from '../domain/dose-state.js';

/** A dose's own events; a PRN order's count (`mar.prn-order.*`) is decided on, not shown. */
const marEventTypes = marEvents.map((d) => d.type);

/** When a dose sorts on the MAR: its due time, or when a PRN administration began. */
const sortAt = (state: DoseState, recordedAt: string): string => state.dueAt ?? state.entries[0]?.at ?? state.wristband?.at ?? recordedAt;

/**
 * Each dose as its stream folds, with the columns the bedside and the unit's due list filter
 * on. Inline with the command, so the nurse sees what she documented on the next read, and the
 * next bedside command decides on this state at its stream version without loading the stream.
 */
export function dosesProjection(schema: string): Projection {
  return {
    name: 'doses',
    handles: marEventTypes,
    async apply(tx, envelope: EventEnvelope) {
      const event = { type: envelope.type, data: envelope.data } as DoseEvent;
      const { doseId } = event.data;
      const { rows } = await tx.query<{ state: DoseState }>(`SELECT state FROM ${schema}.doses WHERE dose_id = $1 FOR UPDATE`, [doseId]);
      const state = evolveDose(rows[0]?.state ?? initialDoseState, event);
      await tx.query(
        `INSERT INTO ${schema}.doses (dose_id, kind, order_id, patient_id, status, due_at, sort_at, state, updated_at, stream_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (dose_id) DO UPDATE SET status = EXCLUDED.status, due_at = EXCLUDED.due_at, sort_at = EXCLUDED.sort_at, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at,
           stream_version = EXCLUDED.stream_version`,
        [doseId, state.kind, state.orderId, state.patientId, state.status, state.dueAt, sortAt(state, envelope.recordedAt), JSON.stringify(state), envelope.recordedAt, envelope.streamVersion],
      );
      // A second nurse's sign-in serves one administration.
      if ((event.type === 'mar.dose.given' || event.type === 'mar.prn-dose.given') && (event.data.verifiedBy !== null || event.data.waste !== null)) await tx.query(`DELETE FROM ${schema}.cosignatures WHERE dose_id = $1`, [doseId]);
      if ((event.type === 'mar.wristband.verified' || event.type === 'mar.product.verified') && event.data.identification.method === 'manual') {
        const { identification, by, at } = event.data;
        await tx.query(
          `INSERT INTO ${schema}.manual_entries (dose_id, what, patient_id, reason, comment, entered_by, entered_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [doseId, event.type === 'mar.wristband.verified' ? 'wristband' : 'product', state.patientId, identification.reason, identification.comment, by, at],
        );
      }
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${schema}.doses, ${schema}.manual_entries`);
    },
  };
}
