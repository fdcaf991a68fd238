import type { Decider } from '../decider/decider.js';
import { fold } from '../decider/decider.js';
import { DomainError } from '../decider/domain-error.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Decider specifications that read as the rule they prove:
 *   spec.given([admitted]).when(transfer).then([transferred])
 *   spec.given([admitted]).when(transferToOccupiedBed).thenThrows(BedOccupiedError)
 */
export function specFor<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, fold(decider, events));
          return {
            then(expected: E[]): void {
              expect(run()).toEqual(expected);
            },
            thenThrows(error: ErrorClass | string, message?: string | RegExp): void {
              let thrown: unknown;
              try {
                run();
              } catch (e) {
                thrown = e;
              }
              if (thrown === undefined) throw new Error('expected the command to be refused, but it was accepted');
              if (typeof error === 'string') {
                expect(thrown).toBeInstanceOf(DomainError);
                expect((thrown as DomainError).code).toBe(error);
              } else {
                expect(thrown).toBeInstanceOf(error);
              }
              if (message !== undefined) expect((thrown as Error).message).toMatch(message);
            },
            /** The state after the given events and the new ones, for rules that read state. */
            thenState(assert: (state: S) => void): void {
              const produced = run();
              assert(fold(decider, [...events, ...produced]));
            },
          };
        },
      };
    },
  };
}
