import type { EsiLevel } from '@ehr/contracts';
import { admissionDecisionAt } from './admission-decision.js';
import type { VisitState } from './visit.decider.js';

export interface Threshold {
  yellowAtMinutes: number;
  redAtMinutes: number;
}

/** No national standard exists for board colours, so every threshold is configuration. */
export interface EdThresholds {
  /** Arrival to first treatment space; red is the ECAT "waited more than 60 minutes" limit. */
  doorToRoom: Threshold;
  /** Arrival to first provider, by ESI level. */
  doorToProvider: Record<EsiLevel, Threshold>;
  /** Decision to admit to departure; red is the ECAT "boarded more than 240 minutes" limit. */
  boarding: Threshold;
  /** Arrival to departure; red is the ECAT "in the ED more than 480 minutes" limit. */
  lengthOfStay: Threshold;
  /** How long a departed visit stays on the look-up view. */
  lookUpHours: number;
}

/** Yellow at 75 % and red at 100 % of the NHAMCS recommended time to see a clinician. */
const byTarget = (targetMinutes: number): Threshold => ({ yellowAtMinutes: targetMinutes * 0.75, redAtMinutes: targetMinutes });

/** Defaults from the CMS emergency care access and timeliness (ECAT) measure and NHAMCS immediacy levels. */
export const defaultEdThresholds: EdThresholds = {
  doorToRoom: { yellowAtMinutes: 45, redAtMinutes: 60 },
  doorToProvider: { 1: byTarget(1), 2: byTarget(14), 3: byTarget(60), 4: byTarget(120), 5: byTarget(24 * 60) },
  boarding: { yellowAtMinutes: 120, redAtMinutes: 240 },
  lengthOfStay: { yellowAtMinutes: 360, redAtMinutes: 480 },
  lookUpHours: 48,
};

export type TimerLevel = 'normal' | 'yellow' | 'red';

export interface TimerState {
  startedAt: string;
  /** Null while the clock runs. */
  stoppedAt: string | null;
  elapsedMinutes: number;
  level: TimerLevel;
}

export interface VisitTimers {
  doorToRoom: TimerState;
  /** Null until triage gives the ESI level its target depends on. */
  doorToProvider: TimerState | null;
  /** Null unless an admission is decided. */
  boarding: TimerState | null;
  lengthOfStay: TimerState;
}

export const minutesBetween = (from: string, to: string): number => Math.max(0, (Date.parse(to) - Date.parse(from)) / 60_000);

function timer(startedAt: string, stoppedAt: string | null, now: string, threshold: Threshold): TimerState {
  const elapsedMinutes = minutesBetween(startedAt, stoppedAt ?? now);
  const level: TimerLevel = elapsedMinutes >= threshold.redAtMinutes ? 'red' : elapsedMinutes >= threshold.yellowAtMinutes ? 'yellow' : 'normal';
  return { startedAt, stoppedAt, elapsedMinutes, level };
}

/**
 * The board's clocks for one visit at `now`. A clock stops at its end point and keeps the colour
 * it reached; one the visit left without reaching (LWBS before a room) stops at departure.
 * The boarding clock starts at the first documented decision to admit.
 */
export function visitTimers(visit: VisitState, now: string, thresholds: EdThresholds = defaultEdThresholds): VisitTimers {
  const arrivedAt = visit.arrival!.at;
  const departedAt = visit.departure?.at ?? null;
  const admitDecidedAt = visit.decision?.kind === 'admit' ? admissionDecisionAt(visit.decision.decisions, 'first-documented') : null;
  return {
    doorToRoom: timer(arrivedAt, visit.firstRoomedAt ?? departedAt, now, thresholds.doorToRoom),
    doorToProvider: visit.triage ? timer(arrivedAt, visit.providerSeenAt ?? departedAt, now, thresholds.doorToProvider[visit.triage.esi]) : null,
    boarding: admitDecidedAt ? timer(admitDecidedAt, departedAt, now, thresholds.boarding) : null,
    lengthOfStay: timer(arrivedAt, departedAt, now, thresholds.lengthOfStay),
  };
}
