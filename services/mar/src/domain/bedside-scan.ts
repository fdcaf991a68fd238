import type { Decider } from '@ehr/platform';
import type { DoseCommand, DoseEvent, DoseState } from './dose-state.js';

type Step<T extends DoseCommand['type']> = Extract<DoseCommand, { type: T }>;

/** Both bedside checks from one scan of the package, the wristband having been scanned just before. */
export type BedsideScan = { type: 'VerifyAtBedside'; doseId: string; wristband: Step<'VerifyWristband'>; product: Step<'VerifyProduct'> };
export type BedsideCommand = DoseCommand | BedsideScan;

/**
 * The dose decider, plus the wristband and package checks decided together: the package is
 * checked against the dose as the wristband check leaves it, and both events are written at
 * once or neither is.
 */
export function withBedsideScan(decider: Decider<DoseCommand, DoseEvent, DoseState>): Decider<BedsideCommand, DoseEvent, DoseState> {
  return {
    initialState: decider.initialState,
    evolve: decider.evolve,
    decide(command, state) {
      if (command.type !== 'VerifyAtBedside') return decider.decide(command, state);
      const identified = decider.decide(command.wristband, state);
      return [...identified, ...decider.decide(command.product, identified.reduce(decider.evolve, state))];
    },
  };
}
