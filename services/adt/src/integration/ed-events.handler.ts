import type { DomainEventOf, edVisitAdmissionDecided, edVisitDischargeDecided, edVisitRoomed, edVisitRoomReleased } from '@ehr/contracts';
import { type EventHandler, followEvents } from '@ehr/platform';
import { v7 as uuidv7 } from 'uuid';
import type { AdtApplication } from '../application/adt-application.js';
import { schema } from '../projections/index.js';
import { recordEdRoomed, recordEdRoomReleased } from './ed-rooms.js';

type FollowedEvent =
  | DomainEventOf<typeof edVisitAdmissionDecided>
  | DomainEventOf<typeof edVisitDischargeDecided>
  | DomainEventOf<typeof edVisitRoomed>
  | DomainEventOf<typeof edVisitRoomReleased>;

/**
 * The ED's dispositions drive bed placement. The first decision to admit for a visit opens a
 * bed request with the visit's id, so the ED can tell which visit a bed is for; later decisions
 * (the admit order after the disposition) open nothing more, except that a decision to admit
 * after bed placement cancelled the request reopens it. A decision to discharge or transfer
 * instead cancels a request still waiting or holding a bed, and lets the bed go. Rooming and
 * leaving an ED room are kept for the bed board. Each change commits in the consumer's
 * transaction with its inbox row.
 */
export function edEventsHandler(adt: AdtApplication): EventHandler {
  return followEvents<FollowedEvent>({
    name: 'adt-follow-ed',
    source: 'ed',
    follower: 'adt',
    handles: ['ed.visit.admission-decided', 'ed.visit.discharge-decided', 'ed.visit.roomed', 'ed.visit.room-released'],
    async apply(tx, event, react, envelope) {
      if (event.type === 'ed.visit.roomed') {
        if (!envelope.patientId) throw new Error(`ED event ${envelope.eventId} names no patient`);
        return recordEdRoomed(tx, { ...event.data, patientId: envelope.patientId });
      }
      if (event.type === 'ed.visit.room-released') return recordEdRoomReleased(tx, event.data);
      const { visitId, at } = event.data;
      const { rows } = await tx.query<{ status: string }>(`SELECT status FROM ${schema}.bed_requests WHERE request_id = $1`, [visitId]);
      const status = rows[0]?.status ?? null;
      if (event.type === 'ed.visit.discharge-decided') {
        if (status !== 'open' && status !== 'assigned') return;
        const reason = event.data.disposition === 'transferred' ? 'the ED decided to transfer the patient to another facility' : 'the ED decided to discharge the patient';
        await adt.bedRequestInTransaction(tx, { type: 'CancelBedRequest', requestId: visitId, reason, at }, react());
        return;
      }
      if (status === 'cancelled') {
        await adt.bedRequestInTransaction(tx, { type: 'ReopenBedRequest', requestId: visitId, reason: 'the ED decided to admit again', at }, react());
        return;
      }
      if (status !== null) return;
      if (!envelope.patientId) throw new Error(`ED event ${envelope.eventId} names no patient`);
      await adt.bedRequestInTransaction(
        tx,
        // The encounter the patient will be admitted under; the bed manager admits into the assigned bed with it.
        { type: 'OpenBedRequest', requestId: visitId, patientId: envelope.patientId, encounterId: uuidv7(), unitId: null, isolationNeeded: null, reason: 'Admit from the emergency department', at },
        react(),
      );
    },
  });
}
