import { join } from 'node:path';
import { DateTime } from 'luxon';
import { X12Parser, type X12Interchange } from 'node-x12';
import { gtinFromNdc10 } from '@ehr/contracts';
import { createTestDatabase, eventually as eventuallyWithin, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { createReadModel } from '../src/projections/read-model.js';
import { expectCleanX12 } from './support/x12-check.js';
import { build835 } from './support/x12-835.js';

const repo = join(import.meta.dirname, '..', '..', '..');

interface ChargeView {
  id: string;
  chargeCode: string;
  revenueCode: string;
  serviceDate: string;
  quantity: number;
  amountCents: number;
  sourceKind: string;
  reversesChargeId: string | null;
  reversedBy: string | null;
}
interface AccountView {
  id: string;
  accountClass: string;
  holds: string[];
  chargesCents: number;
  paidCents: number;
  writtenOffCents: number;
  balanceCents: number;
  charges: ChargeView[];
  claims: Array<{ id: string; frequency: string; typeOfBill: string; status: string; payerClaimNumber: string | null }>;
  history: Array<{ type: string; summary: string }>;
  workItem: { queue: string; reason: string; owner: string; agingBucket: string } | null;
}
interface ClaimView {
  id: string;
  frequency: string;
  typeOfBill: string;
  totalCents: number;
  originalPayerClaimNumber: string | null;
  conditionCodes: string[];
}

const accountFields = `id accountClass holds chargesCents paidCents writtenOffCents balanceCents
  charges { id chargeCode revenueCode serviceDate quantity amountCents sourceKind reversesChargeId reversedBy }
  claims { id frequency typeOfBill status payerClaimNumber } history { type summary } workItem { queue reason owner agingBucket }`;
const claimFields = 'id frequency typeOfBill totalCents originalPayerClaimNumber conditionCodes';
const claimResult = `__typename ... on ClaimSent { claim { ${claimFields} } } ... on ClaimStopped { edits { code message } } ... on Refusal { code message }`;

/** An 835 interchange around the given claim payments (the ISA is 106 characters, as X12 requires). */
let interchange = 30;
/** An 835 from the payer, in a new envelope each time (its own control numbers), under the payer's trace number. */
const remittance = (bpr: string, claims: string, payment: { trace?: string; payerId?: string } = {}) =>
  build835({ control: (interchange += 1), trace: payment.trace ?? 'EFT1001', payerId: payment.payerId ?? 'MEDA1', bpr, claims: claims.split(/~(?=CLP\*)/).filter((c) => c.length > 0) });
const ach = (amount: string) => `BPR*I*${amount}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20250320`;

/**
 * A wall-clock time `daysAgo` days back in the hospital's zone. Stays are placed at midday, so
 * the facility date and the UTC date of every instant agree.
 */
const localTime = (daysAgo: number, time: string) => {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.now().setZone('America/New_York').minus({ days: daysAgo }).set({ hour, minute, second: 0, millisecond: 0 });
};
const at = (daysAgo: number, time: string) => localTime(daysAgo, time).toISO()!;
const date = (daysAgo: number) => localTime(daysAgo, '12:00').toISODate()!;

/** Standing census days (charged and not reversed), by revenue code. */
const standingDays = (account: AccountView) => account.charges.filter((c) => c.sourceKind === 'census-day' && c.reversesChargeId === null && c.reversedBy === null);

/** ADT, the ED, orders, the MAR, revenue and the gateway as separate processes on the embedded transport. */
describe('the revenue cycle, end to end through the gateway', () => {
  let db: TestDatabase;
  let stack: ServiceStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    // No suspense days: the stays below ended long ago, and a claim may go at once.
    stack = await startServiceStack({ repo, services: ['adt', 'ed', 'orders', 'mar', 'revenue'], databaseUrl: db.url, envFor: { revenue: { REVENUE_SUSPENSE_DAYS: '0' } } });
  }, 150_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const call = <T>(username: string, query: string, variables: Record<string, unknown> = {}) => stack.call<T>(username, query, variables);
  const eventually = <T>(ask: () => Promise<T>, done: (value: T) => boolean, what: string) => eventuallyWithin(ask, done, what, 20_000);
  const accountOf = (encounterId: string) => call<{ encounter: { account: AccountView | null } }>('biller', `query($e: ID!) { encounter(id: $e) { account { ${accountFields} } } }`, { e: encounterId });
  const accountNow = (id: string) => call<{ account: AccountView }>('biller', `query($a: ID!) { account(id: $a) { ${accountFields} } }`, { a: id }).then((r) => r.data.account);

  async function register(familyName: string, user = 'registrar'): Promise<string> {
    const reg = await call<{ registerPatient: { patient: { id: string } } }>(
      user,
      `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id } } } }`,
      { d: { familyName, givenNames: ['Jane'], birthDate: '1950-02-03', sex: 'female', address: { line: ['12 Elm St'], city: 'Springfield', state: 'IL', postalCode: '62701-1234' } } },
    );
    return reg.data.registerPatient.patient.id;
  }

  /** Admits as an inpatient, with the attending from ADT's provider registry (Virginia Apgar) unless told `attendingNpi: null`. */
  async function admit(patientId: string, bed: { bedId: string; unitId: string }, at: string, attendingNpi: string | null = '1347629515'): Promise<string> {
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!, $b: BedInput!, $at: String, $n: String) { admitPatient(patientId: $p, class: "inpatient", bed: $b, at: $at, attendingNpi: $n) { ... on EncounterChanged { encounter { id } } ... on Refusal { code message } } }`,
      { p: patientId, b: bed, at, n: attendingNpi },
    );
    return admitted.data.admitPatient.encounter.id;
  }

  const discharge = (encounterId: string, at: string) =>
    call('nurse', `mutation($e: ID!, $at: String) { dischargePatient(encounterId: $e, disposition: "01", at: $at) { __typename } }`, { e: encounterId, at });

  async function edStep(mutation: string, args: string, variables: Record<string, unknown>) {
    const response = await call<Record<string, { __typename: string }>>('ed', `mutation(${args}) { ${mutation} { __typename ... on Refusal { code message } } }`, variables);
    const answer = Object.values(response.data ?? {})[0];
    if (answer?.__typename !== 'EdVisitChanged') throw new Error(`${mutation}: ${JSON.stringify(response)}`);
  }

  const recordCoverage = (accountId: string, payer: { payerId: string; payerName: string; filingIndicator: string; wantsDrg: boolean } & Record<string, unknown>) =>
    call<{ recordCoverage: { __typename: string; code?: string; message?: string } }>(
      'biller',
      `mutation($i: CoverageInput!) { recordCoverage(input: $i) { __typename ... on Refusal { code message } } }`,
      { i: { accountId, memberId: '1EG4TE5MK73', ...payer } },
    );
  const recordCoding = (accountId: string, otherDiagnoses: Array<{ code: string; poa?: string }>, drg: boolean) =>
    call<{ recordCoding: { __typename: string } }>(
      'coder',
      `mutation($i: CodingInput!) { recordCoding(input: $i) { __typename ... on Refusal { code message } } }`,
      { i: { accountId, principalDiagnosis: { code: 'J189', poa: 'Y' }, admittingDiagnosis: 'R0602', otherDiagnoses, ...(drg ? { msDrg: '194', grouperVersion: '42' } : {}) } },
    );
  const claimMutation = (name: 'createClaim' | 'createInterimClaim' | 'replaceClaim', accountId: string) =>
    call<Record<string, { __typename: string; claim?: ClaimView; code?: string; message?: string; edits?: Array<{ code: string }> }>>(
      'biller',
      `mutation($a: ID!) { ${name}(accountId: $a) { ${claimResult} } }`,
      { a: accountId },
    ).then((r) => r.data[name]!);
  const post835 = (x12: string) =>
    call<{ post835: { __typename: string; payments?: Array<{ accountId: string; claimStatus: string; paidCents: number; applied: boolean }>; code?: string; message?: string } }>(
      'biller',
      `mutation($x: String!) { post835(x12: $x) { __typename ... on RemittancePosted { payments { accountId claimStatus paidCents applied } } ... on Refusal { code message } } }`,
      { x: x12 },
    ).then((r) => r.data.post835);

  /** The claim's 837I read back by node-x12: envelopes match, counts are right, and the lines add up to the claim total. */
  async function parsed837(claimId: string): Promise<string[]> {
    const response = await call<{ claim: { x12: string } }>('biller', `query($c: ID!) { claim(id: $c) { x12 } }`, { c: claimId });
    const text = response.data.claim.x12;
    const interchange = new X12Parser(true).parse(text) as X12Interchange;
    const group = interchange.functionalGroups[0]!;
    const transaction = group.transactions[0]!;
    expect(interchange.header.valueOf(13)).toBe(interchange.trailer.valueOf(2));
    expect(interchange.trailer.valueOf(1)).toBe('1');
    expect(group.header.valueOf(6)).toBe(group.trailer.valueOf(2));
    expect(Number(transaction.trailer.valueOf(1))).toBe(transaction.segments.length + 2);
    expect(transaction.trailer.valueOf(2)).toBe(transaction.header.valueOf(2));
    const lines = transaction.segments.filter((s) => s.tag === 'SV2').map((s) => Math.round(Number(s.valueOf(3)) * 100));
    const clm = transaction.segments.find((s) => s.tag === 'CLM')!;
    expect(Math.round(Number(clm.valueOf(2)) * 100)).toBe(lines.reduce((a, b) => a + b, 0));
    expectCleanX12('837I', text);
    return text.split('~');
  }

  let edAccountId = '';
  let edPatientId = '';

  it('keeps an ED visit and the admission it led to on one account, with the ED level and a room day per midnight (scenario 2)', async () => {
    edPatientId = await register('Haddad', 'ed');
    const arrived = await call<{ registerArrival: { visit: { id: string } } }>(
      'ed',
      `mutation($p: ID!, $at: String) { registerArrival(patientId: $p, mode: "walk-in", at: $at) { ... on EdVisitChanged { visit { id } } } }`,
      { p: edPatientId, at: at(3, '10:00') },
    );
    const visitId = arrived.data.registerArrival.visit.id;
    // Triaged ESI 3, re-triaged ESI 2 when she tired, then ESI 3 again once on oxygen: the facility level follows the most acute, ESI 2.
    const triage = { visitId, chiefComplaint: 'shortness of breath', vitals: { heartRate: 96 }, ageInMonths: 75 * 12 };
    await edStep('triage(input: $i)', '$i: TriageInput!', { i: { ...triage, esi: 3, at: at(3, '10:05') } });
    await edStep('triage(input: $i)', '$i: TriageInput!', { i: { ...triage, esi: 2, retriageReason: 'tiring, SpO2 88%', at: at(3, '10:10') } });
    await edStep('triage(input: $i)', '$i: TriageInput!', { i: { ...triage, esi: 3, retriageReason: 'settled on oxygen', at: at(3, '10:20') } });
    await edStep('assignProvider(visitId: $v, providerId: "dr-okafor", at: $at)', '$v: ID!, $at: String', { v: visitId, at: at(3, '10:30') });
    await edStep('decideAdmission(visitId: $v, source: "disposition", at: $at)', '$v: ID!, $at: String', { v: visitId, at: at(3, '11:00') });

    const requests = await eventually(
      () => call<{ bedRequests: Array<{ id: string; encounterId: string }> }>('bedmanager', `{ bedRequests { id encounterId } }`),
      (r) => r.data.bedRequests.some((b) => b.id === visitId),
      'the bed request in ADT',
    );
    const encounterId = requests.data.bedRequests.find((b) => b.id === visitId)!.encounterId;
    await call('bedmanager', `mutation($r: ID!) { assignBed(requestId: $r, bed: { bedId: "5E-03", unitId: "5E" }) { __typename } }`, { r: visitId });
    await call('bedmanager', `mutation($p: ID!, $e: ID!, $at: String) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "5E-03", unitId: "5E" }, encounterId: $e, at: $at, attendingNpi: "1347629515") { __typename } }`, {
      p: edPatientId,
      e: encounterId,
      at: at(3, '15:00'),
    });
    await discharge(encounterId, at(1, '11:00'));

    const settled = await eventually(
      () => accountOf(encounterId),
      (r) => r.data.encounter.account !== null && r.data.encounter.account.charges.some((c) => c.chargeCode === 'ED-99285') && r.data.encounter.account.workItem !== null,
      'the account with the ED level, the room days and the discharge',
    );
    const account = settled.data.encounter.account!;
    edAccountId = account.id;
    // The account number is drawn at random (12 digits and a check digit), never the next in a sequence.
    expect(account.id).toMatch(/^HAR\d{13}$/);
    expect(account.accountClass).toBe('inpatient');
    // The admission day counts, the discharge day does not: two 0206 telemetry days.
    const standing = account.charges.filter((c) => c.reversesChargeId === null && c.reversedBy === null);
    expect(standing.map((c) => [c.chargeCode, c.revenueCode, c.serviceDate, c.quantity, c.amountCents]).sort()).toEqual(
      [
        ['ED-99285', '0450', date(3), 1, 320_000],
        ['RB-0206', '0206', date(3), 1, 420_000],
        ['RB-0206', '0206', date(2), 1, 420_000],
      ].sort(),
    );
    // Discharged, not coded: the coders' queue.
    expect(account.workItem).toMatchObject({ queue: 'coding', owner: 'him-coding' });

    const record = await call<{ patient: { familyName: string; accounts: { nodes: Array<{ id: string }> } } }>('biller', `query($p: ID!) { patient(id: $p) { familyName accounts { nodes { id } } } }`, {
      p: edPatientId,
    });
    expect(record.data.patient).toEqual({ familyName: 'Haddad', accounts: { nodes: [{ id: account.id }] } });
  });

  it('sends no claim until the account is coded, then a 0111 whose 837I node-x12 reads back balanced', async () => {
    expect((await recordCoverage(edAccountId, { payerId: 'MEDA1', payerName: 'Medicare Part A', filingIndicator: 'MA', wantsDrg: true })).data.recordCoverage.__typename).toBe('AccountChanged');
    const uncoded = await claimMutation('createClaim', edAccountId);
    expect(uncoded).toMatchObject({ __typename: 'Refusal', code: 'BILL_HELD', message: expect.stringContaining('coding-incomplete') });

    const byBiller = await call('biller', `mutation { recordCoding(input: { accountId: "${edAccountId}", principalDiagnosis: { code: "J189", poa: "Y" } }) { __typename } }`);
    expect(byBiller.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await recordCoding(edAccountId, [{ code: 'E1122', poa: 'Y' }], true)).data.recordCoding.__typename).toBe('AccountChanged');

    const sent = await claimMutation('createClaim', edAccountId);
    expect(sent.__typename).toBe('ClaimSent');
    expect(sent.claim).toMatchObject({ frequency: '1', typeOfBill: '0111', totalCents: 1_160_000, originalPayerClaimNumber: null });
    const segments = await parsed837(sent.claim!.id);
    expect(segments).toContain(`CLM*${edAccountId}*11600***11:A:1**A*Y*Y`);
    expect(segments).toContain('SV2*0206**8400*DA*2');
    expect(segments).toContain('SV2*0450*HC:99285*3200*UN*1');
    expect(segments).toContain('CL1*1*1*01');
    expect(segments).toContain('HI*ABF:E1122:::::::Y');
    expect(segments).toContain('HI*DR:194');
    expect(segments).toContain('NM1*IL*1*HADDAD*JANE****MI*1EG4TE5MK73');
    // REF*EA is the MRN ADT gave at registration, not the internal patient id; the address is the one registered.
    const mrn = (await call<{ patient: { mrn: string } }>('registrar', `query($p: ID!) { patient(id: $p) { mrn } }`, { p: edPatientId })).data.patient.mrn;
    expect(mrn).toMatch(/^\d{8}$/);
    expect(segments).toContain(`REF*EA*${mrn}`);
    expect(segments).toContain('N3*12 ELM ST');
    expect(segments).toContain('N4*SPRINGFIELD*IL*627011234');
    // 2310A: the attending ADT recorded at admission, never the hospital's own NPI.
    expect(segments).toContain('NM1*71*1*APGAR*VIRGINIA****XX*1347629515');
    expect(segments).toContain('PRV*AT*PXC*208000000X');

    const again = await claimMutation('createClaim', edAccountId);
    expect(again).toMatchObject({ __typename: 'Refusal', code: 'CLAIM_ALREADY_SENT' });
    expect((await accountNow(edAccountId)).workItem).toMatchObject({ queue: 'follow-up', reason: 'awaiting remittance' });
  });

  it('posts an 835 with CO-45 and PR-1/PR-2: payment, contractual write-off, and the patient’s share moved to self-pay (scenario 12)', async () => {
    const clp = `CLP*${edAccountId}*1*11600*8000*1700*12*PCN9*11*1~CAS*CO*45*1900~CAS*PR*1*1500**2*200~`;
    const x12 = remittance(ach('8000'), clp);
    expectCleanX12('835', x12);
    const posted = await post835(x12);
    expect(posted).toEqual({ __typename: 'RemittancePosted', payments: [{ accountId: edAccountId, claimStatus: '1', paidCents: 800_000, applied: true }] });
    // The same file again, and the same payment (trace number, payer, CLP) resent in a new envelope, change nothing.
    expect(await post835(x12)).toEqual({ __typename: 'RemittancePosted', payments: [] });
    expect(await post835(remittance(ach('8000'), clp))).toEqual({ __typename: 'RemittancePosted', payments: [] });

    const account = await accountNow(edAccountId);
    expect(account).toMatchObject({ chargesCents: 1_160_000, paidCents: 800_000, writtenOffCents: 190_000, balanceCents: 170_000 });
    expect(account.claims).toEqual([expect.objectContaining({ status: 'adjudicated', payerClaimNumber: 'PCN9' })]);
    expect(account.history.map((h) => h.summary)).toContain('$1700.00 patient responsibility moved to self-pay');
    expect(account.workItem).toMatchObject({ queue: 'self-pay' });

    const unbalanced = await post835(remittance(ach('9000'), clp, { trace: 'EFT1002' }));
    expect(unbalanced).toMatchObject({ __typename: 'Refusal', code: 'REMITTANCE_OUT_OF_BALANCE' });
  });

  let deniedAccountId = '';
  let deniedClaimId = '';

  it('puts a CO-16 denial in the "Missing/invalid info" denial queue without a write-off, and lets a biller take it (scenario 13)', async () => {
    const patientId = await register('Moreau');
    const encounterId = await admit(patientId, { bedId: '4W-03A', unitId: '4W' }, at(4, '10:00'));
    await discharge(encounterId, at(2, '10:00'));
    const found = await eventually(() => accountOf(encounterId), (r) => r.data.encounter.account?.workItem?.queue === 'coding', 'the discharged account in the coding queue');
    deniedAccountId = found.data.encounter.account!.id;
    expect(standingDays(found.data.encounter.account!).map((c) => [c.revenueCode, c.serviceDate])).toEqual([
      ['0121', date(4)],
      ['0121', date(3)],
    ]);
    await recordCoverage(deniedAccountId, { payerId: 'BCBS1', payerName: 'Blue Plan', filingIndicator: 'BL', wantsDrg: false });
    await recordCoding(deniedAccountId, [], false);
    const sent = await claimMutation('createClaim', deniedAccountId);
    expect(sent).toMatchObject({ __typename: 'ClaimSent', claim: { typeOfBill: '0111', totalCents: 490_000 } });


    // Paid (BPR16) today: the denial ages from the remit date.
    const denial = remittance(`BPR*H*0*C*NON************${DateTime.now().toFormat('yyyyMMdd')}`, `CLP*${deniedAccountId}*4*4900*0*0*12*ICN77*11*1~CAS*CO*16*4900~MIA*0****MA130~`, { trace: 'EFT2001', payerId: 'BCBS1' });
    expectCleanX12('835', denial);
    const posted = await post835(denial);
    expect(posted).toMatchObject({ __typename: 'RemittancePosted', payments: [{ accountId: deniedAccountId, claimStatus: '4', applied: true }] });
    deniedClaimId = sent.claim!.id;
    const queue = await call<{ workQueue: Array<{ accountId: string; reason: string; owner: string; agingBucket: string; account: { balanceCents: number; writtenOffCents: number } }> }>(
      'biller',
      `{ workQueue(queue: "denial", aging: "0-30") { accountId reason owner agingBucket account { balanceCents writtenOffCents } } }`,
    );
    expect(queue.data.workQueue).toEqual([{ accountId: deniedAccountId, reason: 'Missing/invalid info', owner: 'payer-team', agingBucket: '0-30', account: { balanceCents: 490_000, writtenOffCents: 0 } }]);

    await call('biller', `mutation($a: ID!) { assignAccount(accountId: $a, owner: "biller") { __typename } }`, { a: deniedAccountId });
    const mine = await call<{ workQueue: Array<{ accountId: string }> }>('biller', `{ workQueue(owner: "biller") { accountId } }`);
    expect(mine.data.workQueue.map((w) => w.accountId)).toEqual([deniedAccountId]);
    const counts = await call<{ workQueueCounts: Array<{ queue: string; accounts: number }> }>('biller', `{ workQueueCounts { queue accounts } }`);
    expect(counts.data.workQueueCounts).toEqual(expect.arrayContaining([{ queue: 'denial', accounts: 1 }, { queue: 'self-pay', accounts: 1 }]));
  });

  it('resubmits the fixed account as a replacement claim: 0117 with REF*F8 the payer’s claim number (scenario 14)', async () => {
    await recordCoding(deniedAccountId, [{ code: 'E1122', poa: 'Y' }], false);
    const replaced = await claimMutation('replaceClaim', deniedAccountId);
    expect(replaced).toMatchObject({ __typename: 'ClaimSent' });
    expect(replaced.claim).toMatchObject({ frequency: '7', typeOfBill: '0117', originalPayerClaimNumber: 'ICN77', conditionCodes: ['D9'], totalCents: 490_000 });
    const segments = await parsed837(replaced.claim!.id);
    expect(segments).toContain(`CLM*${deniedAccountId}*4900***11:A:7**A*Y*Y`);
    expect(segments).toContain('REF*F8*ICN77');
    expect(segments).toContain('HI*BG:D9');
    expect((await accountNow(deniedAccountId)).workItem).toMatchObject({ queue: 'follow-up' });
  });

  it('posts an 835 whole or not at all: refuses what is not a balanced 835, and holds a payment with no claim to that payer as unapplied cash', async () => {
    const before = await accountNow(deniedAccountId);
    const claim837 = (await call<{ claim: { x12: string } }>('biller', `query($c: ID!) { claim(id: $c) { x12 } }`, { c: deniedClaimId })).data.claim.x12;
    expect(await post835(claim837)).toMatchObject({ __typename: 'Refusal', code: 'REMITTANCE_WRONG_TRANSACTION_SET', message: expect.stringContaining('not an 835') });
    expect(await post835('Remittance advice attached, see PDF.')).toMatchObject({ __typename: 'Refusal', code: 'REMITTANCE_NOT_X12' });
    expect(await post835('')).toMatchObject({ __typename: 'Refusal', code: 'REMITTANCE_EMPTY' });
    const good = `CLP*${deniedAccountId}*1*4900*3000*0*12*ICN78*11*7~CAS*CO*45*1900~`;
    const full = remittance(ach('3000'), good, { trace: 'EFT2002', payerId: 'BCBS1' });
    expect(await post835(full.slice(0, full.indexOf('SE*')))).toMatchObject({ __typename: 'Refusal', code: 'REMITTANCE_TRUNCATED' });
    // The first claim balances, the second does not: nothing posts, not even the first.
    const mixed = remittance(ach('3100'), `${good}CLP*${edAccountId || 'HAR0'}*1*100*100*0*12*ICN79*11*1~CAS*CO*45*10~`, { trace: 'EFT2002', payerId: 'BCBS1' });
    expect(await post835(mixed)).toMatchObject({ __typename: 'Refusal', code: 'REMITTANCE_OUT_OF_BALANCE', message: expect.stringContaining('ICN79') });
    expect((await accountNow(deniedAccountId)).paidCents).toBe(before.paidCents);

    // Another payer pays this account, which never sent it a claim: unapplied cash, the account untouched.
    const stray = remittance(ach('3000'), good, { trace: 'CHK88', payerId: 'AETNA9' });
    expectCleanX12('835', stray);
    expect(await post835(stray)).toEqual({ __typename: 'RemittancePosted', payments: [{ accountId: deniedAccountId, claimStatus: '1', paidCents: 300_000, applied: false }] });
    expect((await accountNow(deniedAccountId)).paidCents).toBe(before.paidCents);
    const { rows } = await db.pool.query(`SELECT payer_id, patient_control_number, paid_cents::int AS paid FROM revenue.unapplied_cash WHERE trace_number = 'CHK88'`);
    expect(rows).toEqual([{ payer_id: 'AETNA9', patient_control_number: deniedAccountId, paid: 300_000 }]);

    // The payer's own payment posts, with its PLB interest on the provider's ledger.
    const paid = build835({ control: (interchange += 1), trace: 'EFT2003', payerId: 'BCBS1', bpr: ach('3012.5'), claims: [good], plb: ['PLB*1234567893*20251231*L6*-12.5'] });
    expectCleanX12('835', paid);
    expect(await post835(paid)).toMatchObject({ __typename: 'RemittancePosted', payments: [{ applied: true, paidCents: 300_000 }] });
    expect((await accountNow(deniedAccountId)).paidCents).toBe(before.paidCents + 300_000);
    const plb = await db.pool.query(`SELECT reason, amount_cents::int AS amount FROM revenue.provider_adjustments WHERE trace_number = 'EFT2003'`);
    expect(plb.rows).toEqual([{ reason: 'L6', amount: -1_250 }]);
  });

  it('charges the hours of observation before the inpatient order, and room and board only from the order (scenario 7)', async () => {
    const now = Date.now();
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
    const patientId = await register('Sorensen');
    const observed = await call<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!, $at: String) { admitPatient(patientId: $p, class: "observation", bed: { bedId: "4W-07A", unitId: "4W" }, at: $at) { ... on EncounterChanged { encounter { id } } } }`,
      { p: patientId, at: hoursAgo(50) },
    );
    const encounterId = observed.data.admitPatient.encounter.id;
    const ordered = await call<{ changePatientClass: { __typename: string } }>(
      'physician',
      `mutation($e: ID!, $at: String) { changePatientClass(encounterId: $e, class: "inpatient", at: $at) { __typename ... on Refusal { code message } } }`,
      { e: encounterId, at: hoursAgo(30) },
    );
    expect(ordered.data.changePatientClass.__typename).toBe('EncounterChanged');
    const charged = await eventually(
      () => accountOf(encounterId),
      // The account and its charges are separate reads: wait until both show the inpatient order.
      (r) => (r.data.encounter.account?.accountClass === 'inpatient' && r.data.encounter.account.charges.some((c) => c.sourceKind === 'observation')) ?? false,
      'the observation hours charged at the inpatient order',
    );
    const account = charged.data.encounter.account!;
    const observationDate = DateTime.fromISO(hoursAgo(50), { zone: 'America/New_York' }).toISODate();
    expect(account.charges.filter((c) => c.sourceKind === 'observation')).toEqual([
      expect.objectContaining({ chargeCode: 'OBS-G0378', revenueCode: '0762', serviceDate: observationDate, quantity: 20, amountCents: 20 * 12_000 }),
    ]);
    expect(account.accountClass).toBe('inpatient');
    const orderDate = DateTime.fromISO(hoursAgo(30), { zone: 'America/New_York' }).toISODate()!;
    expect(standingDays(account).every((c) => c.serviceDate >= orderDate)).toBe(true);
  });

  it('bills an inpatient changed to observation before discharge as 0131 with condition code 44, the days replaced by observation hours (scenario 8)', async () => {
    const now = Date.now();
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
    const patientId = await register('Petrov');
    const encounterId = await admit(patientId, { bedId: '4W-08A', unitId: '4W' }, hoursAgo(40));
    const changed = await call<{ changePatientClass: { __typename: string } }>(
      'physician',
      `mutation($e: ID!, $at: String) { changePatientClass(encounterId: $e, class: "observation", at: $at) { __typename ... on Refusal { code message } } }`,
      { e: encounterId, at: hoursAgo(20) },
    );
    expect(changed.data.changePatientClass.__typename).toBe('EncounterChanged');
    await discharge(encounterId, hoursAgo(2));
    const coding = await eventually(
      () => accountOf(encounterId),
      (r) => r.data.encounter.account?.workItem?.queue === 'coding' && r.data.encounter.account.charges.some((c) => c.sourceKind === 'observation' && c.reversedBy === null),
      'the discharged account in the coding queue, its observation hours charged',
    );
    const account = coding.data.encounter.account!;
    expect(account.accountClass).toBe('observation');
    expect(standingDays(account)).toEqual([]);
    expect(account.charges.filter((c) => c.sourceKind === 'observation' && c.reversedBy === null)).toEqual([expect.objectContaining({ revenueCode: '0762', quantity: 18 })]);
    expect(account.history.map((h) => h.summary)).toContain('Changed from inpatient to outpatient observation before discharge (condition code 44)');

    await recordCoverage(account.id, { payerId: 'BCBS1', payerName: 'Blue Plan', filingIndicator: 'BL', wantsDrg: false });
    await recordCoding(account.id, [], false);
    expect(await claimMutation('createClaim', account.id)).toMatchObject({ __typename: 'ClaimSent', claim: { typeOfBill: '0131', conditionCodes: ['44'] } });
  });

  it('takes the account back out of billing when the discharge is cancelled, and charges the day the discharge had ended', async () => {
    const patientId = await register('Abernathy');
    const encounterId = await admit(patientId, { bedId: '4W-06A', unitId: '4W' }, at(3, '10:00'));
    await discharge(encounterId, at(1, '10:00'));
    const coding = await eventually(() => accountOf(encounterId), (r) => r.data.encounter.account?.workItem?.queue === 'coding', 'the discharged account in the coding queue');
    expect(standingDays(coding.data.encounter.account!).map((c) => c.serviceDate)).toEqual([date(3), date(2)]);

    const cancelled = await call<{ cancelDischarge: { __typename: string } }>(
      'bedmanager',
      `mutation($e: ID!) { cancelDischarge(encounterId: $e, bed: { bedId: "4W-06A", unitId: "4W" }, reason: "discharged the wrong patient") { __typename ... on Refusal { code message } } }`,
      { e: encounterId },
    );
    expect(cancelled.data.cancelDischarge).toEqual({ __typename: 'EncounterChanged' });
    const inHouse = await eventually(
      () => accountOf(encounterId),
      (r) => r.data.encounter.account?.workItem === null && r.data.encounter.account.history.some((h) => h.type === 'revenue.account.discharge-cancelled') && standingDays(r.data.encounter.account).length === 3,
      'the account out of the coding queue',
    );
    const account = inHouse.data.encounter.account!;
    expect(account.history.map((h) => h.summary)).toContain('Discharge cancelled (discharged the wrong patient): the patient is in house again');
    expect(standingDays(account).map((c) => c.serviceDate)).toEqual([date(3), date(2), date(1)]);
    expect(await claimMutation('createClaim', account.id)).toMatchObject({ __typename: 'Refusal', code: 'NOT_DISCHARGED' });
  });

  it('reverses the ICU day of a cancelled transfer with a linked line and charges the bed the patient stayed in; a completed lab order is charged', async () => {
    const now = Date.now();
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
    const patientId = await register('Lindqvist');
    const encounterId = await admit(patientId, { bedId: '4W-05A', unitId: '4W' }, hoursAgo(50));
    const moved = await call<{ transferPatient: { __typename: string } }>(
      'bedmanager',
      `mutation($e: ID!, $at: String) { transferPatient(encounterId: $e, to: { bedId: "ICU-06", unitId: "ICU" }, at: $at) { __typename ... on Refusal { code message } } }`,
      { e: encounterId, at: hoursAgo(26) },
    );
    expect(moved.data.transferPatient.__typename).toBe('EncounterChanged');
    const inIcu = await eventually(() => accountOf(encounterId), (r) => (r.data.encounter.account ? standingDays(r.data.encounter.account).some((c) => c.revenueCode === '0200') : false), 'an ICU day charged');
    const daysBefore = standingDays(inIcu.data.encounter.account!);
    const icuDays = daysBefore.filter((c) => c.revenueCode === '0200');

    const cancelled = await call<{ cancelTransfer: { __typename: string } }>('bedmanager', `mutation($e: ID!) { cancelTransfer(encounterId: $e, reason: "entered on the wrong patient") { __typename ... on Refusal { code message } } }`, { e: encounterId });
    expect(cancelled.data.cancelTransfer.__typename).toBe('EncounterChanged');
    const after = await eventually(() => accountOf(encounterId), (r) => standingDays(r.data.encounter.account!).every((c) => c.revenueCode === '0121'), 'the ICU days reversed');
    const account = after.data.encounter.account!;
    for (const icu of icuDays) {
      expect(account.charges).toContainEqual(expect.objectContaining({ reversesChargeId: icu.id, revenueCode: '0200', serviceDate: icu.serviceDate, quantity: -1, amountCents: -icu.amountCents }));
    }
    // The net day count is unchanged: each reversed ICU day is a 0121 day now.
    expect(standingDays(account).map((c) => c.serviceDate).sort()).toEqual(daysBefore.map((c) => c.serviceDate).sort());
    expect(account.charges.reduce((days, c) => days + (c.sourceKind === 'census-day' ? c.quantity : 0), 0)).toBe(daysBefore.length);

    const lab = await call<{ placeLabOrder: { __typename: string; order?: { id: string } } }>(
      'physician',
      `mutation($p: ID!, $e: ID!) { placeLabOrder(input: { patientId: $p, encounterId: $e, loinc: "24323-8", display: "Comprehensive metabolic panel", specimen: "blood" }) {
         __typename ... on OrderChanged { order { id } } } }`,
      { p: patientId, e: encounterId },
    );
    await call('nurse', `mutation($o: ID!) { completeOrder(orderId: $o) { __typename } }`, { o: lab.data.placeLabOrder.order!.id });
    const charged = await eventually(() => accountOf(encounterId), (r) => r.data.encounter.account!.charges.some((c) => c.chargeCode === 'LAB-80053'), 'the completed lab order charged');
    expect(charged.data.encounter.account!.charges.find((c) => c.chargeCode === 'LAB-80053')).toMatchObject({ revenueCode: '0301', quantity: 1, amountCents: 18_000, sourceKind: 'order' });
  });

  /** Metoprolol 25 mg q6h from `orderStart`, verified, and its latest due dose given now at the bedside (both scans). */
  async function giveDose(patientId: string, encounterId: string, orderStart: string): Promise<{ doseId: string; entryId: string }> {
    const order = { patientId, encounterId, drugId: 'metoprolol-tartrate-25-tab', dose: { value: 25, unit: 'mg' }, route: 'oral', frequency: { type: 'interval', code: 'q6h' }, start: orderStart, overrides: [] };
    const placed = await eventually(
      () => call<{ placeMedicationOrder: { __typename: string; order?: { id: string } } }>('physician', `mutation($i: MedicationOrderInput!) { placeMedicationOrder(input: $i) { __typename ... on OrderChanged { order { id } } } }`, { i: order }),
      (r) => r.data.placeMedicationOrder.__typename === 'OrderChanged',
      'orders learning of the admission',
    );
    await call('pharmacist', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename } }`, { o: placed.data.placeMedicationOrder.order!.id });
    const mrn = (await call<{ patient: { mrn: string } }>('nurse', `query($p: ID!) { patient(id: $p) { mrn } }`, { p: patientId })).data.patient.mrn;
    const planned = await eventually(
      () => call<{ patient: { medicationAdministrations: Array<{ id: string; status: string; dueAt: string | null }> } }>('nurse', `query($p: ID!) { patient(id: $p) { medicationAdministrations { id status dueAt } } }`, { p: patientId }),
      (r) => r.data.patient.medicationAdministrations.some((d) => d.status === 'open'),
      'the eMAR planning the dose',
    );
    // The latest dose already due: a dose is given at its time or late, never before it.
    const due = planned.data.patient.medicationAdministrations.filter((d) => d.status === 'open' && d.dueAt !== null && Date.parse(d.dueAt) <= Date.now());
    const doseId = due.sort((a, b) => Date.parse(b.dueAt!) - Date.parse(a.dueAt!))[0]!.id;
    await call('nurse', `mutation($d: ID!, $w: String, $p: String) { verifyProduct(doseId: $d, product: { scan: $p }, wristband: { scan: $w }) { __typename } }`, {
      d: doseId,
      w: `PID:${mrn}`,
      p: gtinFromNdc10('99902-2012-1'),
    });
    const given = await call<{ documentGiven: { __typename: string; message?: string; dose?: { entries: Array<{ id: string; outcome: string }> } } }>(
      'nurse',
      `mutation($d: ID!) { documentGiven(input: { doseId: $d, amount: { value: 25, unit: "mg" }, route: "oral" }) { __typename ... on DoseChanged { dose { entries { id outcome } } } ... on Refusal { code message } } }`,
      { d: doseId },
    );
    expect(given.data.documentGiven).toEqual(expect.objectContaining({ __typename: 'DoseChanged' }));
    const entryId = given.data.documentGiven.dose!.entries.find((e) => e.outcome === 'given')!.id;
    return { doseId, entryId };
  }

  it('charges pharmacy when a dose is given on the MAR, and reverses that charge when the dose is documented in error', async () => {
    const patientId = await register('Semmelweis');
    const encounterId = await admit(patientId, { bedId: '4W-08B', unitId: '4W' }, new Date(Date.now() - 2 * 3_600_000).toISOString());
    const { doseId, entryId } = await giveDose(patientId, encounterId, new Date(Date.now() - 60_000).toISOString());

    const charged = await eventually(() => accountOf(encounterId), (r) => (r.data.encounter.account?.charges ?? []).some((c) => c.sourceKind === 'dose'), 'the dose charged to pharmacy');
    const doseCharge = charged.data.encounter.account!.charges.find((c) => c.sourceKind === 'dose')!;
    expect(doseCharge).toMatchObject({ quantity: 1, reversedBy: null });
    expect(doseCharge.amountCents).toBeGreaterThan(0);

    const corrected = await call<{ markDocumentedInError: { __typename: string } }>(
      'nurse',
      `mutation($d: ID!, $e: ID!) { markDocumentedInError(doseId: $d, entryId: $e, reason: "documented on the wrong patient") { __typename ... on Refusal { code message } } }`,
      { d: doseId, e: entryId },
    );
    expect(corrected.data.markDocumentedInError.__typename).toBe('DoseChanged');
    const reversed = await eventually(() => accountOf(encounterId), (r) => r.data.encounter.account!.charges.some((c) => c.reversesChargeId === doseCharge.id), 'the dose charge reversed');
    const account = reversed.data.encounter.account!;
    expect(account.charges).toContainEqual(expect.objectContaining({ reversesChargeId: doseCharge.id, quantity: -1, amountCents: -doseCharge.amountCents, sourceKind: 'dose' }));
    expect(account.charges.filter((c) => c.sourceKind === 'dose').reduce((sum, c) => sum + c.amountCents, 0)).toBe(0);
  });

  it('moves a dose charge to the corrected day when the nurse amends the time it was given on the MAR', async () => {
    const patientId = await register('Pasteur');
    const encounterId = await admit(patientId, { bedId: '4W-05B', unitId: '4W' }, at(2, '10:00'));
    // Every 6 h from a day ago: the dose due now is the fifth, and it is given on time.
    const orderStart = new Date(Date.now() - 24 * 3_600_000 - 30_000);
    const { doseId, entryId } = await giveDose(patientId, encounterId, orderStart.toISOString());
    const charged = await eventually(() => accountOf(encounterId), (r) => (r.data.encounter.account?.charges ?? []).some((c) => c.sourceKind === 'dose'), 'the dose charged to pharmacy');
    const first = charged.data.encounter.account!.charges.find((c) => c.sourceKind === 'dose')!;
    const facilityDay = (instant: Date) => DateTime.fromJSDate(instant).setZone('America/New_York').toISODate()!;
    expect(first.serviceDate).toBe(facilityDay(new Date()));

    const givenAt = new Date(orderStart.getTime() + 60_000);
    const amended = await call<{ amend: { __typename: string } }>(
      'nurse',
      `mutation($i: AmendInput!) { amend(input: $i) { __typename ... on Refusal { code message } } }`,
      { i: { doseId, entryId, givenAt: givenAt.toISOString(), reason: 'charted on the wrong dose; it was the first one, given a day earlier' } },
    );
    expect(amended.data.amend.__typename).toBe('DoseChanged');
    const moved = await eventually(() => accountOf(encounterId), (r) => r.data.encounter.account!.charges.some((c) => c.reversesChargeId === first.id), 'the dose charge moved');
    const doses = moved.data.encounter.account!.charges.filter((c) => c.sourceKind === 'dose');
    expect(doses).toContainEqual(expect.objectContaining({ reversesChargeId: first.id, serviceDate: first.serviceDate, amountCents: -first.amountCents }));
    const standing = doses.filter((c) => c.reversesChargeId === null && c.reversedBy === null);
    expect(standing).toEqual([expect.objectContaining({ serviceDate: facilityDay(givenAt), quantity: first.quantity })]);
  });

  const heldFields = 'attending { npi familyName } heldCharges { id chargeCode serviceDate problem reason sourceKind }';
  type HeldView = { attending: { npi: string; familyName: string } | null; heldCharges: Array<{ id: string; chargeCode: string; serviceDate: string; problem: string; reason: string; sourceKind: string }> };
  const heldOf = (accountId: string) => call<{ account: HeldView }>('biller', `query($a: ID!) { account(id: $a) { ${heldFields} } }`, { a: accountId }).then((r) => r.data.account);
  /** Discharged long enough ago, covered by Blue Plan and coded: ready for its claim. */
  async function readyToBill(encounterId: string): Promise<string> {
    const found = await eventually(() => accountOf(encounterId), (r) => r.data.encounter.account?.workItem?.queue === 'coding', 'the discharged account waiting for coding');
    const accountId = found.data.encounter.account!.id;
    await recordCoverage(accountId, { payerId: 'BCBS1', payerName: 'Blue Plan', filingIndicator: 'BL', wantsDrg: false });
    await recordCoding(accountId, [], false);
    return accountId;
  }

  it('names in 2310A the attending care last passed to, and stops a claim ADT named no attending for with an edit in words', async () => {
    const patientId = await register('Nightingale');
    const encounterId = await admit(patientId, { bedId: '4W-04A', unitId: '4W' }, at(3, '10:00'), null);
    const handedOver = await call<{ changeAttending: { __typename: string } }>(
      'physician',
      `mutation($e: ID!, $at: String) { changeAttending(encounterId: $e, attendingNpi: "1958372603", reason: "care passed to the hospitalist", at: $at) { __typename ... on Refusal { code message } } }`,
      { e: encounterId, at: at(2, '08:00') },
    );
    expect(handedOver.data.changeAttending.__typename).toBe('EncounterChanged');
    await discharge(encounterId, at(1, '11:00'));
    const accountId = await readyToBill(encounterId);
    expect((await heldOf(accountId)).attending).toEqual({ npi: '1958372603', familyName: 'Drew' });
    const sent = await claimMutation('createClaim', accountId);
    expect(sent).toMatchObject({ __typename: 'ClaimSent', claim: { typeOfBill: '0111' } });
    const segments = await parsed837(sent.claim!.id);
    expect(segments).toContain('NM1*71*1*DREW*CHARLES****XX*1958372603');
    expect(segments).toContain('PRV*AT*PXC*208600000X');

    // Admitted with no attending at all: the claim is stopped, not sent malformed.
    const other = await register('Barton');
    const unattended = await admit(other, { bedId: '4W-04B', unitId: '4W' }, at(3, '10:00'), null);
    await discharge(unattended, at(1, '11:00'));
    const stopped = await claimMutation('createClaim', await readyToBill(unattended));
    expect(stopped).toMatchObject({ __typename: 'ClaimStopped', edits: [{ code: 'ATTENDING_REQUIRED' }] });
  });

  it('bills a night away on leave of absence as a 0180 day at no charge, and the claim passes the independent parser', async () => {
    const patientId = await register('Kenny');
    const encounterId = await admit(patientId, { bedId: '4W-01A', unitId: '4W' }, at(4, '10:00'));
    await call('nurse', `mutation($e: ID!, $at: String) { startLeave(encounterId: $e, at: $at) { __typename } }`, { e: encounterId, at: at(3, '15:00') });
    await call('nurse', `mutation($e: ID!, $at: String) { endLeave(encounterId: $e, at: $at) { __typename } }`, { e: encounterId, at: at(2, '10:00') });
    await discharge(encounterId, at(1, '11:00'));
    const accountId = await readyToBill(encounterId);
    const days = standingDays(await accountNow(accountId)).map((c) => [c.serviceDate, c.revenueCode, c.amountCents]);
    expect(days).toEqual([
      [date(4), '0121', 245_000],
      [date(3), '0180', 0],
      [date(2), '0121', 245_000],
    ]);
    const sent = await claimMutation('createClaim', accountId);
    expect(sent).toMatchObject({ __typename: 'ClaimSent', claim: { totalCents: 490_000 } });
    const segments = await parsed837(sent.claim!.id);
    expect(segments).toContain('SV2*0180**0*DA*1');
    expect(segments).toContain('HI*BE:80:::2');
  });

  it('bills a patient on a parent’s plan with the parent in 2010BA and the patient in 2000C (PAT*19); coverage dates that run backwards are refused, and days the coverage did not cover stop the claim in words', async () => {
    const patientId = await register('Sabin');
    const encounterId = await admit(patientId, { bedId: '4W-02A', unitId: '4W' }, at(3, '10:00'));
    await discharge(encounterId, at(1, '11:00'));
    const found = await eventually(() => accountOf(encounterId), (r) => r.data.encounter.account?.workItem?.queue === 'coding', 'the discharged account waiting for coding');
    const accountId = found.data.encounter.account!.id;
    await recordCoding(accountId, [], false);
    const parent = { familyName: 'Sabin', givenName: 'Albert', birthDate: '1975-08-26', sex: 'male', address: { line: ['12 Elm St'], city: 'Springfield', state: 'IL', postalCode: '62701' } };
    const plan = { payerId: 'BCBS1', payerName: 'Blue Plan', filingIndicator: 'BL', wantsDrg: false, planName: 'Blue PPO', groupNumber: 'GRP4410', relationship: 'child', subscriber: parent };

    const backwards = await recordCoverage(accountId, { ...plan, effectiveFrom: date(1), effectiveThrough: date(5) });
    expect(backwards.data.recordCoverage).toMatchObject({ __typename: 'Refusal', code: 'INVALID_COVERAGE' });
    expect(backwards.data.recordCoverage.message).toMatch(/^effectiveThrough: \(\d{4}-\d{2}-\d{2}\) is before effectiveFrom/);
    const orphan = await recordCoverage(accountId, { ...plan, subscriber: null });
    expect(orphan.data.recordCoverage).toMatchObject({ __typename: 'Refusal', code: 'INVALID_COVERAGE', message: expect.stringMatching(/^subscriber: is required when the patient is not the subscriber/) });

    expect((await recordCoverage(accountId, { ...plan, effectiveFrom: date(90), effectiveThrough: date(2) })).data.recordCoverage.__typename).toBe('AccountChanged');
    const lapsed = await claimMutation('createClaim', accountId);
    expect(lapsed).toMatchObject({ __typename: 'ClaimStopped', edits: [{ code: 'COVERAGE_NOT_EFFECTIVE' }] });

    await recordCoverage(accountId, { ...plan, effectiveFrom: date(90) });
    const sent = await claimMutation('createClaim', accountId);
    expect(sent).toMatchObject({ __typename: 'ClaimSent', claim: { typeOfBill: '0111' } });
    const segments = await parsed837(sent.claim!.id);
    expect(segments).toContain('HL*2*1*22*1');
    expect(segments).toContain('SBR*P**GRP4410******BL');
    expect(segments).toContain('NM1*IL*1*SABIN*ALBERT****MI*1EG4TE5MK73');
    const patientLoop = segments.indexOf('HL*3*2*23*0');
    expect(segments.slice(patientLoop, patientLoop + 6)).toEqual(['HL*3*2*23*0', 'PAT*19', 'NM1*QC*1*SABIN*JANE', 'N3*12 ELM ST', 'N4*SPRINGFIELD*IL*627011234', 'DMG*D8*19500203*F']);
  });

  it('sends a stay still in house after 60 days its first interim bill (0112, status 30, its first 60 days), and no second one before its own 60 days have passed', async () => {
    const patientId = await register('Trudeau');
    const encounterId = await admit(patientId, { bedId: '4W-02B', unitId: '4W' }, at(62, '10:00'));
    const charged = await eventually(() => accountOf(encounterId), (r) => r.data.encounter.account !== null && standingDays(r.data.encounter.account).length >= 62, 'the 62 nights charged');
    const accountId = charged.data.encounter.account!.id;
    await recordCoverage(accountId, { payerId: 'BCBS1', payerName: 'Blue Plan', filingIndicator: 'BL', wantsDrg: false });
    await recordCoding(accountId, [], false);
    const sent = await claimMutation('createInterimClaim', accountId);
    expect(sent).toMatchObject({ __typename: 'ClaimSent', claim: { typeOfBill: '0112', frequency: '2' } });
    const segments = await parsed837(sent.claim!.id);
    const d8 = (d: string) => d.replaceAll('-', '');
    expect(segments).toContain(`DTP*434*RD8*${d8(date(62))}-${d8(date(3))}`);
    expect(segments.find((s) => s.startsWith('CL1*'))).toMatch(/\*30$/);
    expect(segments).toContain('HI*BE:80:::60');
    expect(await claimMutation('createInterimClaim', accountId)).toMatchObject({ __typename: 'Refusal', code: 'INTERIM_NOT_DUE', message: expect.stringContaining(`through ${date(3)}`) });
  });

  it('reverses what a cancelled admission charged, holds its clinical charges for review, and sends no claim', async () => {
    const patientId = await register('Lister');
    const encounterId = await admit(patientId, { bedId: '4W-01B', unitId: '4W' }, at(2, '10:00'));
    const lab = await eventually(
      () => call<{ placeLabOrder: { __typename: string; order?: { id: string } } }>('physician', `mutation($i: LabOrderInput!) { placeLabOrder(input: $i) { __typename ... on OrderChanged { order { id } } } }`, {
        i: { patientId, encounterId, loinc: '24323-8', display: 'Comprehensive metabolic panel', specimen: 'blood' },
      }),
      (r) => r.data.placeLabOrder.__typename === 'OrderChanged',
      'orders learning of the admission',
    );
    await call('nurse', `mutation($o: ID!) { completeOrder(orderId: $o) { __typename } }`, { o: lab.data.placeLabOrder.order!.id });
    const charged = await eventually(() => accountOf(encounterId), (r) => (r.data.encounter.account?.charges ?? []).some((c) => c.chargeCode === 'LAB-80053') && standingDays(r.data.encounter.account!).length > 0, 'the lab and the room days charged');
    const accountId = charged.data.encounter.account!.id;

    const cancelled = await call<{ cancelAdmission: { __typename: string } }>('bedmanager', `mutation($e: ID!) { cancelAdmission(encounterId: $e, reason: "admitted under the wrong patient") { __typename ... on Refusal { code message } } }`, { e: encounterId });
    expect(cancelled.data.cancelAdmission.__typename).toBe('EncounterChanged');
    // The account row and its queue are separate reads: wait until both show the cancellation.
    const reviewed = await eventually(() => accountNow(accountId), (a) => a.workItem?.queue === 'charge-review' && a.balanceCents === 0, 'the cancelled account on the charge-review queue');
    expect(reviewed.charges.reduce((sum, c) => sum + c.amountCents, 0)).toBe(0);
    expect(reviewed.balanceCents).toBe(0);
    expect(reviewed.workItem).toMatchObject({ reason: '1 held charge: ADMISSION_CANCELLED', owner: 'charge-review-team' });
    const held = (await heldOf(accountId)).heldCharges;
    expect(held).toEqual([expect.objectContaining({ chargeCode: 'LAB-80053', problem: 'ADMISSION_CANCELLED', sourceKind: 'order' })]);

    expect(await claimMutation('createClaim', accountId)).toMatchObject({ __typename: 'Refusal', code: 'ADMISSION_CANCELLED' });
    const repost = await call<{ repostHeldCharge: { __typename: string; code?: string } }>('biller', `mutation($a: ID!, $h: ID!) { repostHeldCharge(accountId: $a, heldChargeId: $h) { __typename ... on Refusal { code message } } }`, { a: accountId, h: held[0]!.id });
    expect(repost.data.repostHeldCharge).toMatchObject({ __typename: 'Refusal', code: 'HELD_CHARGE_NEEDS_BILLER' });
    const discarded = await call<{ discardHeldCharge: { __typename: string } }>(
      'biller',
      `mutation($a: ID!, $h: ID!) { discardHeldCharge(accountId: $a, heldChargeId: $h, note: "posted by hand to the right patient's account") { __typename ... on Refusal { code message } } }`,
      { a: accountId, h: held[0]!.id },
    );
    expect(discarded.data.discardHeldCharge.__typename).toBe('AccountChanged');
    expect((await accountNow(accountId)).workItem).toBeNull();
  });

  it('moves the ED visit of two days before a Medicare admission onto the inpatient claim (the 3-day payment window)', async () => {
    const patientId = await register('Florey', 'ed');
    const arrived = await call<{ registerArrival: { visit: { id: string } } }>(
      'ed',
      `mutation($p: ID!, $at: String) { registerArrival(patientId: $p, mode: "walk-in", at: $at) { ... on EdVisitChanged { visit { id } } } }`,
      { p: patientId, at: at(5, '09:00') },
    );
    const visitId = arrived.data.registerArrival.visit.id;
    await edStep('triage(input: $i)', '$i: TriageInput!', { i: { visitId, chiefComplaint: 'ankle pain', vitals: { heartRate: 80 }, ageInMonths: 70 * 12, esi: 4, at: at(5, '09:05') } });
    await edStep('assignProvider(visitId: $v, providerId: "dr-okafor", at: $at)', '$v: ID!, $at: String', { v: visitId, at: at(5, '09:20') });
    await edStep('decideDischarge(visitId: $v, disposition: "discharged", dischargeStatus: "01", at: $at)', '$v: ID!, $at: String', { v: visitId, at: at(5, '10:30') });
    await edStep('recordDeparture(visitId: $v, at: $at)', '$v: ID!, $at: String', { v: visitId, at: at(5, '10:45') });
    const accounts = () =>
      call<{ patient: { accounts: { nodes: Array<{ id: string; charges: Array<{ chargeCode: string }> }> } } }>('biller', `query($p: ID!) { patient(id: $p) { accounts { nodes { id charges { chargeCode } } } } }`, {
        p: patientId,
      });
    const edAccount = await eventually(accounts, (r) => (r.data.patient?.accounts.nodes ?? []).some((a) => a.charges.some((c) => c.chargeCode === 'ED-99283')), 'the ED level charged');
    const edAccountNumber = edAccount.data.patient.accounts.nodes[0]!.id;

    const encounterId = await admit(patientId, { bedId: '4W-03B', unitId: '4W' }, at(3, '12:00'));
    await discharge(encounterId, at(1, '11:00'));
    const found = await eventually(() => accountOf(encounterId), (r) => r.data.encounter.account?.workItem?.queue === 'coding', 'the inpatient account waiting for coding');
    const accountId = found.data.encounter.account!.id;
    expect(accountId).not.toBe(edAccountNumber);
    await recordCoverage(accountId, { payerId: 'MEDA1', payerName: 'Medicare Part A', filingIndicator: 'MA', wantsDrg: false });
    await recordCoding(accountId, [], false);
    const sent = await claimMutation('createClaim', accountId);
    // Two room days and the ED visit, dated the day it happened.
    expect(sent).toMatchObject({ __typename: 'ClaimSent', claim: { typeOfBill: '0111', totalCents: 2 * 245_000 + 110_000 } });
    const segments = await parsed837(sent.claim!.id);
    const ed = segments.indexOf('SV2*0450*HC:99283*1100*UN*1');
    expect(ed).toBeGreaterThan(0);
    expect(segments[ed + 1]).toBe(`DTP*472*D8*${date(5).replaceAll('-', '')}`);
    const outpatient = await accountNow(edAccountNumber);
    expect(outpatient.charges.reduce((sum, c) => sum + c.amountCents, 0)).toBe(0);
    expect(outpatient.charges.find((c) => c.reversesChargeId !== null)).toBeDefined();
    expect(outpatient.workItem).toBeNull();
  });

  it('reads every read-model table through its Prisma model, with a field for every column', async () => {
    const readModel = createReadModel(db.url);
    try {
      const rows = {
        units: await readModel.unit.findFirstOrThrow(),
        patients: await readModel.patient.findFirstOrThrow(),
        ed_visits: await readModel.edVisit.findFirstOrThrow(),
        bed_requests: await readModel.bedRequest.findFirstOrThrow(),
        stays: await readModel.stay.findFirstOrThrow(),
        orders: await readModel.order.findFirstOrThrow(),
        accounts: await readModel.account.findFirstOrThrow(),
        account_encounters: await readModel.accountEncounter.findFirstOrThrow(),
        charges: await readModel.charge.findFirstOrThrow(),
        claims: await readModel.claim.findFirstOrThrow(),
        denials: await readModel.denial.findFirstOrThrow(),
        work_items: await readModel.workItem.findFirstOrThrow(),
        account_history: await readModel.accountHistory.findFirstOrThrow(),
        remittance_postings: await readModel.remittancePosting.findFirstOrThrow(),
        unapplied_cash: await readModel.unappliedCash.findFirstOrThrow(),
        provider_adjustments: await readModel.providerAdjustment.findFirstOrThrow(),
        account_numbers_issued: await readModel.accountNumberIssued.findFirstOrThrow(),
      };
      for (const [table, row] of Object.entries(rows)) {
        const { rows: columns } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'revenue' AND table_name = $1`, [table]);
        expect([table, Object.keys(row).length]).toEqual([table, columns[0]!.n]);
      }
    } finally {
      await readModel.$disconnect();
    }
  });
});
