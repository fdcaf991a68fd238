import { asDomainEvents, fold, type PostgresEventStore, type RecordedEvent } from '@ehr/platform';
import type { Pool } from '@ehr/platform';
import { encounterAt } from '../domain/as-of.js';
import { bedDecider, type BedEvent, type BedState } from '../domain/bed.decider.js';
import { stayOf } from '../domain/census.js';
import type { EncounterEvent } from '../domain/encounter.decider.js';
import { currentIdentity, patientDecider, type PatientEvent, type RecordedDemographics } from '../domain/patient.decider.js';
import { edRoomOccupants } from '../integration/ed-rooms.js';
import { schema } from '../projections/index.js';
import { inParallel } from './in-parallel.js';
import { adtRegistry, bedStream, encounterStream } from './placement.handler.js';

/**
 * Reads for a past instant, answered from the event streams rather than the current-state
 * tables. Locations, classes and statuses go by effective time after every correction known
 * now (as the census does); demographics and merges, which have no effective time, by when
 * they were recorded.
 */
export class AsOfReader {
  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
  ) {}

  private async stream(streamId: string): Promise<RecordedEvent[]> {
    return (await this.store.readStream(streamId)).map((e) => adtRegistry.upcast(e) as RecordedEvent);
  }

  /** The encounter at `at`, or null when it did not exist yet. */
  async encounter(encounterId: string, at: string): Promise<EncounterAsOf | null> {
    const recorded = await this.stream(encounterStream(encounterId));
    if (recorded.length === 0) return null;
    const events = asDomainEvents<EncounterEvent>(recorded);
    const stay = stayOf(events);
    const first = events[0]!;
    const preadmission = first.type === 'adt.encounter.preadmitted' ? { recordedAt: recorded[0]!.recordedAt, class: first.data.class } : null;
    const then = encounterAt(stay, at, preadmission);
    if (!then) return null;
    const t = Date.parse(at);
    const happened = (iso: string | null) => (iso && Date.parse(iso) <= t ? iso : null);
    const discharge = events.findLast((e) => e.type === 'adt.encounter.discharged');
    return {
      encounterId,
      patientId: stay.patientId || (first.type === 'adt.encounter.preadmitted' ? first.data.patientId : ''),
      ...then,
      admittedAt: happened(stay.admittedAt),
      dischargedAt: then.status === 'finished' ? stay.dischargedAt : null,
      disposition: then.status === 'finished' && discharge?.type === 'adt.encounter.discharged' ? discharge.data.disposition : null,
      classHistory: stay.classes.filter((c) => Date.parse(c.from) <= t),
    };
  }

  /** The patient record as it stood at `at`: the name, MRN and merges recorded by then. */
  async patient(patientId: string, at: string): Promise<PatientAsOf | null> {
    const recorded = (await this.stream(`patient-${patientId}`)).filter((e) => Date.parse(e.recordedAt) <= Date.parse(at));
    if (recorded.length === 0) return null;
    const events = asDomainEvents<PatientEvent>(recorded);
    const state = fold(patientDecider, events);
    const identity = currentIdentity(events)!;
    const unidentified = events.find((e) => e.type === 'adt.patient.registered-unidentified');
    return {
      patientId,
      mrn: state.mrn,
      status: state.status === 'merged' ? 'merged' : 'active',
      mergedInto: state.mergedInto,
      unidentified: state.unidentified,
      estimatedAgeYears: unidentified?.type === 'adt.patient.registered-unidentified' ? unidentified.data.estimatedAgeYears : null,
      wristbandReprintNeeded: state.wristbandReprintNeeded,
      demographics: identity.demographics,
    };
  }

  /**
   * The bed board at `at`: each bed in the state its own events had put it in by then, occupied by whoever the encounters (and the ED's rooms) say lay there.
   */
  async bedBoard(at: string, unitId: string | null): Promise<BedAsOf[]> {
    const t = Date.parse(at);
    const { rows: beds } = await this.pool.query<{ bed_id: string; unit_id: string; room_id: string; label: string }>(
      `SELECT bed_id, unit_id, room_id, label FROM ${schema}.bed_board WHERE $1::text IS NULL OR unit_id = $1 ORDER BY unit_id, label`,
      [unitId],
    );
    const occupants = await this.bedOccupantsAt(at);
    const edRooms = await edRoomOccupants(this.pool, at);
    const states = await inParallel(beds, async (bed) => {
      // Commissioning says the bed exists, not since when: a bed put on the system today held patients admitted yesterday.
      const effective = (e: RecordedEvent) => e.type === 'adt.bed.commissioned' || Date.parse((e.data as { at?: string }).at ?? e.recordedAt) <= t;
      return fold(bedDecider, asDomainEvents<BedEvent>((await this.stream(bedStream(bed.bed_id))).filter(effective)));
    });
    return beds.flatMap((bed, i): BedAsOf[] => {
      const state: BedState = states[i]!;
      if (state.status === 'uncommissioned') return [];
      const occupant = occupants.get(bed.bed_id);
      const edRoom = occupant ? undefined : edRooms.get(bed.bed_id);
      // The bed's own events may still show someone whose admission or transfer was since cancelled.
      const status = occupant || edRoom ? 'occupied' : state.status === 'occupied' ? 'available' : state.status;
      return [
        {
          bedId: bed.bed_id,
          unitId: bed.unit_id,
          roomId: bed.room_id,
          label: bed.label,
          status,
          isolation: state.isolation,
          blockedReason: state.status === 'blocked' ? state.blockedReason : null,
          patientId: occupant?.patientId ?? edRoom?.patientId ?? (status === 'reserved' ? (state.reservedFor?.patientId ?? null) : null),
          encounterId: occupant?.encounterId ?? null,
          edVisitId: edRoom?.visitId ?? null,
          dirtySince: status === 'dirty' || status === 'cleaning' ? state.dirtySince : null,
        },
      ];
    });
  }

  /** Who lay in which bed at `at`, from the stays that overlap it. */
  private async bedOccupantsAt(at: string): Promise<Map<string, { encounterId: string; patientId: string }>> {
    const { rows } = await this.pool.query<{ encounter_id: string }>(
      `SELECT encounter_id FROM ${schema}.encounters WHERE status NOT IN ('planned', 'cancelled') AND admitted_at <= $1 AND (discharged_at IS NULL OR discharged_at > $1)`,
      [at],
    );
    const found = await inParallel(rows, async (r) => this.encounter(r.encounter_id, at));
    const occupants = new Map<string, { encounterId: string; patientId: string }>();
    for (const e of found) if (e?.bed && !occupants.has(e.bed.bedId)) occupants.set(e.bed.bedId, { encounterId: e.encounterId, patientId: e.patientId });
    return occupants;
  }
}

export interface EncounterAsOf {
  encounterId: string;
  patientId: string;
  status: string;
  class: string | null;
  bed: { bedId: string; unitId: string } | null;
  admittedAt: string | null;
  dischargedAt: string | null;
  disposition: string | null;
  classHistory: Array<{ class: string; from: string }>;
}

export interface PatientAsOf {
  patientId: string;
  mrn: string;
  status: 'active' | 'merged';
  mergedInto: string | null;
  unidentified: boolean;
  estimatedAgeYears: number | null;
  wristbandReprintNeeded: boolean;
  demographics: RecordedDemographics;
}

export interface BedAsOf {
  bedId: string;
  unitId: string;
  roomId: string;
  label: string;
  status: string;
  isolation: string | null;
  blockedReason: string | null;
  patientId: string | null;
  encounterId: string | null;
  edVisitId: string | null;
  dirtySince: string | null;
}
