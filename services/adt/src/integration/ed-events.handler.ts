import type { DomainEventOf, edVisitAdmissionDecided } from '@ehr/contracts';
import { type EventHandler, followEvents } from '@ehr/platform';
import { v7 as uuidv7 } from 'uuid';
import type { AdtApplication } from '../application/adt-application.js';
import { schema } from '../projections/index.js';

/**
 * An ED decision to admit asks bed placement for a bed: the first decision documented for a
 * visit opens a bed request with the visit's id, so the ED can tell which visit a bed is for
 * and later decisions (the admit order after the disposition) open nothing more. The request
 * commits in the consumer's transaction with its inbox row; the ED event's id is the
 * idempotency key, so a redelivery changes nothing.
 */
export function edEventsHandler(adt: AdtApplication): EventHandler {
  return followEvents<DomainEventOf<typeof edVisitAdmissionDecided>>({
    name: 'adt-follow-ed',
    source: 'ed',
    follower: 'adt',
    handles: ['ed.visit.admission-decided'],
    async apply(tx, event, react, envelope) {
      const { visitId, at } = event.data;
      const { rowCount } = await tx.query(`SELECT 1 FROM ${schema}.bed_requests WHERE request_id = $1`, [visitId]);
      if (rowCount) return;
      if (!envelope.patientId) throw new Error(`ED event ${envelope.eventId} names no patient`);
      await adt.openBedRequestInTransaction(
        tx,
        // The encounter the patient will be admitted under; the bed manager admits into the assigned bed with it.
        { type: 'OpenBedRequest', requestId: visitId, patientId: envelope.patientId, encounterId: uuidv7(), unitId: null, isolationNeeded: null, reason: 'Admit from the emergency department', at },
        react(),
      );
    },
  });
}
