import type { EncounterClass } from '@ehr/contracts';
import type { Stay } from './census.js';
import type { BedLocation, EncounterStatus } from './encounter.decider.js';

/** An encounter as it stood at one instant, after every correction known now. */
export interface EncounterAt {
  status: EncounterStatus;
  class: EncounterClass | null;
  bed: BedLocation | null;
}

const within = (t: number, from: string, to: string | null) => Date.parse(from) <= t && (to === null || t < Date.parse(to));

/**
 * Where the stay's patient was, in what class and status, at `at`: by effective times, as the
 * census reads them, so a transfer entered late still moved the patient when it took effect,
 * and a cancelled admission or transfer never happened (cancelled from the start). Null before
 * the encounter existed. A pre-admission has no effective time: it is planned from when it was
 * recorded until the patient arrives.
 */
export function encounterAt(stay: Stay, at: string, preadmission: { recordedAt: string; class: EncounterClass } | null): EncounterAt | null {
  const t = Date.parse(at);
  const begun = stay.admittedAt ?? preadmission?.recordedAt ?? null;
  const firstClass = stay.classes[0]?.class ?? preadmission?.class ?? null;
  if (stay.cancelled) return begun && Date.parse(begun) <= t ? { status: 'cancelled', class: firstClass, bed: null } : null;
  if (!stay.admittedAt || t < Date.parse(stay.admittedAt)) {
    return preadmission && Date.parse(preadmission.recordedAt) <= t ? { status: 'planned', class: preadmission.class, bed: null } : null;
  }
  const cls = [...stay.classes].reverse().find((c) => Date.parse(c.from) <= t)?.class ?? stay.classes[0]?.class ?? null;
  if (stay.dischargedAt && t >= Date.parse(stay.dischargedAt)) return { status: 'finished', class: cls, bed: null };
  const segment = stay.segments.find((s) => within(t, s.from, s.to));
  const onLeave = stay.leaves.some((l) => within(t, l.from, l.to));
  return { status: onLeave ? 'onleave' : 'in-progress', class: cls, bed: segment?.bed ?? null };
}
