import { type EventEnvelope, EventRegistry, eventCatalog } from '@ehr/contracts';
import { type EventStore, fold, type PoolClient, type Projection } from '@ehr/platform';
import { v5 as uuidv5 } from 'uuid';
import { type BedEvent } from '../../domain/bed.decider.js';
import { encounterDecider, type EncounterEvent } from '../../domain/encounter.decider.js';
import { currentIdentity, type PatientEvent, type RecordedDemographics } from '../../domain/patient.decider.js';
import { adtMessage, type BedDescription, type Hl7Context, type Hl7Encounter, type Hl7Facility, personMessage, personTriggerFor, triggerFor } from './adt-message.js';

const registry = new EventRegistry(eventCatalog.adt);
type AdtEvent = PatientEvent | EncounterEvent | BedEvent;
const asDomain = (e: EventEnvelope): AdtEvent => {
  const upcast = registry.upcast(e);
  return { type: upcast.type, data: upcast.data } as AdtEvent;
};

/** Names the A28/A31 sent beside an event's own message. */
const personMessageNamespace = '3f0c9a52-8d1e-4b7a-9c2f-6e5d4a3b2c10';
/** MSH-10 holds 20 characters: the random tail of the id (its head is a timestamp shared by a batch). */
const controlIdOf = (eventId: string) => eventId.replaceAll('-', '').slice(-20);

/**
 * Turns ADT events into outbound HL7 messages, queued in the same transaction as the
 * projection's checkpoint, so each event is queued exactly once. The patient and encounter
 * are read back as they stood when the event was recorded. With `personMessages` (a master
 * patient index listens) each registration also goes out as A28 and each demographic change as
 * A31, beside the A08.
 */
export function hl7FeedProjection(options: { store: EventStore; schema: string; facility: Hl7Facility; personMessages?: boolean }): Projection {
  const { store, schema, facility } = options;
  const bedCache = new Map<string, BedDescription>();

  async function bedDescriber(bedIds: Array<string | null | undefined>): Promise<(bedId: string) => BedDescription> {
    for (const bedId of new Set(bedIds.filter((id): id is string => Boolean(id) && !bedCache.has(id!)))) {
      const commissioned = (await store.readStream(`bed-${bedId}`, { toVersion: 1 })).map(asDomain)[0];
      if (commissioned?.type !== 'adt.bed.commissioned') throw new Error(`bed ${bedId} has no commissioning event`);
      bedCache.set(bedId, { unitId: commissioned.data.unitId, roomId: commissioned.data.roomId, label: commissioned.data.label });
    }
    return (bedId) => {
      const bed = bedCache.get(bedId);
      if (!bed) throw new Error(`bed ${bedId} is unknown to the HL7 feed`);
      return bed;
    };
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

  /**
   * The visit the patient was on when the event was recorded, from the encounter streams: the
   * encounter list has since followed any merge, and the feed may run behind it.
   */
  async function visitAt(tx: PoolClient, patientId: string, recordedAt: string): Promise<string | null> {
    const { rows } = await tx.query<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM ${schema}.events WHERE patient_id = $1 AND stream_id LIKE 'encounter-%' AND recorded_at <= $2`,
      [patientId, recordedAt],
    );
    let current: { encounterId: string; since: string } | null = null;
    for (const { stream_id } of rows) {
      const state = fold(encounterDecider, (await store.readStream(stream_id)).filter((e) => e.recordedAt <= recordedAt).map((e) => asDomain(e) as EncounterEvent));
      if (!['in-progress', 'onleave', 'planned'].includes(state.status)) continue;
      const since = state.admittedAt ?? '';
      if (!current || since > current.since) current = { encounterId: state.encounterId, since };
    }
    return current?.encounterId ?? null;
  }

  /** The encounter as it stood with this event (up to it, when it is the encounter's own), and the beds it names. */
  async function encounterAsRecorded(encounterId: string, envelope: EventEnvelope): Promise<{ encounter: Hl7Encounter | null; bedIds: string[] }> {
    const toVersion = envelope.streamId === `encounter-${encounterId}` ? envelope.streamVersion : undefined;
    const events = (await store.readStream(`encounter-${encounterId}`, { toVersion })).map((e) => asDomain(e) as EncounterEvent);
    if (events.length === 0) return { encounter: null, bedIds: [] };
    const state = fold(encounterDecider, events);
    const encounter = state.class ? { encounterId: state.encounterId, class: state.class, admittedAt: state.admittedAt, bedId: state.bed?.bedId ?? null } : null;
    return { encounter, bedIds: [state.bed?.bedId, ...events.flatMap(bedIdsIn)].filter((id): id is string => Boolean(id)) };
  }

  /**
   * The other half of a bed swap. The pair goes out as one A17, written from the transfer with
   * the lower event id (both are committed together, so whichever is read first, the same one
   * leads); the other transfer adds nothing.
   */
  async function swapPartner(envelope: EventEnvelope, otherEncounterId: string): Promise<Hl7Context['swapPartner'] | 'not-lead'> {
    const recorded = await store.readStream(`encounter-${otherEncounterId}`);
    const index = recorded.findLastIndex((e) => e.type === 'adt.encounter.transferred' && e.correlationId === envelope.correlationId && (e.data as { swappedWith?: string }).swappedWith === envelope.encounterId);
    if (index < 0) throw new Error(`the bed swap of ${envelope.encounterId} names ${otherEncounterId}, which has no matching transfer`);
    const other = recorded[index]!;
    if (other.eventId < envelope.eventId) return 'not-lead';
    const state = fold(encounterDecider, recorded.slice(0, index + 1).map((e) => asDomain(e) as EncounterEvent));
    return {
      patient: await identityAt(other.patientId ?? state.patientId, envelope.recordedAt),
      encounter: { encounterId: otherEncounterId, class: state.class!, admittedAt: state.admittedAt, bedId: state.bed?.bedId ?? null },
    };
  }

  return {
    name: 'hl7-feed',
    handles: registry.all().map((d) => d.type).filter((t) => t.startsWith('adt.patient.') || t.startsWith('adt.encounter.')),
    async apply(tx: PoolClient, envelope: EventEnvelope) {
      const event = asDomain(envelope) as PatientEvent | EncounterEvent;
      const trigger = triggerFor(event);
      const personTrigger = options.personMessages ? personTriggerFor(event) : null;
      if ((!trigger && !personTrigger) || !envelope.patientId) return;
      // A merge's A40 names the survivor in PID; anything later about the retired record goes out under the survivor too.
      const about = event.type === 'adt.patient.merged-into' ? event.data.survivorPatientId : envelope.patientId;
      const base = { facility, recordedAt: envelope.recordedAt, operatorId: envelope.actor.id, patient: await identityAt(about, envelope.recordedAt) };
      const queue = (eventId: string, triggerEvent: string, raw: string | null) =>
        raw &&
        tx.query(`INSERT INTO ${schema}.hl7_outbound (event_id, control_id, trigger_event, message) VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING`, [eventId, controlIdOf(eventId), triggerEvent, raw]);

      const swap = event.type === 'adt.encounter.transferred' && event.data.swappedWith ? await swapPartner(envelope, event.data.swappedWith) : undefined;
      if (trigger && swap !== 'not-lead') {
        // A demographic change (A08) carries the visit the patient is on, if any.
        const encounterId = envelope.encounterId ?? (trigger.trigger === 'A08' ? await visitAt(tx, envelope.patientId, envelope.recordedAt) : null);
        const stood = encounterId ? await encounterAsRecorded(encounterId, envelope) : { encounter: null, bedIds: [] };
        const describeBed = await bedDescriber(stood.bedIds);
        await queue(envelope.eventId, trigger.trigger, adtMessage(event, { ...base, controlId: controlIdOf(envelope.eventId), encounter: stood.encounter, ...(swap ? { swapPartner: swap } : {}), describeBed }));
      }
      if (personTrigger) {
        // A message of its own beside the event's A08, under an id derived from the event's.
        const eventId = uuidv5(`${envelope.eventId}\n${personTrigger.trigger}`, personMessageNamespace);
        await queue(eventId, personTrigger.trigger, personMessage(event, { ...base, controlId: controlIdOf(eventId), encounter: null, describeBed: () => { throw new Error('a person message names no bed'); } }));
      }
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
