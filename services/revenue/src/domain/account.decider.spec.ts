import { specFor } from '@ehr/platform/testing';
import { X12Parser, type X12Interchange } from 'node-x12';
import { type AccountCommand, accountDecider, type AccountEvent, type AccountState, balanceOf, type BillingPolicy } from './account.decider.js';
import { type ChargeLine, doseCharge, doseCorrectionActions, edVisitCharge, observationActions, orderCharge, roomAndBoardActions } from './charge-capture.js';
import { demoChargemaster as cdm } from './chargemaster.seed.js';
import { buildClaim } from './claim.js';
import { read835 } from './remittance-835.js';
import { render837I } from './x12-837i.js';
import { classify } from './work-queue.js';
import { expectCleanX12 } from '../../test/support/x12-check.js';

const spec = specFor(accountDecider);
const tz = 'America/New_York';
const accountId = 'HAR100045';
const policy: BillingPolicy = { suspenseDays: 3, timeZone: tz };
const fold = (events: AccountEvent[]): AccountState => events.reduce(accountDecider.evolve, accountDecider.initialState);
const run = (given: AccountEvent[], ...commands: AccountCommand[]): AccountEvent[] => {
  const all = [...given];
  for (const c of commands) all.push(...accountDecider.decide(c, fold(all)));
  return all;
};

const opened: AccountEvent = { type: 'revenue.account.opened', data: { accountId, patientId: 'MRN77', encounterId: 'ed-1', accountClass: 'emergency', at: '2025-01-01T20:00:00-05:00' } };
const medicare: AccountEvent = {
  type: 'revenue.account.coverage-recorded',
  data: {
    accountId, rank: 'primary', payerId: 'MEDA1', payerName: 'Medicare Part A', filingIndicator: 'MA', memberId: '1EG4TE5MK73', wantsDrg: true,
    planName: null, groupNumber: null, relationship: '18', subscriber: null, effectiveFrom: '2024-01-01', effectiveThrough: null,
  },
};
/** ADT named the attending at admission: the claim's loop 2310A. */
const attendingNamed: AccountEvent = {
  type: 'revenue.account.attending-recorded',
  data: { accountId, encounterId: 'ip-1', attending: { npi: '1347629515', familyName: 'Apgar', givenName: 'Virginia', taxonomy: '208000000X' }, at: '2025-01-01T22:15:00-05:00' },
};
const edLevel = edVisitCharge({ visitId: 'ed-1', arrivedAt: '2025-01-01T20:00:00-05:00', esi: 2 }, cdm, tz);
const cmp = orderCharge({ orderId: 'o-cmp', details: { kind: 'lab', loinc: '24323-8', display: 'CMP', specimen: 'blood' } }, '2025-01-01T20:40:00-05:00', { lab: { '24323-8': 'LAB-80053' }, imaging: {} }, cdm, tz);
const post = (line: ChargeLine | null, at = '2025-01-01T21:00:00-05:00'): AccountCommand => {
  if (!line) throw new Error('no charge captured');
  return { type: 'CaptureCharges', accountId, actions: [{ kind: 'post', line }], at };
};
const admit: AccountCommand = { type: 'Admit', accountId, encounterId: 'ip-1', admission: { at: '2025-01-01T22:15:00-05:00', priority: '1', pointOfOrigin: '1' } };
const roomDay = (date: string, revenueCode: string) => ({ encounterId: 'ip-1', date, revenueCode, bedId: 'B1' });
const roomCode = (revenueCode: string) => `RB-${revenueCode}`;
const code = (poa: 'Y' | null = 'Y'): Extract<AccountCommand, { type: 'Code' }> => ({
  type: 'Code',
  timeZone: tz,
  accountId,
  principalDiagnosis: { code: 'J189', poa: 'Y' },
  admittingDiagnosis: 'R0602',
  otherDiagnoses: [{ code: 'E1122', poa }],
  procedures: [],
  drg: { msDrg: '194', grouperVersion: '42' },
  by: 'coder-1',
  at: '2025-01-04T09:00:00-05:00',
});
const discharge: AccountCommand = { type: 'RecordDischarge', accountId, at: '2025-01-03T11:00:00-05:00', dischargeStatus: '01' };
const bill = (at: string): AccountCommand => ({ type: 'Bill', accountId, policy, at });

/** An ED visit admitted the same evening, two nights in a 0121 bed, discharged, coded. */
const stay = (): AccountEvent[] => {
  const base = run([opened, medicare, attendingNamed], post(edLevel), post(cmp), admit);
  const days = [roomDay('2025-01-01', '0121'), roomDay('2025-01-02', '0121')];
  return run(base, { type: 'CaptureCharges', accountId, actions: roomAndBoardActions(days, [], cdm, roomCode), at: '2025-01-03T00:00:00-05:00' }, discharge, code());
};

const envelope = {
  senderId: 'GENHOSP', receiverId: 'MEDICARE', interchangeControlNumber: 17, groupControlNumber: 17, createdAt: '202501061200', usage: 'T' as const,
  submitter: { name: 'GENERAL HOSPITAL', id: 'GENHOSP', contactName: 'BILLING', phone: '5555550100' },
  receiver: { name: 'MEDICARE JURISDICTION', id: 'MEDICARE' },
  billingProvider: { name: 'GENERAL HOSPITAL', npi: '1234567893', taxId: '123456789', street: '1 MAIN ST', city: 'SPRINGFIELD', state: 'IL', zip9: '627010001' },
};
const patient = { mrn: 'E1000023', address: { line: ['12 ELM ST', 'APT 4'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62701-1234' }, lastName: 'DOE', firstName: 'JANE', birthDate: '1950-02-03', sex: 'F' as const };

/** The 837I of the latest claim, read back by node-x12 and checked for counts and balance. */
function sent837(events: AccountEvent[]): { text: string; segments: string[] } {
  const state = fold(events);
  const claim = state.claims.at(-1)!;
  const text = render837I(buildClaim(state, claim, tz), patient, state.coverages.primary!, envelope);
  const interchange = new X12Parser(true).parse(text) as X12Interchange;
  const group = interchange.functionalGroups[0]!;
  const transaction = group.transactions[0]!;
  const tags = transaction.segments.map((s) => s.tag);
  expect(interchange.header.valueOf(13)).toBe(interchange.trailer.valueOf(2));
  expect(interchange.trailer.valueOf(1)).toBe('1');
  expect(group.header.valueOf(6)).toBe(group.trailer.valueOf(2));
  expect(group.trailer.valueOf(1)).toBe('1');
  expect(Number(transaction.trailer.valueOf(1))).toBe(tags.length + 2);
  expect(transaction.trailer.valueOf(2)).toBe(transaction.header.valueOf(2));
  expect(text.indexOf('GS')).toBe(106);
  const lines = transaction.segments.filter((s) => s.tag === 'SV2').map((s) => Math.round(Number(s.valueOf(3)) * 100));
  const clm = transaction.segments.find((s) => s.tag === 'CLM')!;
  expect(Math.round(Number(clm.valueOf(2)) * 100)).toBe(lines.reduce((a, b) => a + b, 0));
  expectCleanX12('837I', text);
  return { text, segments: text.split('~') };
}

describe('hospital account', () => {
  it('keeps the ED charges on the one account when the patient is admitted, and bills a single 0111 with the IP admission', () => {
    const events = run(stay(), bill('2025-01-06T08:00:00-05:00'));
    const state = fold(events);
    expect(state.accountClass).toBe('inpatient');
    expect(state.encounterIds).toEqual(['ed-1', 'ip-1']);
    expect(state.claims).toHaveLength(1);
    expect(state.claims[0]).toMatchObject({ typeOfBill: '0111', frequency: '1' });
    const { segments } = sent837(events);
    expect(segments).toContain('DTP*435*DT*202501012215');
    expect(segments).toContain('CL1*1*1*01');
    expect(segments).toContain('CLM*HAR100045*7980***11:A:1**A*Y*Y');
    expect(segments).toContain('SV2*0121**4600*DA*2');
    // The MRN in REF*EA (not the internal patient id), the subscriber's address, and no attending
    // loop standing in the hospital's own NPI.
    expect(segments).toContain('REF*EA*E1000023');
    expect(segments).toContain('N3*12 ELM ST*APT 4');
    expect(segments).toContain('N4*SPRINGFIELD*IL*627011234');
    // 2310A: the attending ADT named, with NPI and taxonomy; never the hospital's NPI.
    expect(segments).toContain('NM1*71*1*APGAR*VIRGINIA****XX*1347629515');
    expect(segments).toContain('PRV*AT*PXC*208000000X');
    expect(segments).toContain('SV2*0450*HC:99285*3200*UN*1');
    expect(segments).toContain('HI*ABF:E1122:::::::Y');
    expect(segments).toContain('HI*DR:194');
  });

  it('bills 20 h of observation on the inpatient claim, admitted from the inpatient order, with no observation day counted (scenario 7)', () => {
    const observationOpened: AccountEvent = { type: 'revenue.account.opened', data: { accountId, patientId: 'MRN77', encounterId: 'ip-1', accountClass: 'observation', at: '2025-01-01T10:00:00-05:00' } };
    const inpatientOrder: AccountCommand = { type: 'Admit', accountId, encounterId: 'ip-1', admission: { at: '2025-01-02T06:00:00-05:00', priority: '9', pointOfOrigin: '9' } };
    const hours = observationActions('ip-1', { encounterId: 'ip-1', date: '2025-01-01', hours: 20 }, [], cdm);
    // Inpatient from 06:00 on the 2nd, discharged the 3rd: one midnight, one day.
    const days = roomAndBoardActions([roomDay('2025-01-02', '0121')], [], cdm, roomCode);
    const events = run(
      [observationOpened, medicare, attendingNamed],
      inpatientOrder,
      { type: 'CaptureCharges', accountId, actions: [...hours, ...days], at: '2025-01-04T00:00:00-05:00' },
      discharge,
      code(),
      bill('2025-01-06T08:00:00-05:00'),
    );
    expect(fold(events).claims[0]).toMatchObject({ typeOfBill: '0111' });
    const { segments } = sent837(events);
    expect(segments).toContain('DTP*435*DT*202501020600');
    expect(segments).toContain('SV2*0762*HC:G0378*2400*UN*20');
    expect(segments).toContain('SV2*0121**2300*DA*1');
    // Asked again with the same hours, nothing moves; a corrected count reverses the line and posts the new one.
    const standing = fold(events).lines.filter((l) => l.reversedBy === null && l.reversesChargeId === null);
    expect(observationActions('ip-1', { encounterId: 'ip-1', date: '2025-01-01', hours: 20 }, standing, cdm)).toEqual([]);
    expect(observationActions('ip-1', { encounterId: 'ip-1', date: '2025-01-01', hours: 19 }, standing, cdm).map((a) => a.kind)).toEqual(['reverse', 'post']);
  });

  it('bills an inpatient changed to observation before discharge as 0131 with condition code 44, days replaced by observation hours (scenario 8)', () => {
    const inpatientOpened: AccountEvent = { type: 'revenue.account.opened', data: { accountId, patientId: 'MRN77', encounterId: 'ip-1', accountClass: 'inpatient', at: '2025-01-01T08:00:00-05:00' } };
    const admitted: AccountCommand = { type: 'Admit', accountId, encounterId: 'ip-1', admission: { at: '2025-01-01T08:00:00-05:00', priority: '9', pointOfOrigin: '9' } };
    const day = roomAndBoardActions([roomDay('2025-01-01', '0121')], [], cdm, roomCode);
    const beforeReview = run([inpatientOpened, medicare, attendingNamed], admitted, { type: 'CaptureCharges', accountId, actions: day, at: '2025-01-02T00:00:00-05:00' });
    const changed = run(beforeReview, { type: 'ChangeToOutpatient', accountId, encounterId: 'ip-1', at: '2025-01-02T09:00:00-05:00' });
    expect(changed.at(-1)).toEqual({ type: 'revenue.account.changed-to-outpatient', data: { accountId, encounterId: 'ip-1', at: '2025-01-02T09:00:00-05:00' } });
    // The stay now implies no inpatient day and 6 h of observation from the observation order.
    const standing = fold(changed).lines;
    const recharged = [...roomAndBoardActions([], standing, cdm, roomCode), ...observationActions('ip-1', { encounterId: 'ip-1', date: '2025-01-02', hours: 6 }, standing, cdm)];
    const events = run(
      changed,
      { type: 'CaptureCharges', accountId, actions: recharged, at: '2025-01-02T15:00:00-05:00' },
      { ...discharge, at: '2025-01-02T15:00:00-05:00' },
      code(),
      bill('2025-01-06T08:00:00-05:00'),
    );
    expect(fold(events)).toMatchObject({ accountClass: 'observation', admission: null });
    expect(fold(events).claims[0]).toMatchObject({ typeOfBill: '0131', conditionCodes: ['44'] });
    const { segments } = sent837(events);
    expect(segments).toContain('CLM*HAR100045*720***13:A:1**A*Y*Y');
    expect(segments).toContain('HI*BG:44');
    expect(segments).toContain('SV2*0762*HC:G0378*720*UN*6');
    expect(segments.some((s) => s.startsWith('SV2*0121'))).toBe(false);
  });

  it('does not change a discharged account to outpatient: it holds the bill for the biller instead', () => {
    const events = run(stay(), { type: 'ChangeToOutpatient', accountId, encounterId: 'ip-1', at: '2025-01-04T10:00:00-05:00' });
    expect(fold(events)).toMatchObject({ accountClass: 'inpatient', holds: ['manual'] });
    spec.given(events).when({ type: 'ChangeToOutpatient', accountId, encounterId: 'ip-1', at: '2025-01-04T11:00:00-05:00' }).then([]);
  });

  it('dates the claim by the facility clock, not UTC: an evening admission and discharge stored as UTC instants', () => {
    // 22:15 EST on 1 January is 03:15 UTC on the 2nd; 19:30 EST on the 3rd is 00:30 UTC on the 4th.
    const utcAdmit: AccountCommand = { type: 'Admit', accountId, encounterId: 'ip-1', admission: { at: '2025-01-02T03:15:00Z', priority: '1', pointOfOrigin: '1' } };
    const utcDischarge: AccountCommand = { type: 'RecordDischarge', accountId, at: '2025-01-04T00:30:00Z', dischargeStatus: '01' };
    const base = run([opened, medicare, attendingNamed], post(edLevel), post(cmp), utcAdmit);
    const days = [roomDay('2025-01-01', '0121'), roomDay('2025-01-02', '0121')];
    const events = run(
      run(base, { type: 'CaptureCharges', accountId, actions: roomAndBoardActions(days, [], cdm, roomCode), at: '2025-01-04T01:00:00Z' }, utcDischarge, code()),
      bill('2025-01-08T08:00:00-05:00'),
    );
    expect(fold(events).claimEdits).toEqual([]);
    const { segments } = sent837(events);
    expect(segments).toContain('DTP*435*DT*202501012215');
    expect(segments).toContain('DTP*096*TM*1930');
    expect(segments).toContain('DTP*434*RD8*20250101-20250103');
  });

  it('refuses a coverage with a blank payer id, naming the field', () => {
    const blank = { type: 'RecordCoverage' as const, ...medicare.data, payerId: '  ' };
    expect(() => run([opened], blank)).toThrow(expect.objectContaining({ code: 'INVALID_COVERAGE', details: { field: 'payerId' } }));
    expect(run([opened], { type: 'RecordCoverage', ...medicare.data }).at(-1)).toMatchObject({ type: 'revenue.account.coverage-recorded', data: { payerId: 'MEDA1' } });
  });

  it('refuses a second open and an admission of an inpatient account', () => {
    spec.given([opened]).when({ type: 'OpenAccount', accountId, patientId: 'MRN77', encounterId: 'x', accountClass: 'emergency', at: '2025-01-01T20:00:00Z' }).thenThrows('ACCOUNT_ALREADY_OPEN');
    spec.given(run([opened], admit)).when(admit).thenThrows('ALREADY_INPATIENT');
    spec.given([]).when(admit).thenThrows('ACCOUNT_NOT_FOUND', /opens with the patient's first encounter/);
  });
});

describe('charge capture on the account', () => {
  it('posts a census day once: capturing the same day again changes nothing', () => {
    const action = roomAndBoardActions([roomDay('2025-01-01', '0121')], [], cdm, roomCode);
    const given = run([opened, medicare, attendingNamed], { type: 'CaptureCharges', accountId, actions: action, at: '2025-01-02T00:00:00-05:00' });
    spec.given(given).when({ type: 'CaptureCharges', accountId, actions: action, at: '2025-01-02T00:05:00-05:00' }).then([]);
  });

  it('reverses the 0200 day of a cancelled transfer with a linked line and posts the 0120 day', () => {
    const given = run([opened, medicare, attendingNamed], admit, { type: 'CaptureCharges', accountId, actions: roomAndBoardActions([roomDay('2025-01-01', '0200')], [], cdm, roomCode), at: '2025-01-02T00:00:00-05:00' });
    const state = fold(given);
    const actions = roomAndBoardActions([roomDay('2025-01-01', '0120')], state.lines, cdm, roomCode);
    const produced = accountDecider.decide({ type: 'CaptureCharges', accountId, actions, at: '2025-01-02T01:10:00-05:00' }, state);
    expect(produced.map((e) => [e.type, 'revenueCode' in e.data ? e.data.revenueCode : '', 'quantity' in e.data ? e.data.quantity : ''])).toEqual([
      ['revenue.charge.reversed', '0200', -1],
      ['revenue.charge.posted', '0120', 1],
    ]);
    expect(produced[0]!.data).toMatchObject({ reversesChargeId: 'HAR100045-L1', chargeCode: 'RB-0200', serviceDate: '2025-01-01' });
    expect(fold([...given, ...produced]).lines.filter((l) => l.reversedBy === null && l.reversesChargeId === null).map((l) => l.quantity)).toEqual([1]);
  });

  it('reverses a dose documented in error (-4 J1100) and charges the corrected 2 mg on the original date', () => {
    const given4mg = doseCharge({ entryId: 'en-1', amount: { value: 4, unit: 'mg' }, at: '2025-01-02T09:00:00-05:00' }, { chargeCode: 'RX-J1100', unitDose: { value: 1, unit: 'mg' } }, cdm, tz);
    expect(given4mg).toMatchObject({ revenueCode: '0636', hcpcs: 'J1100', quantity: 4, amountCents: 4_800 });
    const corrected = doseCharge({ entryId: 'en-2', amount: { value: 2, unit: 'mg' }, at: '2025-01-02T09:00:00-05:00' }, { chargeCode: 'RX-J1100', unitDose: { value: 1, unit: 'mg' } }, cdm, tz);
    const given = run([opened, medicare, attendingNamed], post(given4mg));
    const produced = accountDecider.decide({ type: 'CaptureCharges', accountId, actions: doseCorrectionActions('en-1', 'documented in error', corrected), at: '2025-01-02T11:00:00-05:00' }, fold(given));
    expect(produced.map((e) => e.data)).toMatchObject([
      { reversesChargeId: 'HAR100045-L1', quantity: -4, amountCents: -4_800, serviceDate: '2025-01-02', late: false },
      { quantity: 2, amountCents: 2_400, serviceDate: '2025-01-02', late: false },
    ]);
  });

  it('rounds drug units up to the HCPCS dose and refuses a dose in another unit', () => {
    const billing = { chargeCode: 'RX-J2270', unitDose: { value: 10, unit: 'mg' as const } };
    expect(doseCharge({ entryId: 'e', amount: { value: 12, unit: 'mg' }, at: '2025-01-02T09:00:00Z' }, billing, cdm, tz).quantity).toBe(2);
    expect(() => doseCharge({ entryId: 'e', amount: { value: 1, unit: 'mL' }, at: '2025-01-02T09:00:00Z' }, billing, cdm, tz)).toThrow(/cannot be counted in HCPCS units/);
  });

  it('charges nothing for an order the catalog does not bill', () => {
    expect(orderCharge({ orderId: 'o', details: { kind: 'nursing', instruction: 'turn q2h' } }, '2025-01-01T10:00:00Z', { lab: {}, imaging: {} }, cdm, tz)).toBeNull();
  });
});

describe('billing', () => {
  it('stops a claim whose line is dated after a discharge entered late, instead of sending it outside the statement period', () => {
    // The lab was resulted on 4 Jan; the discharge, entered afterwards, took effect on 3 Jan.
    const lateLab = orderCharge({ orderId: 'o-late', details: { kind: 'lab', loinc: '24323-8', display: 'CMP', specimen: 'blood' } }, '2025-01-04T07:00:00-05:00', { lab: { '24323-8': 'LAB-80053' }, imaging: {} }, cdm, tz);
    const events = run(stay(), post(lateLab, '2025-01-04T07:00:00-05:00'), bill('2025-01-06T08:00:00-05:00'));
    const state = fold(events);
    expect(state.claims).toHaveLength(0);
    expect(state.claimEdits.map((e) => e.code)).toEqual(['LINE_OUTSIDE_STATEMENT_PERIOD']);
    expect(state.claimEdits[0]!.message).toContain('2025-01-04 is outside the statement period 2025-01-01 to 2025-01-03');
  });

  it('holds the claim in suspense for 3 days after discharge and bills on D+3', () => {
    const given = stay();
    spec.given(given).when(bill('2025-01-04T08:00:00-05:00')).thenThrows('BILL_HELD', /suspense/);
    spec.given(given).when(bill('2025-01-05T23:00:00-05:00')).thenThrows('BILL_HELD');
    spec.given(given).when(bill('2025-01-06T08:00:00-05:00')).thenState((s) => expect(s.claims.map((c) => c.typeOfBill)).toEqual(['0111']));
    expect(classify(fold(given), policy, '2025-01-04T08:00:00-05:00')).toMatchObject({ queue: 'prebill', reason: 'suspense' });
  });

  it('takes a cancelled discharge back out of billing, and sends a claim already out to the billing team to void', () => {
    const cancel: AccountCommand = { type: 'CancelDischarge', accountId, reason: 'discharged the wrong patient', at: '2025-01-03T11:20:00-05:00' };
    const cancelled = run(stay(), cancel);
    expect(cancelled.at(-1)).toEqual({ type: 'revenue.account.discharge-cancelled', data: { accountId, reason: 'discharged the wrong patient', at: '2025-01-03T11:20:00-05:00' } });
    spec.given(cancelled).when(bill('2025-01-07T09:00:00-05:00')).thenThrows('NOT_DISCHARGED', /patient not discharged/);
    spec.given(cancelled).when(cancel).then([]);
    expect(classify(fold(cancelled), policy, '2025-01-07T09:00:00-05:00')).toBeNull();
    spec.given(cancelled).when({ ...discharge, at: '2025-01-05T10:00:00-05:00' }).thenState((s) => expect(s).toMatchObject({ discharge: { at: '2025-01-05T10:00:00-05:00' }, dischargeCancelled: null }));

    const billed = run(stay(), bill('2025-01-06T08:00:00-05:00'));
    const afterClaim = run(billed, { ...cancel, at: '2025-01-06T10:00:00-05:00' });
    expect(classify(fold(afterClaim), policy, '2025-01-07T09:00:00-05:00')).toMatchObject({
      queue: 'claim-edit',
      reason: 'claim sent, then the discharge was cancelled: void or replace it',
      agingFrom: '2025-01-06',
    });
  });

  it('sends no claim until the account is coded with its DRG (grouper gate)', () => {
    const uncoded = run([opened, medicare, attendingNamed], post(edLevel), admit, discharge);
    spec.given(uncoded).when(bill('2025-01-08T08:00:00-05:00')).thenThrows('BILL_HELD', /coding-incomplete/);
    expect(classify(fold(uncoded), policy, '2025-01-08T08:00:00-05:00')).toMatchObject({ queue: 'coding', owner: 'him-coding' });
    spec.given(run([opened], post(edLevel))).when(bill('2025-01-08T08:00:00-05:00')).thenThrows('NOT_DISCHARGED');
  });

  it('stops a claim with a diagnosis missing its POA, and re-runs the edits when coding is fixed', () => {
    const given = run([opened, medicare, attendingNamed], post(edLevel), admit, { type: 'CaptureCharges', accountId, actions: roomAndBoardActions([roomDay('2025-01-01', '0121'), roomDay('2025-01-02', '0121')], [], cdm, roomCode), at: '2025-01-03T00:00:00-05:00' }, discharge, code(null));
    const failed = run(given, bill('2025-01-06T08:00:00-05:00'));
    expect(failed.at(-1)).toMatchObject({ type: 'revenue.claim.edits-failed', data: { edits: [{ code: 'POA_REQUIRED', message: expect.stringMatching(/E1122/) }] } });
    expect(fold(failed).claims).toEqual([]);
    expect(classify(fold(failed), policy, '2025-01-06T09:00:00-05:00')).toMatchObject({ queue: 'claim-edit', reason: 'POA_REQUIRED' });
    const fixed = run(failed, code('Y'));
    expect(fixed.at(-1)).toMatchObject({ type: 'revenue.claim.created', data: { typeOfBill: '0111' } });
    sent837(fixed);
  });

  it('sends a replacement 0117 with every charge, REF*F8 and D1 when a late charge follows a paid claim', () => {
    const paid = run(stay(), bill('2025-01-06T08:00:00-05:00'), {
      type: 'PostRemittance', accountId, remitDate: '2025-01-20',
      payment: { patientControlNumber: accountId, status: '1', chargeCents: 798_000, paidCents: 600_000, patientResponsibilityCents: 0, payerClaimNumber: '22501234567', adjustments: [{ group: 'CO', carc: '45', amountCents: 198_000 }], remarkCodes: [] },
    });
    const xray = orderCharge({ orderId: 'o-cxr', details: { kind: 'imaging', modality: 'XR', study: 'chest 2 views', bodySite: 'chest', reason: 'sob', contrast: false } }, '2025-01-02T10:00:00-05:00', { lab: {}, imaging: { 'XR:chest 2 views': 'RAD-71046' } }, cdm, tz);
    const late = run(paid, post(xray, '2025-01-30T10:00:00-05:00'));
    expect(late.at(-1)).toMatchObject({ type: 'revenue.account.bill-hold-placed', data: { reason: 'late-charges' } });
    spec.given(late).when(bill('2025-01-31T08:00:00-05:00')).thenThrows('BILL_HELD', /late-charges/);
    const replaced = run(late, { type: 'ReleaseHold', accountId, reason: 'late-charges', at: '2025-01-31T08:00:00-05:00' }, bill('2025-01-31T08:00:00-05:00'));
    expect(replaced.at(-1)).toMatchObject({ type: 'revenue.claim.created', data: { typeOfBill: '0117', frequency: '7', originalPayerClaimNumber: '22501234567', conditionCodes: ['D1'], totalCents: 840_000 } });
    const { segments } = sent837(replaced);
    expect(segments).toContain('REF*F8*22501234567');
    expect(segments).toContain('HI*BG:D1');
    expect(segments.some((s) => s.startsWith('CLM*HAR100045*8400***11:A:7'))).toBe(true);
  });

  it('refuses another claim while one is with the payer, and a release of a hold never placed', () => {
    const sent = run(stay(), bill('2025-01-06T08:00:00-05:00'));
    spec.given(sent).when(bill('2025-01-07T08:00:00-05:00')).thenThrows('CLAIM_NOT_ADJUDICATED', /wait for its 835/);
    spec.given(sent).when({ type: 'ReleaseHold', accountId, reason: 'manual', at: '2025-01-07T08:00:00-05:00' }).thenThrows('HOLD_NOT_PLACED');
    spec.given(sent).when({ type: 'VoidClaim', accountId, at: '2025-01-07T08:00:00-05:00' }).thenThrows('CLAIM_NOT_ADJUDICATED');
  });

  it('sends a corrected claim rejected by a 277CA as a new original, without REF*F8', () => {
    const sent = run(stay(), bill('2025-01-06T08:00:00-05:00'));
    const again = run(sent, { type: 'RecordClaimRejection', accountId, claimId: 'HAR100045-C1', category: 'A7', statusCode: '21', at: '2025-01-07T08:00:00-05:00' }, bill('2025-01-08T08:00:00-05:00'));
    expect(classify(fold(run(sent, { type: 'RecordClaimRejection', accountId, claimId: 'HAR100045-C1', category: 'A7', statusCode: '21', at: '2025-01-07T08:00:00-05:00' })), policy, '2025-01-07T09:00:00-05:00')).toMatchObject({ queue: 'rejection' });
    expect(again.at(-1)).toMatchObject({ type: 'revenue.claim.created', data: { version: 2, frequency: '1', typeOfBill: '0111', originalPayerClaimNumber: null } });
    expect(sent837(again).segments.some((s) => s.startsWith('REF*F8'))).toBe(false);
  });
});

const clp12 = `ISA*00*          *00*          *ZZ*MEDICARE       *ZZ*GENHOSP        *250120*1200*^*00501*000000031*0*P*:~GS*HP*MEDICARE*GENHOSP*20250120*1200*31*X*005010X221A1~ST*835*0001~BPR*I*9100*C*ACH~CLP*HAR100045*1*15250*9100*1700*12*PCN9*11*1~CAS*CO*45*4450~CAS*PR*1*1500**2*200~SE*5*0001~GE*1*31~IEA*1*000000031~`;
const clp13 = `ISA*00*          *00*          *ZZ*MEDICARE       *ZZ*GENHOSP        *250120*1200*^*00501*000000032*0*P*:~GS*HP*MEDICARE*GENHOSP*20250120*1200*32*X*005010X221A1~ST*835*0001~BPR*H*0*C*NON~CLP*HAR100045*4*15250*0*0*12*ICN77*11*1~CAS*CO*16*15250~LQ*HE*MA130~SE*6*0001~GE*1*32~IEA*1*000000032~`;
const chargedAccount = (): AccountEvent[] => {
  const line = { ...edLevel, quantity: 1, unitPriceCents: 1_525_000, amountCents: 1_525_000 };
  return run([opened, medicare, attendingNamed], post(line), { type: 'RecordDischarge', accountId, at: '2025-01-01T23:00:00-05:00', dischargeStatus: '01' }, { ...code(), principalDiagnosis: { code: 'R079', poa: null }, otherDiagnoses: [] }, bill('2025-01-06T08:00:00-05:00'));
};

describe('835 posting', () => {
  it('posts 9,100 paid, writes off CO-45 4,450 and moves PR-1 + PR-2 = 1,700 to self-pay; balance 1,700', () => {
    const payment = read835(clp12).payments[0]!;
    const events = run(chargedAccount(), { type: 'PostRemittance', accountId, payment, remitDate: '2025-01-20' });
    const state = fold(events);
    expect(state.paidCents).toBe(910_000);
    expect(state.writtenOffCents).toBe(445_000);
    expect(state.transferred).toEqual({ 'self-pay': 170_000 });
    expect(balanceOf(state)).toBe(170_000);
    expect(classify(state, policy, '2025-01-21T08:00:00-05:00')).toMatchObject({ queue: 'self-pay', amountCents: 170_000 });
  });

  it('records a CO-16 denial with its RARC, takes no write-off, and queues it for the payer team aging from the remit date', () => {
    const payment = read835(clp13).payments[0]!;
    const events = run(chargedAccount(), { type: 'PostRemittance', accountId, payment, remitDate: '2025-01-20' });
    const state = fold(events);
    expect(events.at(-1)).toEqual({ type: 'revenue.denial.recorded', data: { accountId, payerClaimNumber: 'ICN77', carc: '16', rarcs: ['MA130'], amountCents: 1_525_000, category: 'Missing/invalid info', remitDate: '2025-01-20' } });
    expect(state.writtenOffCents).toBe(0);
    expect(balanceOf(state)).toBe(1_525_000);
    expect(classify(state, policy, '2025-03-01T08:00:00-05:00')).toMatchObject({ queue: 'denial', reason: 'Missing/invalid info', owner: 'payer-team', agingBucket: '31-60' });
  });

  it('resubmits the fixed denial as 11:A:7 with REF*F8 = CLP07, and posts the CLP02=22 reversal and the new payment without double-counting', () => {
    const denied = run(chargedAccount(), { type: 'PostRemittance', accountId, payment: read835(clp13).payments[0]!, remitDate: '2025-01-20' });
    const resent = run(denied, bill('2025-01-22T08:00:00-05:00'));
    expect(resent.at(-1)).toMatchObject({ type: 'revenue.claim.created', data: { frequency: '7', originalPayerClaimNumber: 'ICN77', conditionCodes: ['D9'] } });
    expect(sent837(resent).segments).toContain('REF*F8*ICN77');
    const first = read835(clp12).payments[0]!;
    const reversal = { ...first, status: '22', chargeCents: -first.chargeCents, paidCents: -first.paidCents, patientResponsibilityCents: -first.patientResponsibilityCents, adjustments: first.adjustments.map((a) => ({ ...a, amountCents: -a.amountCents })) };
    const state = fold(run(resent, { type: 'PostRemittance', accountId, payment: first, remitDate: '2025-02-10' }, { type: 'PostRemittance', accountId, payment: reversal, remitDate: '2025-02-20' }, { type: 'PostRemittance', accountId, payment: first, remitDate: '2025-02-20' }));
    expect(state.paidCents).toBe(910_000);
    expect(state.writtenOffCents).toBe(445_000);
    expect(balanceOf(state)).toBe(170_000);
  });

  it('voids a paid claim as frequency 8 with REF*F8', () => {
    const paid = run(chargedAccount(), { type: 'PostRemittance', accountId, payment: read835(clp12).payments[0]!, remitDate: '2025-01-20' });
    const voided = run(paid, { type: 'VoidClaim', accountId, at: '2025-01-25T08:00:00-05:00' });
    expect(voided.at(-1)).toMatchObject({ type: 'revenue.claim.created', data: { frequency: '8', typeOfBill: '0138', originalPayerClaimNumber: 'PCN9' } });
    expect(sent837(voided).segments).toContain('REF*F8*PCN9');
    spec.given([opened]).when({ type: 'VoidClaim', accountId, at: '2025-01-25T08:00:00-05:00' }).thenThrows('NO_CLAIM_TO_VOID');
  });

  it('refuses a payment that does not balance, or that names another account', () => {
    const payment = read835(clp12).payments[0]!;
    spec.given(chargedAccount()).when({ type: 'PostRemittance', accountId, payment: { ...payment, paidCents: 900_000 }, remitDate: '2025-01-20' }).thenThrows('REMITTANCE_OUT_OF_BALANCE');
    spec.given(chargedAccount()).when({ type: 'PostRemittance', accountId, payment: { ...payment, patientControlNumber: 'HAR9' }, remitDate: '2025-01-20' }).thenThrows('REMITTANCE_FOR_ANOTHER_ACCOUNT');
  });
});
