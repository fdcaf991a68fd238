import type { EncounterClass } from '@ehr/contracts';

export interface ClassPeriod {
  class: EncounterClass;
  from: string;
}

export interface ObservationNotice {
  observationStartedAt: string;
  /** Observation past 24 hours makes the notice (MOON) required... */
  requiredAt: string;
  /** ...and it must be delivered no later than 36 hours after observation began. */
  dueBy: string;
}

const hours = (h: number) => h * 3_600_000;

/**
 * The Medicare Outpatient Observation Notice for an encounter: owed when an observation stay
 * runs past 24 hours, due by 36 hours after observation began. A stay converted to inpatient
 * (or discharged) within 24 hours never owed one. The latest observation period decides.
 * Times are elapsed hours, so a daylight-saving night does not move the deadline.
 */
export function observationNotice(classHistory: ClassPeriod[], endedAt: string | null): ObservationNotice | null {
  for (let i = classHistory.length - 1; i >= 0; i--) {
    const period = classHistory[i]!;
    if (period.class !== 'observation') continue;
    const start = Date.parse(period.from);
    const end = classHistory[i + 1]?.from ?? endedAt;
    if (end !== null && Date.parse(end) - start <= hours(24)) return null;
    return {
      observationStartedAt: new Date(start).toISOString(),
      requiredAt: new Date(start + hours(24)).toISOString(),
      dueBy: new Date(start + hours(36)).toISOString(),
    };
  }
  return null;
}
