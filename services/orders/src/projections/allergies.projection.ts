import type { EventEnvelope } from '@ehr/contracts';
import { exhaustive, type Projection } from '@ehr/platform';
import type { AllergyEvent } from '../domain/allergy.decider.js';

/** Each patient's allergy list, read by order entry and shown on the chart. */
export function allergiesProjection(schema: string): Projection {
  return {
    name: 'allergies',
    handles: ['orders.allergy.recorded', 'orders.allergy.removed'],
    async apply(tx, envelope: EventEnvelope) {
      const event = { type: envelope.type, data: envelope.data } as AllergyEvent;
      switch (event.type) {
        case 'orders.allergy.recorded': {
          const d = event.data;
          await tx.query(
            `INSERT INTO ${schema}.allergies (allergy_id, patient_id, substance_code, substance_display, reaction, criticality, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (allergy_id) DO NOTHING`,
            [d.allergyId, d.patientId, d.substance.code, d.substance.display, d.reaction, d.criticality, d.recordedBy, d.at],
          );
          return;
        }
        case 'orders.allergy.removed':
          await tx.query(`DELETE FROM ${schema}.allergies WHERE allergy_id = $1`, [event.data.allergyId]);
          return;
        default:
          exhaustive(event);
      }
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${schema}.allergies`);
    },
  };
}
