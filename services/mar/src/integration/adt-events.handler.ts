import type { AdtEvent } from '@ehr/contracts';
import { type EventHandler, exhaustive, followEvents, type PoolClient, recordPatientMerge } from '@ehr/platform';
import { schema } from '../projections/index.js';

/** The ADT events the MAR follows: who a wristband names, and where each patient lies. */
const followed = [
  'adt.patient.registered',
  'adt.patient.registered-unidentified',
  'adt.patient.merged-into',
  'adt.encounter.admitted',
  'adt.encounter.admit-cancelled',
  'adt.encounter.transferred',
  'adt.encounter.transfer-cancelled',
  'adt.encounter.leave-started',
  'adt.encounter.leave-ended',
  'adt.encounter.discharged',
  'adt.encounter.discharge-cancelled',
] as const;
type FollowedEvent = Extract<AdtEvent, { type: (typeof followed)[number] }>;

/**
 * What the bedside needs from ADT: the MRN on each wristband, and the unit and bed of each
 * open encounter for the unit's due list. Written in the consumer's transaction with its inbox row.
 */
export function adtEventsHandler(): EventHandler {
  const place = (tx: PoolClient, encounterId: string, status: string, bed: { unitId: string; bedId: string } | null) =>
    tx.query(`UPDATE ${schema}.encounters SET status = $2, unit_id = COALESCE($3, unit_id), bed_id = COALESCE($4, bed_id) WHERE encounter_id = $1`, [
      encounterId,
      status,
      bed?.unitId ?? null,
      bed?.bedId ?? null,
    ]);
  const setStatus = (tx: PoolClient, encounterId: string, status: string) => place(tx, encounterId, status, null);

  return followEvents<FollowedEvent>({
    name: 'mar-follow-adt',
    source: 'adt',
    follower: 'mar',
    handles: followed,
    async apply(tx, event) {
      switch (event.type) {
        case 'adt.patient.registered':
        case 'adt.patient.registered-unidentified':
          await tx.query(`INSERT INTO ${schema}.wristbands (mrn, patient_id) VALUES ($1, $2) ON CONFLICT (mrn) DO NOTHING`, [event.data.mrn, event.data.patientId]);
          return;
        case 'adt.patient.merged-into': {
          // A wristband still carrying the retired MRN names the survivor now, and the doses
          // charted on the retired record are the survivor's (a record merged earlier into the
          // retired one follows along).
          const { patientId, survivorPatientId } = event.data;
          await tx.query(`UPDATE ${schema}.wristbands SET patient_id = $2 WHERE patient_id = $1`, [patientId, survivorPatientId]);
          await tx.query(`UPDATE ${schema}.encounters SET patient_id = $2 WHERE patient_id = $1`, [patientId, survivorPatientId]);
          await recordPatientMerge(tx, schema, patientId, survivorPatientId);
          return;
        }
        case 'adt.encounter.admitted':
          await tx.query(
            `INSERT INTO ${schema}.encounters (encounter_id, patient_id, status, unit_id, bed_id) VALUES ($1, $2, 'in-progress', $3, $4)
             ON CONFLICT (encounter_id) DO UPDATE SET status = EXCLUDED.status, unit_id = EXCLUDED.unit_id, bed_id = EXCLUDED.bed_id`,
            [event.data.encounterId, event.data.patientId, event.data.unitId, event.data.bedId],
          );
          return;
        case 'adt.encounter.admit-cancelled':
          await setStatus(tx, event.data.encounterId, 'cancelled');
          return;
        case 'adt.encounter.transferred':
          await place(tx, event.data.encounterId, 'in-progress', event.data.to);
          return;
        case 'adt.encounter.transfer-cancelled':
          await place(tx, event.data.encounterId, 'in-progress', event.data.backTo);
          return;
        case 'adt.encounter.leave-started':
          await setStatus(tx, event.data.encounterId, 'onleave');
          return;
        case 'adt.encounter.leave-ended':
          await setStatus(tx, event.data.encounterId, 'in-progress');
          return;
        case 'adt.encounter.discharged':
          await setStatus(tx, event.data.encounterId, 'finished');
          return;
        case 'adt.encounter.discharge-cancelled':
          await place(tx, event.data.encounterId, 'in-progress', { unitId: event.data.unitId, bedId: event.data.bedId });
          return;
        default:
          exhaustive(event);
      }
    },
  });
}
