import type { AdmissionDecision } from './visit.decider.js';

/**
 * Which documented decision to admit a measure counts. CMS111 v7 used the first one; v9 the one
 * closest to the inpatient admission, here the latest documented before the patient left the
 * ED (the visit does not see ADT's admission time). Times, not entry order: documentation is
 * often entered late.
 */
export type AdmissionDecisionRule = 'first-documented' | 'closest-to-admission';

export function admissionDecisionAt(decisions: readonly AdmissionDecision[], rule: AdmissionDecisionRule): string {
  const times = decisions.map((d) => Date.parse(d.at));
  const chosen = rule === 'first-documented' ? Math.min(...times) : Math.max(...times);
  return decisions[times.indexOf(chosen)]!.at;
}
