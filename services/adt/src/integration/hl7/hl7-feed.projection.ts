import { type EventEnvelope, EventRegistry, eventCatalog } from '@ehr/contracts';
import { type EventStore, fold, type PoolClient, type Projection } from '@ehr/platform';
import { type BedEvent } from '../../domain/bed.decider.js';
import { encounterDecider, type EncounterEvent } from '../../domain/encounter.decider.js';
import { currentIdentity, type PatientEvent, type RecordedDemographics } from '../../domain/patient.decider.js';
import { adtMessage, type BedDescription, type Hl7Facility, triggerFor } from './adt-message.js';

const registry = new EventRegistry(eventCatalog.adt);
type AdtEvent = PatientEvent | EncounterEvent | BedEvent;
const asDomain = (e: EventEnvelope): AdtEvent => {
  const upcast = registry.upcast(e);
  return { type: upcast.type, data: upcast.data } as AdtEvent;
};

/**
 * Turns ADT events into outbound HL7 messages, queued in the same transaction as the
 * projection's checkpoint, so each event is queued exactly once. The patient and encounter
 * are read back as they stood when the event was recorded.
 */
export function hl7FeedProjection(options: { store: EventStore; schema: string; facility: Hl7Facility }): Projection {
  const { store, schema, facility } = options;
  const bedCache = new Map<string, BedDescription>();

  async function describeBeds(bedIds: string[]): Promise<Map<string, BedDescription>> {
    for (const bedId of bedIds.filter((id) => !bedCache.has(id))) {
      const commissioned = (await store.readStream(`bed-${bedId}`, { toVersion: 1 })).map(asDomain)[0];
      if (commissioned?.type !== 'adt.bed.commissioned') throw new Error(`bed ${bedId} has no commissioning event`);
      bedCache.set(bedId, { unitId: commissioned.data.unitId, roomId: commissioned.data.roomId, label: commissioned.data.label });
    }
    return bedCache;
  }

  /** Who the patient was at that instant, following a merge to the survivor. */
  async function identityAt(patientId: string, recordedAt: string): Promise<{ mrn: string; demographics: RecordedDemographics }> {
    const events = (await store.readStream(`patient-${patientId}`)).filter((e) => e.recordedAt <= recordedAt).map((e) => asDomain(e) as PatientEvent);
    const merged = events.find((e) => e.type === 'adt.patient.merged-into');
    if (merged?.type === 'adt.patient.merged-into') return identityAt(merged.data.survivorPatientId, recordedAt);
    const identity = currentIdentity(events);
    if (!identity) throw new Error(`patient ${patientId} has no registration event`);
    return identity;
  }

  async function currentEncounter(tx: PoolClient, patientId: string): Promise<string | null> {
    const { rows } = await tx.query<{ encounter_id: string }>(
      `SELECT encounter_id FROM ${schema}.encounters WHERE patient_id = $1 AND status IN ('in-progress', 'onleave', 'planned') ORDER BY admitted_at DESC NULLS LAST LIMIT 1`,
      [patientId],
    );
    return rows[0]?.encounter_id ?? null;
  }

  return {
    name: 'hl7-feed',
    handles: registry.all().map((d) => d.type).filter((t) => t.startsWith('adt.patient.') || t.startsWith('adt.encounter.')),
    async apply(tx: PoolClient, envelope: EventEnvelope) {
      const event = asDomain(envelope) as PatientEvent | EncounterEvent;
      const trigger = triggerFor(event);
      if (!trigger || !envelope.patientId) return;
      // A merge's A40 names the survivor in PID; anything later about the retired record goes out under the survivor too.
      const about = event.type === 'adt.patient.merged-into' ? event.data.survivorPatientId : envelope.patientId;
      const identity = await identityAt(about, envelope.recordedAt);
      // A demographic change (A08) carries the visit the patient is on, if any.
      const encounterId = envelope.encounterId ?? (trigger.trigger === 'A08' ? await currentEncounter(tx, envelope.patientId) : null);
      const encounterEvents = encounterId
        ? (await store.readStream(`encounter-${encounterId}`, { toVersion: envelope.streamId === `encounter-${encounterId}` ? envelope.streamVersion : undefined })).map(
            (e) => asDomain(e) as EncounterEvent,
          )
        : [];
      const encounter = encounterEvents.length > 0 ? fold(encounterDecider, encounterEvents) : null;
      const bedIds = [encounter?.bed?.bedId, ...encounterEvents.flatMap((e) => bedIdsIn(e))].filter((id): id is string => Boolean(id));
      const beds = await describeBeds([...new Set(bedIds)]);
      // MSH-10 holds 20 characters: the random tail of the event id (its head is a timestamp shared by a batch).
      const controlId = envelope.eventId.replaceAll('-', '').slice(-20);
      const raw = adtMessage(event, {
        facility,
        controlId,
        recordedAt: envelope.recordedAt,
        operatorId: envelope.actor.id,
        patient: identity,
        encounter: encounter && encounter.class ? { encounterId: encounter.encounterId, class: encounter.class, admittedAt: encounter.admittedAt, bedId: encounter.bed?.bedId ?? null } : null,
        describeBed: (bedId) => {
          const bed = beds.get(bedId);
          if (!bed) throw new Error(`bed ${bedId} is unknown to the HL7 feed`);
          return bed;
        },
      });
      if (!raw) return;
      await tx.query(
        `INSERT INTO ${schema}.hl7_outbound (event_id, control_id, trigger_event, message) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING`,
        [envelope.eventId, controlId, trigger.trigger, raw],
      );
    },
    async reset(tx: PoolClient) {
      // Messages already sent stay as the record of what receivers were told; only unsent ones go.
      await tx.query(`DELETE FROM ${schema}.hl7_outbound WHERE status = 'pending'`);
    },
  };
}

function bedIdsIn(event: EncounterEvent): string[] {
  switch (event.type) {
    case 'adt.encounter.transferred':
      return [event.data.from.bedId, event.data.to.bedId];
    case 'adt.encounter.transfer-cancelled':
      return [event.data.from.bedId, event.data.backTo.bedId];
    case 'adt.encounter.discharge-cancelled':
      return [event.data.bedId, event.data.previousBed.bedId];
    case 'adt.encounter.preadmitted':
      return event.data.bed ? [event.data.bed.bedId] : [];
    case 'adt.encounter.admitted':
    case 'adt.encounter.admit-cancelled':
    case 'adt.encounter.discharged':
      return [event.data.bedId];
    default:
      return [];
  }
}
