import { type AccountCommand, accountDecider, type AccountEvent, type AccountState, type Coverage } from './account.decider.js';
import { roomAndBoardActions } from './charge-capture.js';
import { demoChargemaster as cdm } from './chargemaster.seed.js';
import { buildClaim } from './claim.js';
import { type ClaimPatient, render837I } from './x12-837i.js';
import { expectCleanX12 } from '../../test/support/x12-check.js';

const tz = 'America/New_York';
const accountId = 'HAR200071';
const fold = (events: AccountEvent[]): AccountState => events.reduce(accountDecider.evolve, accountDecider.initialState);
const run = (given: AccountEvent[], ...commands: AccountCommand[]): AccountEvent[] => {
  const all = [...given];
  for (const c of commands) all.push(...accountDecider.decide(c, fold(all)));
  return all;
};

/** The patient, a 9-year-old covered on a parent's employer plan. */
const patient: ClaimPatient = { mrn: 'E3000042', address: { line: ['8 OAK AVE'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62704' }, lastName: 'ROE', firstName: 'LILY', birthDate: '2016-05-09', sex: 'F' };
const parent = { familyName: 'Roe', givenName: 'Richard', birthDate: '1984-11-30', sex: 'M' as const, address: { line: ['8 Oak Ave'], city: 'Springfield', state: 'IL', postalCode: '62704' } };
const selfCoverage: Coverage = {
  rank: 'primary', payerId: 'BCBS1', payerName: 'Blue Plan', filingIndicator: 'BL', memberId: 'XYZ123456', wantsDrg: false,
  planName: 'Blue PPO', groupNumber: 'GRP4410', relationship: '18', subscriber: null, effectiveFrom: '2025-01-01', effectiveThrough: '2025-12-31',
};
const childCoverage: Coverage = { ...selfCoverage, relationship: '19', subscriber: parent };
const record = (coverage: Coverage): AccountCommand => ({ type: 'RecordCoverage', accountId, ...coverage });

const opened: AccountEvent = { type: 'revenue.account.opened', data: { accountId, patientId: 'p-lily', encounterId: 'ip-1', accountClass: 'inpatient', at: '2025-03-01T12:00:00-05:00' } };
/** Admitted 1 March, two nights on med-surg, discharged 3 March, coded, attending named. */
const stay = (coverage: Coverage): AccountEvent[] =>
  run(
    [opened],
    record(coverage),
    { type: 'Admit', accountId, encounterId: 'ip-1', admission: { at: '2025-03-01T12:00:00-05:00', priority: '3', pointOfOrigin: '1' } },
    { type: 'RecordAttending', accountId, encounterId: 'ip-1', attending: { npi: '1628495032', familyName: 'Blackwell', givenName: 'Elizabeth', taxonomy: '208M00000X' }, at: '2025-03-01T12:00:00-05:00', timeZone: tz },
    {
      type: 'CaptureCharges',
      accountId,
      actions: roomAndBoardActions(['2025-03-01', '2025-03-02'].map((date) => ({ encounterId: 'ip-1', date, revenueCode: '0121', bedId: '4W-1' })), [], cdm, (r) => `RB-${r}`),
      at: '2025-03-03T00:00:00-05:00',
    },
    { type: 'RecordDischarge', accountId, at: '2025-03-03T11:00:00-05:00', dischargeStatus: '01' },
    { type: 'Code', timeZone: tz, accountId, principalDiagnosis: { code: 'J189', poa: 'Y' }, admittingDiagnosis: 'R0602', otherDiagnoses: [], procedures: [], drg: null, by: 'coder-1', at: '2025-03-06T09:00:00-05:00' },
    { type: 'Bill', accountId, policy: { suspenseDays: 3, timeZone: tz }, at: '2025-03-07T08:00:00-05:00' },
  );
const envelope = {
  senderId: 'GENHOSP', receiverId: 'BCBS1', interchangeControlNumber: 52, groupControlNumber: 52, createdAt: '202503071200', usage: 'T' as const,
  submitter: { name: 'GENERAL HOSPITAL', id: 'GENHOSP', contactName: 'BILLING', phone: '5555550100' },
  receiver: { name: 'BLUE PLAN', id: 'BCBS1' },
  billingProvider: { name: 'GENERAL HOSPITAL', npi: '1234567893', taxId: '123456789', street: '1 MAIN ST', city: 'SPRINGFIELD', state: 'IL', zip9: '627010001' },
};
/** The segments of the claim's 837I, after the independent parser found no error and no not-used element. */
function sent837(events: AccountEvent[]): string[] {
  const state = fold(events);
  expect(state.claimEdits).toEqual([]);
  const text = render837I(buildClaim(state, state.claims.at(-1)!, tz), patient, state.coverages.primary!, envelope);
  expectCleanX12('837I', text);
  return text.split('~');
}
const refusal = (coverage: Coverage) => {
  try {
    run([opened], record(coverage));
  } catch (error) {
    return error as { code: string; message: string; details: { field: string } };
  }
  throw new Error('the coverage was accepted');
};

describe('coverage as the claim needs it', () => {
  it('names the field of a blank, a date that is not a day, an end before the start, and a subscriber missing or out of place', () => {
    expect(refusal({ ...selfCoverage, memberId: ' ' }).details.field).toBe('memberId');
    expect(refusal({ ...selfCoverage, groupNumber: '  ' }).details.field).toBe('groupNumber');
    expect(refusal({ ...childCoverage, subscriber: { ...parent, familyName: '' } }).details.field).toBe('subscriber.familyName');
    expect(refusal({ ...childCoverage, subscriber: { ...parent, birthDate: '1984-02-30' } }).details.field).toBe('subscriber.birthDate');
    expect(refusal({ ...selfCoverage, effectiveFrom: '2025-13-01' }).details.field).toBe('effectiveFrom');
    expect(refusal({ ...selfCoverage, effectiveFrom: null }).details.field).toBe('effectiveFrom');
    const backwards = refusal({ ...selfCoverage, effectiveFrom: '2025-06-01', effectiveThrough: '2025-05-31' });
    expect(backwards).toMatchObject({ code: 'INVALID_COVERAGE', details: { field: 'effectiveThrough' } });
    expect(backwards.message).toContain('is before effectiveFrom (2025-06-01)');
    expect(refusal({ ...selfCoverage, relationship: '01' }).details.field).toBe('subscriber');
    expect(refusal({ ...selfCoverage, subscriber: parent }).details.field).toBe('subscriber');
  });

  it('bills the patient who is the subscriber with SBR02 18 and the group number, their address and birth date in 2010BA, and no patient loop', () => {
    const segments = sent837(stay(selfCoverage));
    expect(segments).toContain('HL*2*1*22*0');
    expect(segments).toContain('SBR*P*18*GRP4410******BL');
    expect(segments).toContain('NM1*IL*1*ROE*LILY****MI*XYZ123456');
    expect(segments).toContain('N3*8 OAK AVE');
    expect(segments).toContain('DMG*D8*20160509*F');
    expect(segments.some((s) => s.startsWith('PAT*') || s.startsWith('NM1*QC'))).toBe(false);
  });

  it('bills a child on a parent’s plan with the parent in 2010BA (no SBR02) and the child in 2000C/2010CA with PAT01 19', () => {
    const segments = sent837(stay(childCoverage));
    expect(segments).toContain('HL*2*1*22*1');
    expect(segments).toContain('SBR*P**GRP4410******BL');
    const subscriber = segments.indexOf('NM1*IL*1*ROE*RICHARD****MI*XYZ123456');
    const payer = segments.indexOf('NM1*PR*2*Blue Plan*****PI*BCBS1');
    // The TR3 sends the subscriber's address and demographics only when the subscriber is the patient.
    expect(segments.slice(subscriber, payer)).toEqual(['NM1*IL*1*ROE*RICHARD****MI*XYZ123456']);
    expect(segments.slice(payer + 1, payer + 7)).toEqual(['HL*3*2*23*0', 'PAT*19', 'NM1*QC*1*ROE*LILY', 'N3*8 OAK AVE', 'N4*SPRINGFIELD*IL*62704', 'DMG*D8*20160509*F']);
    expect(segments[payer + 7]).toMatch(/^CLM\*/);
  });

  it('bills a spouse’s plan with PAT01 01, and names the plan in SBR04 when the card has no group number', () => {
    const spouse: Coverage = { ...childCoverage, relationship: '01', groupNumber: null };
    const segments = sent837(stay(spouse));
    expect(segments).toContain('SBR*P***BLUE PPO*****BL');
    expect(segments).toContain('PAT*01');
  });

  it('stops the claim in words when the coverage was not in force on the days of the stay, and sends it once the coverage in force is recorded', () => {
    const lapsed = stay({ ...selfCoverage, effectiveThrough: '2025-03-02' });
    const state = fold(lapsed);
    expect(state.claims).toEqual([]);
    expect(state.claimEdits).toEqual([
      {
        code: 'COVERAGE_NOT_EFFECTIVE',
        message:
          'Blue Plan (member XYZ123456) covers from 2025-01-01 to 2025-03-02, but the claim runs from 2025-03-01 to 2025-03-03; verify eligibility with the payer, record the coverage in force on those days, or bill the days outside it to the next payer or the patient.',
      },
    ]);
    const renewed = run(lapsed, record({ ...selfCoverage, effectiveThrough: null }), { type: 'Bill', accountId, policy: { suspenseDays: 3, timeZone: tz }, at: '2025-03-08T08:00:00-05:00' });
    expect(fold(renewed).claims).toHaveLength(1);
  });

  it('records the guarantor: the patient, or a named person with the relationship', () => {
    const base = run([opened], record(childCoverage));
    const named = run(base, { type: 'RecordGuarantor', accountId, relationship: '19', guarantor: { ...parent, phone: '2175550134' }, at: '2025-03-01T12:05:00-05:00' });
    expect(fold(named).guarantor).toMatchObject({ relationship: '19', guarantor: { familyName: 'Roe', phone: '2175550134' } });
    expect(() => run(base, { type: 'RecordGuarantor', accountId, relationship: 'G8', guarantor: null, at: '2025-03-01T12:05:00-05:00' })).toThrow(
      expect.objectContaining({ code: 'INVALID_COVERAGE', details: { field: 'guarantor' } }),
    );
  });
});
