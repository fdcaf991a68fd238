import { acuteHospitalTransferStatuses, type DischargeDisposition } from '@ehr/contracts';
import { type AdmissionDecisionRule, admissionDecisionAt } from './admission-decision.js';
import { defaultEdThresholds, type EdThresholds, minutesBetween } from './timers.js';
import type { VisitState } from './visit.decider.js';

/** A reporting period, from inclusive to exclusive. A visit belongs to the period its departure falls in. */
export interface Period {
  from: string;
  to: string;
}

export interface MedianResult {
  visits: number;
  /** Null when no visit qualifies. */
  medianMinutes: number | null;
}

export interface RateResult {
  numerator: number;
  denominator: number;
  /** Null when the denominator is zero. */
  rate: number | null;
}

type Departed = VisitState & { arrival: NonNullable<VisitState['arrival']>; departure: NonNullable<VisitState['departure']> };

function departedIn(visits: readonly VisitState[], period: Period): Departed[] {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  return visits.filter((v): v is Departed => v.arrival !== null && v.departure !== null && Date.parse(v.departure.at) >= from && Date.parse(v.departure.at) < to);
}

/** The middle value; with an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const medianOf = (minutes: number[]): MedianResult => ({ visits: minutes.length, medianMinutes: median(minutes) });
const rateOf = (numerator: number, denominator: number): RateResult => ({ numerator, denominator, rate: denominator === 0 ? null : numerator / denominator });
const stayMinutes = (v: Departed): number => minutesBetween(v.arrival.at, v.departure.at);

/** ICD-10-CM chapter 5 (F01-F99), mental and behavioural disorders: stands in for the eCQM mental health value set. */
const isMentalHealthDiagnosis = (code: string | null): boolean => code !== null && /^F\d/.test(code);
const isAcuteHospitalTransfer = (status: DischargeDisposition): boolean => (acuteHospitalTransferStatuses as readonly DischargeDisposition[]).includes(status);

export interface Op18Result {
  all: MedianResult;
  mentalHealth: MedianResult;
  transferredToAcuteHospital: MedianResult;
  /** Neither mental health nor an acute hospital transfer. */
  other: MedianResult;
}

/**
 * OP-18: median minutes from arrival to departure for patients discharged from the ED, those
 * who left (LWBS, AMA) included. Admitted patients and deaths in the ED are excluded. A mental
 * health patient transferred to an acute hospital is in both of those strata.
 */
export function op18(visits: readonly VisitState[], period: Period): Op18Result {
  const released = departedIn(visits, period).filter((v) => v.departure.disposition !== 'admitted' && v.departure.disposition !== 'expired');
  const mentalHealth = (v: Departed) => v.decision?.kind === 'discharge' && isMentalHealthDiagnosis(v.decision.diagnosisCode);
  const transfer = (v: Departed) => v.departure.disposition === 'transferred' && isAcuteHospitalTransfer(v.departure.dischargeStatus);
  return {
    all: medianOf(released.map(stayMinutes)),
    mentalHealth: medianOf(released.filter(mentalHealth).map(stayMinutes)),
    transferredToAcuteHospital: medianOf(released.filter(transfer).map(stayMinutes)),
    other: medianOf(released.filter((v) => !mentalHealth(v) && !transfer(v)).map(stayMinutes)),
  };
}

/** Median minutes from arrival to the first provider; patients never seen (LWBS) are left out. */
export function doorToProvider(visits: readonly VisitState[], period: Period): MedianResult {
  return medianOf(departedIn(visits, period).flatMap((v) => (v.providerSeenAt ? [minutesBetween(v.arrival.at, v.providerSeenAt)] : [])));
}

/** ED-2: median minutes from the decision to admit to departure, for admitted patients. */
export function admitDecisionToDeparture(visits: readonly VisitState[], period: Period, rule: AdmissionDecisionRule): MedianResult {
  return medianOf(
    departedIn(visits, period).flatMap((v) =>
      v.departure.disposition === 'admitted' && v.decision?.kind === 'admit' ? [minutesBetween(admissionDecisionAt(v.decision.decisions, rule), v.departure.at)] : [],
    ),
  );
}

/** OP-22: the share of ED visits that left before a provider evaluated them. */
export function leftWithoutBeingSeenRate(visits: readonly VisitState[], period: Period): RateResult {
  const all = departedIn(visits, period);
  return rateOf(all.filter((v) => v.departure.disposition === 'lwbs').length, all.length);
}

export interface EcatResult {
  /** Visits with at least one gap: the measure's numerator over all visits. */
  any: RateResult;
  waitedForRoom: number;
  leftWithoutBeingEvaluated: number;
  boarded: number;
  longStay: number;
}

/**
 * ECAT: the share of ED visits with any access gap: more than the door-to-room limit to a
 * treatment space (a patient never roomed waited until departure), left without being
 * evaluated, boarded past the boarding limit (from the first documented decision to admit, as
 * the board's boarding clock), or stayed past the length-of-stay limit. The limits are the
 * board's red thresholds (60, 240, 480 minutes by default).
 */
export function ecat(visits: readonly VisitState[], period: Period, thresholds: EdThresholds = defaultEdThresholds): EcatResult {
  const all = departedIn(visits, period);
  const gaps = all.map((v) => ({
    waitedForRoom: minutesBetween(v.arrival.at, v.firstRoomedAt ?? v.departure.at) > thresholds.doorToRoom.redAtMinutes,
    leftWithoutBeingEvaluated: v.departure.disposition === 'lwbs',
    boarded:
      v.departure.disposition === 'admitted' &&
      v.decision?.kind === 'admit' &&
      minutesBetween(admissionDecisionAt(v.decision.decisions, 'first-documented'), v.departure.at) > thresholds.boarding.redAtMinutes,
    longStay: stayMinutes(v) > thresholds.lengthOfStay.redAtMinutes,
  }));
  const count = (key: keyof (typeof gaps)[number]) => gaps.filter((g) => g[key]).length;
  return {
    any: rateOf(gaps.filter((g) => g.waitedForRoom || g.leftWithoutBeingEvaluated || g.boarded || g.longStay).length, all.length),
    waitedForRoom: count('waitedForRoom'),
    leftWithoutBeingEvaluated: count('leftWithoutBeingEvaluated'),
    boarded: count('boarded'),
    longStay: count('longStay'),
  };
}
