import type { EventEnvelope } from '@ehr/contracts';
import { exhaustive, type Projection } from '@ehr/platform';
import type { EncounterEvent } from '../domain/encounter.decider.js';
import { adtRegistry } from '../application/placement.handler.js';
import { followMerge, patientMerged } from './follow-merge.js';

/** Each encounter's current status, class and bed, for the patient banner and census views. */
export function encounterListProjection(schema: string): Projection {
  return {
    name: 'encounter-list',
    handles: [...adtRegistry.all().map((d) => d.type).filter((t) => t.startsWith('adt.encounter.')), patientMerged],
    async apply(tx, envelope: EventEnvelope) {
      if (envelope.type === patientMerged) return followMerge(tx, `${schema}.encounters`, envelope);
      const event = { type: envelope.type, data: envelope.data } as EncounterEvent;
      const id = event.data.encounterId;
      const update = (sql: string, params: unknown[]) => tx.query(`UPDATE ${schema}.encounters SET ${sql} WHERE encounter_id = $1`, [id, ...params]);
      switch (event.type) {
        case 'adt.encounter.preadmitted':
          await tx.query(
            `INSERT INTO ${schema}.encounters (encounter_id, patient_id, class, status, bed_id, unit_id) VALUES ($1, $2, $3, 'planned', $4, $5)
             ON CONFLICT (encounter_id) DO NOTHING`,
            [id, event.data.patientId, event.data.class, event.data.bed?.bedId ?? null, event.data.bed?.unitId ?? null],
          );
          return;
        case 'adt.encounter.admitted':
          await tx.query(
            `INSERT INTO ${schema}.encounters (encounter_id, patient_id, class, status, bed_id, unit_id, admitted_at, class_history) VALUES ($1, $2, $3, 'in-progress', $4, $5, $6, $7)
             ON CONFLICT (encounter_id) DO UPDATE SET class = EXCLUDED.class, status = EXCLUDED.status, bed_id = EXCLUDED.bed_id, unit_id = EXCLUDED.unit_id,
               admitted_at = EXCLUDED.admitted_at, class_history = EXCLUDED.class_history`,
            [id, event.data.patientId, event.data.class, event.data.bedId, event.data.unitId, event.data.at, JSON.stringify([{ class: event.data.class, from: event.data.at }])],
          );
          return;
        case 'adt.encounter.preadmit-cancelled':
        case 'adt.encounter.admit-cancelled':
          await update(`status = 'cancelled', bed_id = NULL, unit_id = NULL`, []);
          return;
        case 'adt.encounter.transferred':
          await update(`bed_id = $2, unit_id = $3`, [event.data.to.bedId, event.data.to.unitId]);
          return;
        case 'adt.encounter.transfer-cancelled':
          await update(`bed_id = $2, unit_id = $3`, [event.data.backTo.bedId, event.data.backTo.unitId]);
          return;
        case 'adt.encounter.leave-started':
          await update(`status = 'onleave'`, []);
          return;
        case 'adt.encounter.leave-ended':
          await update(`status = 'in-progress'`, []);
          return;
        case 'adt.encounter.discharged':
          await update(`status = 'finished', discharged_at = $2, disposition = $3`, [event.data.at, event.data.disposition]);
          return;
        case 'adt.encounter.discharge-cancelled':
          await update(`status = 'in-progress', discharged_at = NULL, disposition = NULL, bed_id = $2, unit_id = $3`, [event.data.bedId, event.data.unitId]);
          return;
        case 'adt.encounter.class-changed':
          await update(`class = $2, class_history = class_history || $3::jsonb`, [event.data.to, JSON.stringify([{ class: event.data.to, from: event.data.at }])]);
          return;
        default:
          exhaustive(event);
      }
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${schema}.encounters`);
    },
  };
}
