import { DateTime } from 'luxon';
import type { EncounterClass } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import type { BedLocation, EncounterEvent } from './encounter.decider.js';

interface Segment {
  bed: BedLocation;
  from: string;
  to: string | null;
}

/** One encounter's stay as it stands after every correction: where and in what class, when. */
export interface Stay {
  encounterId: string;
  patientId: string;
  cancelled: boolean;
  admittedAt: string | null;
  dischargedAt: string | null;
  segments: Segment[];
  leaves: Array<{ from: string; to: string | null }>;
  classes: Array<{ class: EncounterClass; from: string }>;
}

const closeLast = (segments: Segment[], at: string): Segment[] =>
  segments.map((s, i) => (i === segments.length - 1 && s.to === null ? { ...s, to: at } : s));

/**
 * Folds an encounter's events into its stay using effective times (when it happened), never
 * entry times: a transfer entered at 00:20 with effect 23:59 moves the patient before midnight.
 * Cancelled transfers and admissions disappear from the stay, as entered in error.
 */
export function stayOf(events: EncounterEvent[]): Stay {
  let stay: Stay = { encounterId: '', patientId: '', cancelled: false, admittedAt: null, dischargedAt: null, segments: [], leaves: [], classes: [] };
  for (const event of events) {
    switch (event.type) {
      case 'adt.encounter.preadmitted':
        stay = { ...stay, encounterId: event.data.encounterId, patientId: event.data.patientId };
        break;
      case 'adt.encounter.preadmit-cancelled':
        stay = { ...stay, cancelled: true };
        break;
      case 'adt.encounter.admitted': {
        const { bedId, unitId, at } = event.data;
        stay = {
          ...stay,
          encounterId: event.data.encounterId,
          patientId: event.data.patientId,
          admittedAt: at,
          segments: [{ bed: { bedId, unitId }, from: at, to: null }],
          classes: [{ class: event.data.class, from: at }],
        };
        break;
      }
      case 'adt.encounter.admit-cancelled':
        stay = { ...stay, cancelled: true };
        break;
      case 'adt.encounter.transferred':
        stay = { ...stay, segments: [...closeLast(stay.segments, event.data.at), { bed: event.data.to, from: event.data.at, to: null }] };
        break;
      case 'adt.encounter.transfer-cancelled': {
        const kept = stay.segments.slice(0, -1);
        stay = { ...stay, segments: kept.map((s, i) => (i === kept.length - 1 ? { ...s, to: null } : s)) };
        break;
      }
      case 'adt.encounter.leave-started':
        stay = { ...stay, leaves: [...stay.leaves, { from: event.data.at, to: null }] };
        break;
      case 'adt.encounter.leave-ended':
        stay = { ...stay, leaves: stay.leaves.map((l, i) => (i === stay.leaves.length - 1 ? { ...l, to: event.data.at } : l)) };
        break;
      case 'adt.encounter.discharged':
        stay = { ...stay, dischargedAt: event.data.at, segments: closeLast(stay.segments, event.data.at) };
        break;
      case 'adt.encounter.discharge-cancelled': {
        const dischargedAt = stay.dischargedAt!;
        const last = stay.segments[stay.segments.length - 1]!;
        const sameBed = last.bed.bedId === event.data.bedId;
        // The discharge never happened: the stay runs on, in a new bed from the discharge time when the old one was gone.
        const segments = sameBed
          ? stay.segments.map((s, i) => (i === stay.segments.length - 1 ? { ...s, to: null } : s))
          : [...stay.segments, { bed: { bedId: event.data.bedId, unitId: event.data.unitId }, from: dischargedAt, to: null }];
        stay = { ...stay, dischargedAt: null, segments };
        break;
      }
      case 'adt.encounter.class-changed':
        stay = { ...stay, classes: [...stay.classes, { class: event.data.to, from: event.data.at }] };
        break;
      default:
        exhaustive(event);
    }
  }
  return stay;
}

const within = (t: number, from: string, to: string | null) => Date.parse(from) <= t && (to === null || t < Date.parse(to));

/** The census instant for a day: midnight at the END of that day in the facility's zone. */
export function censusInstant(date: string, zone: string): string {
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) throw new RangeError(`"${date}" in ${zone} is not a valid date: ${day.invalidExplanation ?? day.invalidReason}`);
  return day.plus({ days: 1 }).startOf('day').toUTC().toISO()!;
}

export interface CensusLine {
  unitId: string;
  class: EncounterClass;
  /** In a bed on the unit at midnight ending the date. */
  patients: number;
  /** Movements during the date (facility zone, by effective time), so the lines balance day to day. */
  admissions: number;
  transfersIn: number;
  transfersOut: number;
  discharges: number;
}

type Movement = 'admissions' | 'transfersIn' | 'transfersOut' | 'discharges';

const classAt = (stay: Stay, t: number): EncounterClass => [...stay.classes].reverse().find((c) => Date.parse(c.from) <= t)?.class ?? stay.classes[0]!.class;

/** Where the stay's patient came and went during [from, to): admission, each move between units, discharge. */
function movementsOf(stay: Stay, from: number, to: number): Array<{ unitId: string; at: number; movement: Movement }> {
  const moves: Array<{ unitId: string; at: number; movement: Movement }> = [];
  const during = (iso: string) => from <= Date.parse(iso) && Date.parse(iso) < to;
  stay.segments.forEach((segment, i) => {
    const previous = stay.segments[i - 1];
    if (!during(segment.from)) return;
    if (!previous) moves.push({ unitId: segment.bed.unitId, at: Date.parse(segment.from), movement: 'admissions' });
    else if (previous.bed.unitId !== segment.bed.unitId) {
      moves.push({ unitId: previous.bed.unitId, at: Date.parse(segment.from), movement: 'transfersOut' });
      moves.push({ unitId: segment.bed.unitId, at: Date.parse(segment.from), movement: 'transfersIn' });
    }
  });
  const last = stay.segments[stay.segments.length - 1];
  if (stay.dischargedAt && last && during(stay.dischargedAt)) moves.push({ unitId: last.bed.unitId, at: Date.parse(stay.dischargedAt), movement: 'discharges' });
  return moves;
}

/**
 * The midnight census: patients in a bed at midnight ending `date`, by unit and class, with
 * the day's admissions, transfers in and out, and discharges on each unit (moves within a
 * unit are not transfers for the census). Patients on leave at midnight are not counted (the
 * leave day counts as a discharge day). Observation patients are reported on their own lines,
 * never as inpatients.
 */
export function midnightCensus(stays: Stay[], date: string, zone: string): CensusLine[] {
  const t = Date.parse(censusInstant(date, zone));
  const dayStart = Date.parse(DateTime.fromISO(date, { zone }).startOf('day').toUTC().toISO()!);
  const lines = new Map<string, CensusLine>();
  const lineFor = (unitId: string, cls: EncounterClass) => {
    const key = `${unitId}|${cls}`;
    const line = lines.get(key) ?? { unitId, class: cls, patients: 0, admissions: 0, transfersIn: 0, transfersOut: 0, discharges: 0 };
    lines.set(key, line);
    return line;
  };
  for (const stay of stays) {
    if (stay.cancelled) continue;
    for (const move of movementsOf(stay, dayStart, t)) lineFor(move.unitId, classAt(stay, move.at))[move.movement]++;
    const segment = stay.segments.find((s) => within(t, s.from, s.to));
    if (!segment) continue;
    if (stay.leaves.some((l) => within(t, l.from, l.to))) continue;
    lineFor(segment.bed.unitId, classAt(stay, t)).patients++;
  }
  return [...lines.values()].sort((a, b) => a.unitId.localeCompare(b.unitId) || a.class.localeCompare(b.class));
}

/**
 * Patient days for a date: the midnight census, plus one for each patient admitted and
 * discharged on that same day (a same-day stay counts as one day).
 */
export function patientDays(stays: Stay[], date: string, zone: string): number {
  const atMidnight = midnightCensus(stays, date, zone).reduce((n, line) => n + line.patients, 0);
  const day = (iso: string) => DateTime.fromISO(iso, { zone }).toISODate();
  const sameDay = stays.filter((s) => !s.cancelled && s.admittedAt && s.dischargedAt && day(s.admittedAt) === date && day(s.dischargedAt) === date).length;
  return atMidnight + sameDay;
}
