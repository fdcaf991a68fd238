import { decideWork } from './account-work.js';
import { accountDecider } from './account.decider.js';

const accountId = 'HAR1';
const at = '2025-01-01T22:15:00-05:00';

describe('work on one account', () => {
  it('decides each step on the account as the earlier steps left it, skipping steps that say nothing', () => {
    const events = decideWork(
      {
        accountId,
        steps: [
          (s) => (s.openedAt ? null : { type: 'OpenAccount', accountId, patientId: 'P1', encounterId: 'E1', accountClass: 'inpatient', at }),
          (s) => (s.openedAt ? null : { type: 'OpenAccount', accountId, patientId: 'P1', encounterId: 'E1', accountClass: 'inpatient', at }),
          { type: 'PlaceHold', accountId, reason: 'manual', note: 'waiting for the face sheet', at },
        ],
      },
      accountDecider.initialState,
    );
    expect(events.map((e) => e.type)).toEqual(['revenue.account.opened', 'revenue.account.bill-hold-placed']);
  });

  it('refuses the whole batch when one step is refused', () => {
    expect(() => decideWork({ accountId, steps: [{ type: 'ReleaseHold', accountId, reason: 'manual', at }] }, accountDecider.initialState)).toThrow(/No hospital account HAR1/);
  });
});
