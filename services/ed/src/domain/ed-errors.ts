import type { DangerZoneFinding, EsiLevel } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';

// Refusals a triage nurse, a charge nurse or an ED physician reads on screen: say what is wrong and what to do.

/** Stable codes for refusals that come from where the visit stands. */
export type VisitStateCode =
  | 'VISIT_NOT_FOUND'
  | 'VISIT_ALREADY_OPEN'
  | 'VISIT_CLOSED'
  | 'ALREADY_TRIAGED'
  | 'ALREADY_IN_ROOM'
  | 'NOT_IN_ROOM'
  | 'ALREADY_ASSIGNED'
  | 'NOT_SEEN_BY_PROVIDER'
  | 'ALREADY_SEEN_BY_PROVIDER'
  | 'RESULTS_ALREADY_AWAITED'
  | 'NO_RESULTS_AWAITED'
  | 'NOT_BOARDING'
  | 'NO_DISPOSITION'
  | 'NOT_DEPARTED'
  | 'DEATH_CANNOT_BE_UNDONE'
  | 'TIME_BEFORE_ARRIVAL'
  | 'REASON_REQUIRED';

export class VisitStateError extends DomainError {
  constructor(code: VisitStateCode, visitId: string, sentence: string) {
    super(code, sentence, { visitId });
  }
}

/** Bad triage or disposition input, naming the field ("vitals.heartRate", "chiefComplaint"). */
export class InvalidVisitInputError extends DomainError {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super('INVALID_VISIT_INPUT', `${field}: ${problem}.`, { field });
  }
}

const describeFinding = (f: DangerZoneFinding): string =>
  f.sign === 'oxygen-saturation' ? `SpO2 ${f.value}% (below ${f.limit}%)` : `${f.sign === 'heart-rate' ? 'heart rate' : 'respiratory rate'} ${f.value} (above ${f.limit})`;

/**
 * ESI decision point D: the level stays the nurse's choice, so triage is not saved until the
 * nurse has accepted (and chosen ESI 2) or declined the prompt.
 */
export class DangerZonePromptError extends DomainError {
  constructor(
    readonly findings: DangerZoneFinding[],
    esi: EsiLevel,
  ) {
    super(
      'ESI_DANGER_ZONE',
      `Danger-zone vital signs: ${findings.map(describeFinding).join(', ')}. Consider ESI 2: accept and triage as ESI 2, or decline to keep ESI ${esi}.`,
      { findings, suggestedEsi: 2 },
    );
  }
}
