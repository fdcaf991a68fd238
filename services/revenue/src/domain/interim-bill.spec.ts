import { DateTime } from 'luxon';
import { type AccountCommand, accountDecider, type AccountEvent, type AccountState, type BillingPolicy } from './account.decider.js';
import { roomAndBoardActions } from './charge-capture.js';
import { demoChargemaster as cdm } from './chargemaster.seed.js';
import { buildClaim } from './claim.js';
import { render837I } from './x12-837i.js';
import { expectCleanX12 } from '../../test/support/x12-check.js';

const tz = 'America/New_York';
const accountId = 'HAR300093';
const policy: BillingPolicy = { suspenseDays: 3, timeZone: tz };
const fold = (events: AccountEvent[]): AccountState => events.reduce(accountDecider.evolve, accountDecider.initialState);
const run = (given: AccountEvent[], ...commands: AccountCommand[]): AccountEvent[] => {
  const all = [...given];
  for (const c of commands) all.push(...accountDecider.decide(c, fold(all)));
  return all;
};

/** The census of `count` nights from `from`, each a 0121 med-surg day. */
const nights = (from: string, count: number): AccountCommand => ({
  type: 'CaptureCharges',
  accountId,
  actions: roomAndBoardActions(
    Array.from({ length: count }, (_, i) => ({ encounterId: 'ip-1', date: DateTime.fromISO(from).plus({ days: i }).toISODate()!, revenueCode: '0121', bedId: '4W-1' })),
    [],
    cdm,
    (r) => `RB-${r}`,
  ),
  at: `${DateTime.fromISO(from).plus({ days: count }).toISODate()}T00:05:00-05:00`,
});
const interim = (at: string): AccountCommand => ({ type: 'BillInterim', accountId, policy, at });
/** The payer's 835 for the claim just sent, paid in full. */
const paid = (state: AccountState, remitDate: string): AccountEvent => {
  const claim = state.claims.at(-1)!;
  return {
    type: 'revenue.remittance.posted',
    data: { accountId, claimStatus: '1', payerClaimNumber: `ICN-${claim.version}`, chargeCents: claim.totalCents, paidCents: claim.totalCents, patientResponsibilityCents: 0, adjustments: [], remarkCodes: [], remitDate },
  };
};

const opened: AccountEvent = { type: 'revenue.account.opened', data: { accountId, patientId: 'p-long', encounterId: 'ip-1', accountClass: 'inpatient', at: '2025-01-01T12:00:00-05:00' } };
/** Admitted 1 January 2025 (a rehabilitation stay that runs into May), covered, attended and coded as it goes. */
const admitted = run(
  [opened],
  {
    type: 'RecordCoverage', accountId, rank: 'primary', payerId: 'BCBS1', payerName: 'Blue Plan', filingIndicator: 'BL', memberId: 'XYZ123', wantsDrg: false,
    planName: null, groupNumber: 'GRP4410', relationship: '18', subscriber: null, effectiveFrom: '2024-07-01', effectiveThrough: null,
  },
  { type: 'Admit', accountId, encounterId: 'ip-1', admission: { at: '2025-01-01T12:00:00-05:00', priority: '3', pointOfOrigin: '1' } },
  { type: 'RecordAttending', accountId, encounterId: 'ip-1', attending: { npi: '1628495032', familyName: 'Blackwell', givenName: 'Elizabeth', taxonomy: '208M00000X' }, at: '2025-01-01T12:00:00-05:00', timeZone: tz },
  { type: 'Code', timeZone: tz, accountId, principalDiagnosis: { code: 'J189', poa: 'Y' }, admittingDiagnosis: 'R0602', otherDiagnoses: [], procedures: [], drg: null, by: 'coder-1', at: '2025-01-03T09:00:00-05:00' },
);
const envelope = {
  senderId: 'GENHOSP', receiverId: 'BCBS1', interchangeControlNumber: 61, groupControlNumber: 61, createdAt: '202505150900', usage: 'T' as const,
  submitter: { name: 'GENERAL HOSPITAL', id: 'GENHOSP', contactName: 'BILLING', phone: '5555550100' },
  receiver: { name: 'BLUE PLAN', id: 'BCBS1' },
  billingProvider: { name: 'GENERAL HOSPITAL', npi: '1234567893', taxId: '123456789', street: '1 MAIN ST', city: 'SPRINGFIELD', state: 'IL', zip9: '627010001' },
};
const patient = { mrn: 'E4000051', address: { line: ['3 ASH CT'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62702' }, lastName: 'LONG', firstName: 'MAY', birthDate: '1940-04-01', sex: 'F' as const };
/** The segments of the latest claim's 837I, after the independent parser found nothing wrong. */
function sent837(events: AccountEvent[]): string[] {
  const state = fold(events);
  expect(state.claimEdits).toEqual([]);
  const text = render837I(buildClaim(state, state.claims.at(-1)!, tz), patient, state.coverages.primary!, envelope);
  expectCleanX12('837I', text);
  return text.split('~');
}

describe('interim bills of a long stay', () => {
  it('sends 0112, 0113 and 0114 whose statement periods follow one another without overlap, each with its own days', () => {
    // Day 60 is 1 March: the first interim bill may go once that night is charged.
    const sixtyDays = run(admitted, nights('2025-01-01', 60));
    expect(() => run(sixtyDays, interim('2025-03-01T20:00:00-05:00'))).toThrow(expect.objectContaining({ code: 'INTERIM_NOT_DUE' }));

    const first = run(sixtyDays, nights('2025-03-02', 1), interim('2025-03-03T08:00:00-05:00'));
    expect(fold(first).claims.at(-1)).toMatchObject({ frequency: '2', typeOfBill: '0112', statementPeriod: { from: '2025-01-01', through: '2025-03-01' } });
    const firstSegments = sent837(first);
    expect(firstSegments).toContain('CLM*HAR300093*138000***11:A:2**A*Y*Y');
    expect(firstSegments).toContain('DTP*434*RD8*20250101-20250301');
    expect(firstSegments).toContain('CL1*3*1*30');
    expect(firstSegments).toContain('SV2*0121**138000*DA*60');
    expect(firstSegments).toContain('HI*BE:80:::60');
    expect(firstSegments.some((s) => s.startsWith('DTP*096'))).toBe(false);
    // The next one waits for the payer's answer to this one.
    expect(() => run(first, nights('2025-03-03', 59), interim('2025-05-01T08:00:00-05:00'))).toThrow(expect.objectContaining({ code: 'CLAIM_NOT_ADJUDICATED' }));

    const answered = [...first, paid(fold(first), '2025-03-20')];
    const second = run(answered, nights('2025-03-03', 59), interim('2025-05-01T08:00:00-05:00'));
    expect(fold(second).claims.at(-1)).toMatchObject({ frequency: '3', typeOfBill: '0113', statementPeriod: { from: '2025-03-02', through: '2025-04-30' } });
    const secondSegments = sent837(second);
    expect(secondSegments).toContain('DTP*434*RD8*20250302-20250430');
    expect(secondSegments).toContain('CL1*3*1*30');
    expect(secondSegments).toContain('SV2*0121**138000*DA*60');

    // Discharged home on 10 May: the last interim bills 1 to 9 May, the discharge day not counted.
    const discharged = run([...second, paid(fold(second), '2025-05-08')], nights('2025-05-01', 9), { type: 'RecordDischarge', accountId, at: '2025-05-10T11:00:00-04:00', dischargeStatus: '01' }, {
      type: 'Bill',
      accountId,
      policy,
      at: '2025-05-14T08:00:00-04:00',
    });
    const claims = fold(discharged).claims;
    expect(claims.map((c) => [c.typeOfBill, c.statementPeriod])).toEqual([
      ['0112', { from: '2025-01-01', through: '2025-03-01' }],
      ['0113', { from: '2025-03-02', through: '2025-04-30' }],
      ['0114', { from: '2025-05-01', through: '2025-05-10' }],
    ]);
    const lastSegments = sent837(discharged);
    expect(lastSegments).toContain('CLM*HAR300093*20700***11:A:4**A*Y*Y');
    expect(lastSegments).toContain('DTP*096*TM*1100');
    expect(lastSegments).toContain('CL1*3*1*01');
    expect(lastSegments).toContain('SV2*0121**20700*DA*9');
    // Every room day is on exactly one bill.
    const billed = claims.flatMap((c) => c.chargeIds);
    expect(new Set(billed).size).toBe(billed.length);
    expect(billed.sort()).toEqual(fold(discharged).lines.map((l) => l.chargeId).sort());
  });

  it('refuses an interim bill of a stay that is not inpatient or is already discharged, and bills a short stay 0111 as before', () => {
    const short = run(admitted, nights('2025-01-01', 2), { type: 'RecordDischarge', accountId, at: '2025-01-03T11:00:00-05:00', dischargeStatus: '01' });
    expect(() => run(short, interim('2025-03-10T08:00:00-05:00'))).toThrow(expect.objectContaining({ code: 'ALREADY_DISCHARGED' }));
    expect(fold(run(short, { type: 'Bill', accountId, policy, at: '2025-01-07T08:00:00-05:00' })).claims.at(-1)).toMatchObject({ typeOfBill: '0111', statementPeriod: null });
    const edVisit: AccountEvent = { type: 'revenue.account.opened', data: { accountId, patientId: 'p-ed', encounterId: 'ed-1', accountClass: 'emergency', at: '2025-01-01T12:00:00-05:00' } };
    expect(() => run([edVisit], interim('2025-03-10T08:00:00-05:00'))).toThrow(expect.objectContaining({ code: 'NOT_INPATIENT' }));
  });
});
