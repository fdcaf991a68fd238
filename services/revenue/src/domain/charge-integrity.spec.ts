import { accountDecider, type AccountCommand, type AccountEvent, type AccountState, balanceOf, billHolds, type BillingPolicy, standingCharges } from './account.decider.js';
import { decideWork } from './account-work.js';
import { censusDays, emptyStay, type EncounterEvent, evolveStay, type Facility, type Stay } from './census.js';
import { doseAmendmentActions, doseChargeAction, roomAndBoardActions } from './charge-capture.js';
import { paymentWindowMoves } from './payment-window.js';
import { demoChargemaster as cdm } from './chargemaster.seed.js';
import { buildClaim } from './claim.js';
import { classify } from './work-queue.js';
import { render837I } from './x12-837i.js';
import { expectCleanX12 } from '../../test/support/x12-check.js';

const tz = 'America/New_York';
const accountId = 'HAR200001';
const policy: BillingPolicy = { suspenseDays: 0, timeZone: tz };
const facility: Facility = { timeZone: tz, accommodationByUnit: { '4W': '0121' }, leaveOfAbsence: '0180' };
const roomCode = (revenueCode: string) => `RB-${revenueCode}`;
const fold = (events: AccountEvent[]): AccountState => events.reduce(accountDecider.evolve, accountDecider.initialState);
const run = (given: AccountEvent[], ...commands: AccountCommand[]): AccountEvent[] => {
  const all = [...given];
  for (const c of commands) all.push(...accountDecider.decide(c, fold(all)));
  return all;
};
const stayOf = (events: EncounterEvent[]): Stay => events.reduce(evolveStay, emptyStay('ip-1'));
const admitted = (at: string, cls: 'inpatient' | 'observation' = 'inpatient'): EncounterEvent => ({
  type: 'adt.encounter.admitted',
  data: { encounterId: 'ip-1', patientId: 'p1', class: cls, bedId: '4W-1', unitId: '4W', at },
});
const discharged = (at: string): EncounterEvent => ({ type: 'adt.encounter.discharged', data: { encounterId: 'ip-1', bedId: '4W-1', unitId: '4W', disposition: '01', at } });

const opened: AccountEvent = { type: 'revenue.account.opened', data: { accountId, patientId: 'p1', encounterId: 'ip-1', accountClass: 'inpatient', at: '2025-03-01T12:00:00-05:00' } };
const blue: AccountCommand = {
  type: 'RecordCoverage', accountId, rank: 'primary', payerId: 'BCBS1', payerName: 'Blue Plan', filingIndicator: 'BL', memberId: 'XYZ123', wantsDrg: false,
  planName: 'Blue PPO', groupNumber: 'GRP4410', relationship: '18', subscriber: null, effectiveFrom: null, effectiveThrough: null,
};
const admit = (at: string): AccountCommand => ({ type: 'Admit', accountId, encounterId: 'ip-1', admission: { at, priority: '3', pointOfOrigin: '1' } });
const attending: AccountCommand = {
  type: 'RecordAttending',
  accountId,
  encounterId: 'ip-1',
  attending: { npi: '1628495032', familyName: 'Blackwell', givenName: 'Elizabeth', taxonomy: '208M00000X' },
  at: '2025-03-01T12:00:00-05:00',
  timeZone: tz,
};
const coded: AccountCommand = {
  type: 'Code',
  timeZone: tz,
  accountId,
  principalDiagnosis: { code: 'J189', poa: 'Y' },
  admittingDiagnosis: 'R0602',
  otherDiagnoses: [],
  procedures: [],
  drg: null,
  by: 'coder-1',
  at: '2025-03-06T09:00:00-05:00',
};
/** The room days a stay implies as of `asOf`, reconciled against the account. */
const census = (stay: Stay, asOf: string) => (state: AccountState): AccountCommand | null => {
  const standing = standingCharges(state).filter((c) => c.source.kind === 'census-day');
  const actions = roomAndBoardActions(censusDays(stay, facility, asOf), standing, cdm, roomCode, state.heldCharges);
  return actions.length > 0 ? { type: 'CaptureCharges', accountId, actions, at: asOf } : null;
};
const bill = (at: string): AccountCommand => ({ type: 'Bill', accountId, policy, at });
const patient = { mrn: 'E2000017', address: null, lastName: 'ROE', firstName: 'ANN', birthDate: '1961-07-04', sex: 'F' as const };
const envelope = {
  senderId: 'GENHOSP', receiverId: 'BCBS1', interchangeControlNumber: 41, groupControlNumber: 41, createdAt: '202503071200', usage: 'T' as const,
  submitter: { name: 'GENERAL HOSPITAL', id: 'GENHOSP', contactName: 'BILLING', phone: '5555550100' },
  receiver: { name: 'BLUE PLAN', id: 'BCBS1' },
  billingProvider: { name: 'GENERAL HOSPITAL', npi: '1234567893', taxId: '123456789', street: '1 MAIN ST', city: 'SPRINGFIELD', state: 'IL', zip9: '627010001' },
};
/** The 837I of the latest claim, judged by the independent parser. */
const sent837 = (events: AccountEvent[]): string[] => {
  const state = fold(events);
  const text = render837I(buildClaim(state, state.claims.at(-1)!, tz), patient, state.coverages.primary!, envelope);
  expectCleanX12('837I', text);
  return text.split('~');
};

describe('the attending physician on the claim (2310A)', () => {
  const stay = stayOf([admitted('2025-03-01T12:00:00-05:00'), discharged('2025-03-03T11:00:00-04:00')]);
  const given = (): AccountEvent[] => {
    const base = run([opened], blue, admit('2025-03-01T12:00:00-05:00'));
    return [...base, ...decideWork({ accountId, steps: [census(stay, '2025-03-04T00:00:00-05:00')] }, fold(base))];
  };

  it('stops an inpatient claim with no attending with an edit a biller reads, instead of sending a claim without 2310A', () => {
    const events = run(given(), { type: 'RecordDischarge', accountId, at: '2025-03-03T11:00:00-05:00', dischargeStatus: '01' }, coded, bill('2025-03-06T10:00:00-05:00'));
    const stopped = events.at(-1)!;
    expect(stopped).toMatchObject({ type: 'revenue.claim.edits-failed', data: { edits: [{ code: 'ATTENDING_REQUIRED', message: expect.stringContaining('names no attending physician') }] } });
    expect(classify(fold(events), policy, '2025-03-06T10:00:00-05:00')).toMatchObject({ queue: 'claim-edit', reason: 'ATTENDING_REQUIRED' });
  });

  it('sends the stopped claim as soon as ADT names the attending, with NM1*71 and the taxonomy', () => {
    const stopped = run(given(), { type: 'RecordDischarge', accountId, at: '2025-03-03T11:00:00-05:00', dischargeStatus: '01' }, coded, bill('2025-03-06T10:00:00-05:00'));
    const events = run(stopped, attending);
    expect(events.at(-1)).toMatchObject({ type: 'revenue.claim.created', data: { typeOfBill: '0111' } });
    const segments = sent837(events);
    expect(segments).toContain('NM1*71*1*BLACKWELL*ELIZABETH****XX*1628495032');
    expect(segments).toContain('PRV*AT*PXC*208M00000X');
    // The same attending heard again (a redelivery) records nothing.
    expect(accountDecider.decide(attending, fold(events))).toEqual([]);
  });
});

describe('room and board follow the midnight census', () => {
  it('bills a night away on leave of absence as a 0180 day at no charge, not a room day, and the claim still adds up', () => {
    const leave: EncounterEvent[] = [
      { type: 'adt.encounter.leave-started', data: { encounterId: 'ip-1', at: '2025-03-02T15:00:00-05:00', expectedReturnAt: null } },
      { type: 'adt.encounter.leave-ended', data: { encounterId: 'ip-1', at: '2025-03-03T10:00:00-05:00' } },
    ];
    const stay = stayOf([admitted('2025-03-01T12:00:00-05:00'), ...leave, discharged('2025-03-04T11:00:00-05:00')]);
    expect(censusDays(stay, facility, '2025-03-05T00:00:00-05:00').map((d) => [d.date, d.revenueCode])).toEqual([
      ['2025-03-01', '0121'],
      ['2025-03-02', '0180'],
      ['2025-03-03', '0121'],
    ]);
    const base = run([opened], blue, admit('2025-03-01T12:00:00-05:00'), attending);
    const charged = [...base, ...decideWork({ accountId, steps: [census(stay, '2025-03-05T00:00:00-05:00')] }, fold(base))];
    const events = run(charged, { type: 'RecordDischarge', accountId, at: '2025-03-04T11:00:00-05:00', dischargeStatus: '01' }, coded, bill('2025-03-06T10:00:00-05:00'));
    expect(events.at(-1)).toMatchObject({ type: 'revenue.claim.created', data: { totalCents: 460_000 } });
    const segments = sent837(events);
    expect(segments).toContain('SV2*0121**4600*DA*2');
    expect(segments).toContain('SV2*0180**0*DA*1');
    // Covered days (value code 80) leave the leave-of-absence night out.
    expect(segments).toContain('HI*BE:80:::2');
  });

  it('moves a day charged before the leave was entered: the 0121 day is reversed and the 0180 day posted', () => {
    const before = stayOf([admitted('2025-03-01T12:00:00-05:00')]);
    const base = run([opened], blue, admit('2025-03-01T12:00:00-05:00'));
    const charged = [...base, ...decideWork({ accountId, steps: [census(before, '2025-03-03T01:00:00-05:00')] }, fold(base))];
    const late = evolveStay(evolveStay(before, { type: 'adt.encounter.leave-started', data: { encounterId: 'ip-1', at: '2025-03-02T15:00:00-05:00', expectedReturnAt: null } }), {
      type: 'adt.encounter.leave-ended',
      data: { encounterId: 'ip-1', at: '2025-03-03T10:00:00-05:00' },
    });
    const events = [...charged, ...decideWork({ accountId, steps: [census(late, '2025-03-03T11:00:00-05:00')] }, fold(charged))];
    expect(standingCharges(fold(events)).map((c) => [c.serviceDate, c.revenueCode, c.amountCents])).toEqual([
      ['2025-03-01', '0121', 230_000],
      ['2025-03-02', '0180', 0],
    ]);
  });

  it('counts no observation midnight as an inpatient day: only midnights after the inpatient order', () => {
    const stay = stayOf([
      admitted('2025-03-01T12:00:00-05:00', 'observation'),
      { type: 'adt.encounter.class-changed', data: { encounterId: 'ip-1', from: 'observation', to: 'inpatient', at: '2025-03-02T09:00:00-05:00', reason: 'needs IV antibiotics' } },
      discharged('2025-03-04T11:00:00-05:00'),
    ] as EncounterEvent[]);
    expect(censusDays(stay, facility, '2025-03-05T00:00:00-05:00').map((d) => d.date)).toEqual(['2025-03-02', '2025-03-03']);
  });
});

describe('doses corrected on the MAR', () => {
  const morphine = { chargeCode: 'RX-J2270', unitDose: { value: 10, unit: 'mg' as const } };
  const given = (): AccountEvent[] => {
    const dose = doseChargeAction({ entryId: 'x1', amount: { value: 8, unit: 'mg' }, at: '2025-03-01T23:50:00-05:00' }, morphine, 'RX-0250', cdm, tz);
    return run([opened], { type: 'CaptureCharges', accountId, actions: [dose], at: '2025-03-01T23:55:00-05:00' });
  };
  const amend = (events: AccountEvent[], amendment: Parameters<typeof doseAmendmentActions>[1]): AccountEvent[] => {
    const state = fold(events);
    const standing = standingCharges(state).find((c) => c.source.id === 'x1');
    const actions = doseAmendmentActions(standing, amendment, morphine, cdm, tz);
    return actions.length === 0 ? events : run(events, { type: 'CaptureCharges', accountId, actions, at: '2025-03-02T08:00:00-05:00' });
  };

  it('moves the charge to the corrected service date when the time given is corrected across midnight', () => {
    const events = amend(given(), { amount: null, givenAt: '2025-03-02T00:10:00-05:00', reason: 'charted at the wrong time' });
    const state = fold(events);
    expect(standingCharges(state).map((c) => [c.chargeCode, c.serviceDate, c.quantity])).toEqual([['RX-J2270', '2025-03-02', 1]]);
    expect(state.lines.filter((l) => l.amountCents < 0).map((l) => [l.serviceDate, l.quantity])).toEqual([['2025-03-01', -1]]);
  });

  it('recounts the units of a corrected amount, and moves nothing when the amendment changes neither time nor amount', () => {
    const more = amend(given(), { amount: { value: 15, unit: 'mg' }, givenAt: null, reason: 'two cartridges' });
    expect(standingCharges(fold(more)).map((c) => [c.serviceDate, c.quantity])).toEqual([['2025-03-01', 2]]);
    const site = given();
    expect(amend(site, { amount: null, givenAt: null, reason: 'site was the left deltoid' })).toBe(site);
  });
});

describe('a cancelled admission', () => {
  const dose = doseChargeAction({ entryId: 'x9', amount: { value: 4, unit: 'mg' }, at: '2025-03-01T14:00:00-05:00' }, { chargeCode: 'RX-J2270', unitDose: { value: 10, unit: 'mg' } }, 'RX-0250', cdm, tz);
  const stay = stayOf([admitted('2025-03-01T12:00:00-05:00')]);
  const given = (): AccountEvent[] => {
    const base = run([opened], blue, admit('2025-03-01T12:00:00-05:00'), { type: 'CaptureCharges', accountId, actions: [dose], at: '2025-03-01T14:05:00-05:00' });
    return [...base, ...decideWork({ accountId, steps: [census(stay, '2025-03-02T01:00:00-05:00')] }, fold(base))];
  };
  const cancel: AccountCommand = { type: 'CancelAdmission', accountId, encounterId: 'ip-1', reason: 'wrong patient', at: '2025-03-02T02:00:00-05:00' };

  it('reverses every charge it caused, holds the dose for a biller to place, and bills nothing', () => {
    const events = run(given(), cancel);
    const state = fold(events);
    expect(standingCharges(state)).toEqual([]);
    expect(balanceOf(state)).toBe(0);
    expect(state.heldCharges).toEqual([expect.objectContaining({ chargeCode: 'RX-J2270', problem: 'ADMISSION_CANCELLED', source: { kind: 'dose', id: 'x9' } })]);
    expect(classify(state, policy, '2025-03-02T03:00:00-05:00')).toMatchObject({ queue: 'charge-review', reason: '1 held charge: ADMISSION_CANCELLED' });
    expect(() => accountDecider.decide(bill('2025-03-05T10:00:00-05:00'), state)).toThrow(/bills nothing: its admission was cancelled/);
    // Heard again, nothing more happens.
    expect(accountDecider.decide(cancel, state)).toEqual([]);
  });

  it('holds a dose charted after the cancellation instead of posting it, and leaves no queue once the biller has placed it', () => {
    const late = doseChargeAction({ entryId: 'x10', amount: { value: 2, unit: 'mg' }, at: '2025-03-02T03:00:00-05:00' }, undefined, 'RX-0250', cdm, tz);
    const events = run(given(), cancel, { type: 'CaptureCharges', accountId, actions: [late], at: '2025-03-02T03:05:00-05:00' });
    const state = fold(events);
    expect(state.heldCharges.map((h) => h.source.id)).toEqual(['x9', 'x10']);
    const placed = run(events, ...state.heldCharges.map((h): AccountCommand => ({ type: 'DiscardHeldCharge', accountId, holdId: h.holdId, note: 'posted by hand to the right patient', by: 'biller-1', at: '2025-03-03T09:00:00-05:00' })));
    expect(classify(fold(placed), policy, '2025-03-03T10:00:00-05:00')).toBeNull();
  });

  it('returns an ED visit that was admitted to its ED class, keeping the ED charges', () => {
    const ed: AccountEvent = { type: 'revenue.account.opened', data: { accountId, patientId: 'p1', encounterId: 'ed-1', accountClass: 'emergency', at: '2025-03-01T09:00:00-05:00' } };
    const level = { kind: 'post' as const, line: { chargeCode: 'ED-99284', description: 'ED FACILITY LEVEL 4', revenueCode: '0450', hcpcs: '99284', modifiers: [], serviceDate: '2025-03-01', quantity: 1, unitPriceCents: 190_000, amountCents: 190_000, source: { kind: 'ed-visit' as const, id: 'ed-1' } } };
    const base = run([ed], { type: 'CaptureCharges', accountId, actions: [level], at: '2025-03-01T11:00:00-05:00' }, admit('2025-03-01T12:00:00-05:00'));
    const charged = [...base, ...decideWork({ accountId, steps: [census(stay, '2025-03-02T01:00:00-05:00')] }, fold(base))];
    const state = fold(run(charged, cancel));
    expect(state).toMatchObject({ accountClass: 'emergency', admission: null, cancelled: null, encounterIds: ['ed-1'] });
    expect(standingCharges(state).map((c) => c.chargeCode)).toEqual(['ED-99284']);
  });
});

describe('charges the chargemaster cannot price', () => {
  // The chargemaster's rows start on 2020-01-01: a stay in 2019 (a late-entered old admission) cannot be priced.
  const old = stayOf([
    { type: 'adt.encounter.admitted', data: { encounterId: 'ip-1', patientId: 'p1', class: 'inpatient', bedId: '4W-1', unitId: '4W', at: '2019-12-30T12:00:00-05:00' } },
  ]);
  const open = (): AccountEvent[] => [
    ...decideWork(
      {
        accountId,
        steps: [
          { type: 'OpenAccount', accountId, patientId: 'p1', encounterId: 'ip-1', accountClass: 'inpatient', at: '2019-12-30T12:00:00-05:00' },
          admit('2019-12-30T12:00:00-05:00'),
          census(old, '2020-01-02T01:00:00-05:00'),
        ],
      },
      accountDecider.initialState,
    ),
  ];

  it('opens the account and holds the days on the charge-review queue, priced from the first day the chargemaster has', () => {
    const state = fold(open());
    expect(state.openedAt).not.toBeNull();
    expect(state.heldCharges.map((h) => [h.serviceDate, h.chargeCode, h.problem])).toEqual([
      ['2019-12-30', 'RB-0121', 'CHARGE_CODE_NOT_FOUND'],
      ['2019-12-31', 'RB-0121', 'CHARGE_CODE_NOT_FOUND'],
    ]);
    expect(standingCharges(state).map((c) => c.serviceDate)).toEqual(['2020-01-01']);
    expect(classify(state, policy, '2020-01-02T12:00:00-05:00')).toMatchObject({ queue: 'charge-review', agingFrom: '2019-12-30', reason: '2 held charges: CHARGE_CODE_NOT_FOUND' });
    expect(billHolds(state, policy, '2020-01-02T12:00:00-05:00')).toContain('charge-review');
  });

  it('holds a day once however often the census runs, and withdraws the hold of a day a corrected discharge removed', () => {
    const events = open();
    expect(decideWork({ accountId, steps: [census(old, '2020-01-02T02:00:00-05:00')] }, fold(events))).toEqual([]);
    const shorter = evolveStay(old, { type: 'adt.encounter.discharged', data: { encounterId: 'ip-1', bedId: '4W-1', unitId: '4W', disposition: '01', at: '2019-12-31T10:00:00-05:00' } });
    const corrected = decideWork({ accountId, steps: [census(shorter, '2020-01-02T03:00:00-05:00')] }, fold(events));
    const state = fold([...events, ...corrected]);
    expect(state.heldCharges.map((h) => h.serviceDate)).toEqual(['2019-12-30']);
    expect(standingCharges(state)).toEqual([]);
    expect(corrected.filter((e) => e.type === 'revenue.charge.hold-released').map((e) => e.data)).toEqual([expect.objectContaining({ outcome: 'withdrawn' })]);
  });
});

describe('the 3-day payment window', () => {
  const line = (chargeId: string, revenueCode: string, serviceDate: string, amountCents: number) => ({
    accountId: 'HAR300001',
    chargeId,
    chargeCode: `X-${revenueCode}`,
    description: 'OUTPATIENT SERVICE',
    revenueCode,
    hcpcs: null,
    modifiers: [],
    serviceDate,
    quantity: 1,
    unitPriceCents: amountCents,
    amountCents,
    source: { kind: 'order' as const, id: `o-${chargeId}` },
    postedAt: `${serviceDate}T12:00:00-05:00`,
    late: false,
    reversedBy: null,
    reversesChargeId: null,
  });

  it('moves outpatient services of the admission date and the 3 calendar days before onto the inpatient claim, not ambulance or older ones', () => {
    const outpatient = [
      {
        accountId: 'HAR300001',
        charges: [line('L1', '0324', '2025-03-02', 42_000), line('L2', '0301', '2025-03-05', 18_000), line('L3', '0540', '2025-03-04', 90_000), line('L4', '0450', '2025-03-01', 110_000)],
      },
    ];
    // Admitted 23:30 on 5 March: the window is 2–5 March by the calendar, whatever the hour.
    const moves = paymentWindowMoves(accountId, '2025-03-05T23:30:00-05:00', 3, tz, outpatient);
    expect(moves.map((m) => [m.chargeId, m.post.kind === 'post' ? m.post.line.serviceDate : null])).toEqual([
      ['L1', '2025-03-02'],
      ['L2', '2025-03-05'],
    ]);
    expect(moves[0]!.reverse).toMatchObject({ kind: 'reverse', source: { kind: 'order', id: 'o-L1' }, reason: expect.stringContaining(`moved to inpatient account ${accountId}`) });
  });

  it('leaves an outpatient account whose charges all moved in no queue: nothing is left to bill', () => {
    const ed: AccountEvent = { type: 'revenue.account.opened', data: { accountId, patientId: 'p1', encounterId: 'ed-1', accountClass: 'emergency', at: '2025-03-02T09:00:00-05:00' } };
    const xray = { kind: 'post' as const, line: { ...line('L1', '0324', '2025-03-02', 42_000), source: { kind: 'order' as const, id: 'o-1' } } };
    const visit = run([ed], { type: 'CaptureCharges', accountId, actions: [xray], at: '2025-03-02T10:00:00-05:00' }, { type: 'RecordDischarge', accountId, at: '2025-03-02T12:00:00-05:00', dischargeStatus: '01' });
    expect(classify(fold(visit), policy, '2025-03-03T09:00:00-05:00')).toMatchObject({ queue: 'coding' });
    const moved = run(visit, { type: 'CaptureCharges', accountId, actions: [{ kind: 'reverse', source: { kind: 'order', id: 'o-1' }, reason: 'moved to the inpatient claim' }], at: '2025-03-06T09:00:00-05:00' });
    expect(classify(fold(moved), policy, '2025-03-06T10:00:00-05:00')).toBeNull();
  });
});
