import type { Decider } from '@ehr/platform';
import { type AccountCommand, accountDecider, type AccountEvent, type AccountState } from './account.decider.js';

/** A step of work on one account: a command, or one decided from the account as the earlier steps left it. */
export type AccountStep = AccountCommand | ((state: AccountState) => AccountCommand | null);

/**
 * Several commands on one account decided together and appended as one batch: one event of
 * another service (an admission that opens, admits and posts its first room days) changes the
 * account once, atomically, and a step can read the charges the previous step posted.
 */
export interface AccountWork {
  accountId: string;
  steps: AccountStep[];
}

export function decideWork(work: AccountWork, state: AccountState): AccountEvent[] {
  const events: AccountEvent[] = [];
  let current = state;
  for (const step of work.steps) {
    const command = typeof step === 'function' ? step(current) : step;
    if (command === null) continue;
    for (const event of accountDecider.decide(command, current)) {
      current = accountDecider.evolve(current, event);
      events.push(event);
    }
  }
  return events;
}

export const accountWorkDecider: Decider<AccountWork, AccountEvent, AccountState> = { initialState: accountDecider.initialState, decide: decideWork, evolve: accountDecider.evolve };
