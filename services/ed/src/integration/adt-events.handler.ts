import type { AdtEvent } from '@ehr/contracts';
import { type EventHandler, exhaustive, followEvents, type PoolClient, recordPatientMerge } from '@ehr/platform';
import type { EdApplication, VisitStep } from '../application/ed-application.js';
import { VisitStateError } from '../domain/ed-errors.js';
import { schema } from '../projections/index.js';

/** The ADT events the ED follows: its bed requests, the patient reaching the bed, merged records. */
const followed = ['adt.bed-request.opened', 'adt.bed-request.assigned', 'adt.bed-request.cancelled', 'adt.bed-request.reopened', 'adt.bed.occupied', 'adt.patient.merged-into'] as const;
type FollowedEvent = Extract<AdtEvent, { type: (typeof followed)[number] }>;

/**
 * The ED hears what bed placement did with the bed request its decision to admit raised (ADT
 * gives the request the visit's id): the bed assigned shows on the board, and the patient
 * occupying that bed ends the visit as admitted at the time they reached it, which stops the
 * boarding clock. A request bed placement cancels shows as cancelled, with its reason, until
 * the ED decides to admit again. A request reopened because that admission was cancelled
 * cancels the departure: the patient is back on the board. Requests that are not for an ED
 * visit are not the ED's business. A merge in ADT moves the retired record's visits to the survivor.
 */
export function adtEventsHandler(ed: EdApplication): EventHandler {
  const requestOf = async (tx: PoolClient, column: 'request_id' | 'encounter_id', id: string) => {
    const { rows } = await tx.query<{ visit_id: string }>(`SELECT visit_id FROM ${schema}.bed_requests WHERE ${column} = $1`, [id]);
    return rows[0]?.visit_id ?? null;
  };

  return followEvents<FollowedEvent>({
    name: 'ed-follow-adt',
    source: 'adt',
    follower: 'ed',
    handles: followed,
    async apply(tx, event, react) {
      /**
       * The visit may have closed meanwhile (left against advice, died), or the ED may have
       * changed its mind: then the news changes nothing.
       */
      const act = async (step: VisitStep, moot: readonly string[] = ['VISIT_CLOSED', 'NOT_BOARDING']) => {
        try {
          await ed.actInTransaction(tx, step, react());
        } catch (error) {
          if (error instanceof VisitStateError && moot.includes(error.code)) return;
          throw error;
        }
      };
      switch (event.type) {
        case 'adt.bed-request.opened': {
          const { rowCount } = await tx.query(`SELECT 1 FROM ${schema}.visits WHERE visit_id = $1`, [event.data.requestId]);
          if (!rowCount) return;
          await tx.query(`INSERT INTO ${schema}.bed_requests (request_id, visit_id, encounter_id) VALUES ($1, $1, $2) ON CONFLICT (request_id) DO NOTHING`, [
            event.data.requestId,
            event.data.encounterId,
          ]);
          return;
        }
        case 'adt.bed-request.assigned': {
          const visitId = await requestOf(tx, 'request_id', event.data.requestId);
          if (!visitId) return;
          await tx.query(`UPDATE ${schema}.bed_requests SET bed_id = $2 WHERE request_id = $1`, [event.data.requestId, event.data.bedId]);
          await act({ type: 'RecordBedAssigned', visitId, bedId: event.data.bedId, unitId: event.data.unitId, at: event.data.at });
          return;
        }
        case 'adt.bed-request.cancelled': {
          const visitId = await requestOf(tx, 'request_id', event.data.requestId);
          if (!visitId) return;
          await tx.query(`UPDATE ${schema}.bed_requests SET bed_id = NULL WHERE request_id = $1`, [event.data.requestId]);
          await act({ type: 'RecordBedRequestCancelled', visitId, reason: event.data.reason, at: event.data.at });
          return;
        }
        case 'adt.bed-request.reopened': {
          // The admission upstairs was cancelled (scenario 19): the patient is back on the board, boarding again.
          // A cancelled request reopened by a new decision to admit finds the patient still here: nothing to undo.
          const visitId = await requestOf(tx, 'request_id', event.data.requestId);
          if (!visitId) return;
          await tx.query(`UPDATE ${schema}.bed_requests SET bed_id = NULL WHERE request_id = $1`, [event.data.requestId]);
          await act({ type: 'CancelDeparture', visitId, reason: event.data.reason, at: event.data.at }, ['NOT_DEPARTED']);
          return;
        }
        case 'adt.bed.occupied': {
          const visitId = await requestOf(tx, 'encounter_id', event.data.encounterId);
          if (!visitId) return;
          await act({ type: 'RecordDeparture', visitId, at: event.data.at });
          return;
        }
        case 'adt.patient.merged-into': {
          // The retired record's visits are the survivor's; a record merged earlier into the retired one follows along.
          const { patientId, survivorPatientId } = event.data;
          await recordPatientMerge(tx, schema, patientId, survivorPatientId);
          await tx.query(`UPDATE ${schema}.visits SET patient_id = $2 WHERE patient_id = $1`, [patientId, survivorPatientId]);
          return;
        }
        default:
          exhaustive(event);
      }
    },
  });
}
