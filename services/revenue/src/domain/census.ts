import type { adtEncounterEvents, DomainEventOf } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { DateTime } from 'luxon';

export type EncounterEvent = DomainEventOf<(typeof adtEncounterEvents)[number]>;

interface BedSpell {
  from: string;
  bedId: string;
  unitId: string;
}

/** A stretch in observation status: from the observation order (admission or class change) until it ended; open while it lasts. */
interface ObservationSpell {
  from: string;
  until: string | null;
}

/** Where an inpatient lay and when, as ADT last said it: a cancelled transfer is gone from it. */
export interface Stay {
  encounterId: string;
  /** When the patient became an inpatient (admission or class change); null while not inpatient. */
  inpatientFrom: string | null;
  spells: BedSpell[];
  dischargedAt: string | null;
  /** Observation status over the stay; absent on stays recorded before observation hours were billed. */
  observation?: ObservationSpell[];
  /** Leaves of absence (the bed held, the patient away); absent on stays recorded before leaves were billed. */
  leaves?: ObservationSpell[];
}

export const emptyStay = (encounterId: string): Stay => ({ encounterId, inpatientFrom: null, spells: [], dischargedAt: null, observation: [], leaves: [] });

export function evolveStay(stay: Stay, event: EncounterEvent): Stay {
  switch (event.type) {
    case 'adt.encounter.admitted':
      return {
        ...stay,
        inpatientFrom: event.data.class === 'inpatient' ? event.data.at : null,
        spells: [{ from: event.data.at, bedId: event.data.bedId, unitId: event.data.unitId }],
        observation: event.data.class === 'observation' ? [{ from: event.data.at, until: null }] : [],
      };
    case 'adt.encounter.transferred':
      return { ...stay, spells: [...stay.spells, { from: event.data.at, ...event.data.to }] };
    case 'adt.encounter.transfer-cancelled': {
      const { transferAt, from } = event.data;
      return { ...stay, spells: stay.spells.filter((s) => !(Date.parse(s.from) === Date.parse(transferAt) && s.bedId === from.bedId)) };
    }
    case 'adt.encounter.discharged':
      return { ...stay, dischargedAt: event.data.at };
    case 'adt.encounter.discharge-cancelled': {
      const last = stay.spells.at(-1);
      const moved = stay.dischargedAt !== null && last !== undefined && last.bedId !== event.data.bedId;
      return {
        ...stay,
        dischargedAt: null,
        spells: moved && stay.dischargedAt ? [...stay.spells, { from: stay.dischargedAt, bedId: event.data.bedId, unitId: event.data.unitId }] : stay.spells,
      };
    }
    case 'adt.encounter.class-changed': {
      const { from, to, at } = event.data;
      const spells = stay.observation ?? [];
      const observation =
        to === 'observation' ? [...spells, { from: at, until: null }] : from === 'observation' ? spells.map((s) => (s.until === null ? { ...s, until: at } : s)) : spells;
      if (to === 'inpatient') return { ...stay, inpatientFrom: stay.inpatientFrom ?? at, observation };
      return { ...stay, inpatientFrom: from === 'inpatient' ? null : stay.inpatientFrom, observation };
    }
    case 'adt.encounter.admit-cancelled':
      return emptyStay(stay.encounterId);
    case 'adt.encounter.leave-started':
      return { ...stay, leaves: [...(stay.leaves ?? []).filter((l) => l.until !== null), { from: event.data.at, until: null }] };
    case 'adt.encounter.leave-ended':
      return { ...stay, leaves: (stay.leaves ?? []).map((l) => (l.until === null ? { ...l, until: event.data.at } : l)) };
    case 'adt.encounter.preadmitted':
    case 'adt.encounter.preadmit-cancelled':
      return stay;
    default:
      return exhaustive(event);
  }
}

/** One room-and-board day: the facility date it is billed for and the bed's accommodation. */
export interface CensusDay {
  encounterId: string;
  date: string;
  revenueCode: string;
  bedId: string;
}

export interface Facility {
  /** IANA zone of the hospital: census midnights are its local midnights, DST included. */
  timeZone: string;
  /** Accommodation revenue code of each unit's beds (0121 med-surg, 0200 ICU...). */
  accommodationByUnit: Record<string, string>;
  /** The revenue code of a night away on leave of absence (018x): reported, not charged as a room day. */
  leaveOfAbsence: string;
}

/**
 * The midnight rule: a day is billed for every local midnight the inpatient is in a bed, with
 * the accommodation of the bed held at that midnight; the day of admission counts, the day of
 * discharge does not, and a same-day admission and discharge is one day. `asOf` bounds the
 * midnights already passed, so running the census again the same night adds nothing.
 */
export function censusDays(stay: Stay, facility: Facility, asOf: string): CensusDay[] {
  if (stay.inpatientFrom === null) return [];
  const end = Math.min(Date.parse(asOf), stay.dischargedAt === null ? Infinity : Date.parse(stay.dischargedAt));
  const days: CensusDay[] = [];
  let date = DateTime.fromISO(stay.inpatientFrom, { zone: facility.timeZone }).startOf('day');
  for (;;) {
    const midnight = date.plus({ days: 1 }).startOf('day');
    if (midnight.toMillis() > end || (stay.dischargedAt !== null && midnight.toMillis() === Date.parse(stay.dischargedAt))) break;
    const spell = spellAt(stay, midnight.toMillis());
    if (spell) {
      const censusDay = day(stay.encounterId, date.toISODate() ?? '', spell, facility);
      // The census counts who is in the bed at midnight: a night away on leave is a leave day, not a room day.
      days.push(onLeaveAt(stay, midnight.toMillis()) ? { ...censusDay, revenueCode: facility.leaveOfAbsence } : censusDay);
    }
    date = midnight;
  }
  if (days.length === 0 && stay.dischargedAt !== null && Date.parse(stay.dischargedAt) <= Date.parse(asOf)) {
    const first = stay.spells.find((s) => Date.parse(s.from) <= Date.parse(stay.dischargedAt ?? '')) ?? stay.spells[0];
    const admitDate = DateTime.fromISO(stay.inpatientFrom, { zone: facility.timeZone }).toISODate() ?? '';
    if (first) days.push(day(stay.encounterId, admitDate, first, facility));
  }
  return days;
}

const onLeaveAt = (stay: Stay, instant: number): boolean =>
  (stay.leaves ?? []).some((l) => Date.parse(l.from) <= instant && (l.until === null || Date.parse(l.until) > instant));

const spellAt = (stay: Stay, instant: number): BedSpell | undefined => stay.spells.filter((s) => Date.parse(s.from) < instant).at(-1);

function day(encounterId: string, date: string, spell: BedSpell, facility: Facility): CensusDay {
  const revenueCode = facility.accommodationByUnit[spell.unitId];
  if (!revenueCode) throw new Error(`unit ${spell.unitId} has no accommodation revenue code configured`);
  return { encounterId, date, revenueCode, bedId: spell.bedId };
}

/** The observation hours of a stay, once each stretch has ended (by a class change or the discharge). */
export interface ObservationHours {
  encounterId: string;
  /** Facility date observation began: the line's service date. */
  date: string;
  /** Whole hours, rounded to the nearest hour (CMS reports G0378 in hours). */
  hours: number;
}

/**
 * Observation is billed per hour from the observation order until it ends, counted once the
 * stretch is over: a stretch still running (or reopened by a cancelled discharge) adds nothing yet.
 */
export function observationHours(stay: Stay, timeZone: string): ObservationHours | null {
  const spells = stay.observation ?? [];
  let minutes = 0;
  for (const spell of spells) {
    const end = spell.until ?? stay.dischargedAt;
    if (end !== null) minutes += Math.max(0, Date.parse(end) - Date.parse(spell.from)) / 60_000;
  }
  const hours = Math.round(minutes / 60);
  if (hours === 0) return null;
  return { encounterId: stay.encounterId, date: DateTime.fromISO(spells[0]!.from, { zone: timeZone }).toISODate() ?? '', hours };
}
