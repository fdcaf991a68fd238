import type { Decider } from '@ehr/platform';
import { exhaustive } from '@ehr/platform';
import { decideCorrection, decideScan } from './bedside-checks.js';
import { type DoseCommand, type DoseEvent, type DoseState, evolveDose, initialDoseState } from './dose-state.js';
import type { MarPolicy } from './mar-policy.js';
import { decidePrnDose } from './prn-dose.decider.js';
import { decideScheduledDose } from './scheduled-dose.decider.js';

/**
 * A dose's stream (`dose-<id>`): its scans and documentation are one consistency boundary, so
 * "one administration per dose" holds for any interleaving. Scheduled and as-needed doses share
 * the bedside scans and corrections and keep their own rules.
 */
export function createDoseDecider(policy: MarPolicy): Decider<DoseCommand, DoseEvent, DoseState> {
  return {
    initialState: initialDoseState,
    decide(command, state) {
      switch (command.type) {
        case 'ScheduleDose':
        case 'CancelDose':
        case 'RestoreDose':
        case 'RescheduleDose':
        case 'GiveDose':
        case 'HoldDose':
        case 'RefuseDose':
        case 'RecordDoseNotGiven':
          return decideScheduledDose(command, state, policy);
        case 'GivePrnDose':
        case 'ReassessPrnDose':
          return decidePrnDose(command, state, policy);
        case 'VerifyWristband':
        case 'VerifyProduct':
          return decideScan(command, state, policy);
        case 'MarkEnteredInError':
        case 'AmendAdministration':
          return decideCorrection(command, state, policy.zone);
        default:
          return exhaustive(command);
      }
    },
    evolve: evolveDose,
  };
}
