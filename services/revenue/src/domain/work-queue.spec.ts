import { accountDecider, type AccountEvent, type BillingPolicy } from './account.decider.js';
import { classify } from './work-queue.js';

const accountId = 'HAR7';
const policy: BillingPolicy = { suspenseDays: 0, timeZone: 'America/New_York' };
const given: AccountEvent[] = [
  { type: 'revenue.account.opened', data: { accountId, patientId: 'P7', encounterId: 'E7', accountClass: 'inpatient', at: '2025-02-01T12:00:00-05:00' } },
  { type: 'revenue.account.discharged', data: { accountId, at: '2025-02-03T12:00:00-05:00', dischargeStatus: '01' } },
];
const fold = (events: AccountEvent[]) => events.reduce(accountDecider.evolve, accountDecider.initialState);

describe('work queue ownership', () => {
  it('keeps the account with its team until a biller takes it, and ages it from the discharge date', () => {
    const state = fold(given);
    expect(classify(state, policy, '2025-02-10T09:00:00-05:00')).toMatchObject({ queue: 'coding', owner: 'him-coding', agingFrom: '2025-02-03', agingBucket: '0-30' });
    const taken = accountDecider.decide({ type: 'Assign', accountId, owner: 'gpatel', by: 'gpatel', at: '2025-02-10T09:00:00-05:00' }, state);
    expect(taken).toEqual([{ type: 'revenue.account.assigned', data: { accountId, owner: 'gpatel', by: 'gpatel', at: '2025-02-10T09:00:00-05:00' } }]);
    expect(classify(fold([...given, ...taken]), policy, '2025-03-20T09:00:00-04:00')).toMatchObject({ queue: 'coding', owner: 'gpatel', agingBucket: '31-60' });
    // Taking an account one already owns says nothing.
    expect(accountDecider.decide({ type: 'Assign', accountId, owner: 'gpatel', by: 'gpatel', at: '2025-02-11T09:00:00-05:00' }, fold([...given, ...taken]))).toEqual([]);
  });
});
