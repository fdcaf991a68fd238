import { build835 } from '../../test/support/x12-835.js';
import { expectCleanX12 } from '../../test/support/x12-check.js';
import { checkFileBalance, parse835, read835 } from './remittance-835.js';
import { RemittanceOutOfBalanceError } from './revenue-errors.js';
import { agingBucket } from './work-queue.js';

const isa = (icn: string) => `ISA*00*          *00*          *ZZ*MEDICARE       *ZZ*GENHOSP        *251231*1200*^*00501*${icn}*0*P*:~`;

describe('835 reading and file balance', () => {
  it('keeps PLB interest and recoupment at provider level: BPR02 = Σ CLP04 + 12.50 − 300', () => {
    const text = `${isa('000000040')}GS*HP*M*G*20251231*1200*40*X*005010X221A1~ST*835*0001~BPR*I*9812.5*C*ACH~CLP*HAR1*1*15250*10100*0*12*ICN1*11*1~CAS*CO*45*5150~PLB*1234567893*20251231*L6*-12.50*WO:22501234567*300~SE*6*0001~GE*1*40~IEA*1*000000040~`;
    const remittance = read835(text);
    expect(remittance.providerAdjustments).toEqual([
      { reason: 'L6', reference: null, amountCents: -1_250 },
      { reason: 'WO', reference: '22501234567', amountCents: 30_000 },
    ]);
    expect(() => checkFileBalance(remittance)).not.toThrow();
    expect(() => checkFileBalance({ ...remittance, totalPaidCents: 1_010_000 })).toThrow(RemittanceOutOfBalanceError);
  });

  it('sums line and claim CAS by group and CARC, and refuses the retired CR group', () => {
    const text = `${isa('000000041')}ST*835*0001~BPR*I*0*C*NON~CLP*HAR1*1*100*0*100*12*ICN1~CAS*PR*1*60~SVC*HC:99285*100*0~CAS*PR*1*40~`;
    expect(read835(text).payments[0]!.adjustments).toEqual([{ group: 'PR', carc: '1', amountCents: 10_000 }]);
    expect(() => read835(`${isa('000000042')}CLP*HAR1*1*100*0*0*12*ICN1~CAS*CR*1*100~`)).toThrow(/not CO, PR, OA or PI/);
  });
});

const ach = (amount: string) => `BPR*I*${amount}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20250320`;
const paid = 'CLP*HAR1*1*15250*9100*1700*12*PCN9*11*1~CAS*CO*45*4450~CAS*PR*1*1500**2*200~NM1*QC*1*DOE*JANE****MI*1EG4TE5MK73~MIA*0****MA01~';
const denied = 'CLP*HAR2*4*4900*0*0*12*ICN77*11*1~CAS*CO*16*4900~NM1*QC*1*ROE*ANN****MI*2EG4TE5MK73~MOA***MA130*N130~';
const refusal = (text: string) => {
  try {
    parse835(text);
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as Error).message };
  }
  throw new Error('the 835 was accepted');
};

describe('835 checks before anything is posted', () => {
  it('reads a whole file the independent parser accepts: trace number, payer, claim-level remark codes (MIA/MOA) and PLB', () => {
    const text = build835({ control: 50, trace: 'EFT5001', payerId: 'MEDA1', bpr: ach('9087.5'), claims: [paid, denied], plb: ['PLB*1234567893*20251231*L6*-12.5*WO:PCN8*25'] });
    expectCleanX12('835', text);
    const remittance = parse835(text);
    expect(remittance).toMatchObject({ traceNumber: 'EFT5001', payerId: 'MEDA1', totalPaidCents: 908_750 });
    expect(remittance.payments.map((p) => p.remarkCodes)).toEqual([['MA01'], ['MA130', 'N130']]);
    expect(remittance.providerAdjustments).toEqual([
      { reason: 'L6', reference: null, amountCents: -1_250 },
      { reason: 'WO', reference: 'PCN8', amountCents: 2_500 },
    ]);
  });

  it.each([
    ['an empty file', '  \n', 'REMITTANCE_EMPTY', 'empty'],
    ['text that is not X12', 'Dear provider, please find our payment enclosed. '.repeat(3), 'REMITTANCE_NOT_X12', 'ISA'],
    ['a truncated file', build835({ control: 51, trace: 'T1', payerId: 'MEDA1', bpr: ach('9100'), claims: [paid] }).split('SE*')[0]!, 'REMITTANCE_TRUNCATED', 'SE'],
    ['an 837 sent as a remittance', build835({ control: 52, trace: 'T1', payerId: 'MEDA1', bpr: ach('9100'), claims: [paid] }).replace('GS*HP', 'GS*HC').replace('ST*835', 'ST*837'), 'REMITTANCE_WRONG_TRANSACTION_SET', 'a 837 transaction set'],
    ['a wrong segment count', build835({ control: 53, trace: 'T1', payerId: 'MEDA1', bpr: ach('9100'), claims: [paid] }).replace(/SE\*\d+/, 'SE*9'), 'REMITTANCE_MALFORMED', 'SE01 says 9 segments'],
    ['no trace number', build835({ control: 54, trace: 'T1', payerId: 'MEDA1', bpr: ach('9100'), claims: [paid] }).replace('TRN*1*T1*', 'TRN*1**'), 'REMITTANCE_MALFORMED', 'TRN02'],
    ['no claim payment', build835({ control: 55, trace: 'T1', payerId: 'MEDA1', bpr: ach('0'), claims: [] }), 'REMITTANCE_EMPTY', 'no claim payment'],
    ['a BPR that is not the claims less PLB', build835({ control: 56, trace: 'T1', payerId: 'MEDA1', bpr: ach('9000'), claims: [paid] }), 'REMITTANCE_OUT_OF_BALANCE', 'is not the check amount'],
    ['a second claim out of balance', build835({ control: 57, trace: 'T1', payerId: 'MEDA1', bpr: ach('9100'), claims: [paid, denied.replace('CAS*CO*16*4900', 'CAS*CO*16*4800')] }), 'REMITTANCE_OUT_OF_BALANCE', 'claim HAR2'],
  ])('refuses %s, naming the problem', (_what, text, code, words) => {
    const refused = refusal(text);
    expect(refused.code).toBe(code);
    expect(refused.message).toContain(words);
    expect(refused.message).toContain('Nothing was posted');
  });
});

describe('aging buckets', () => {
  it.each([
    ['2025-01-30', '0-30'],
    ['2025-03-01', '31-60'],
    ['2025-04-01', '61-90'],
    ['2025-06-29', '121-180'],
    ['2025-07-01', '>180'],
  ])('ages an item from 2025-01-01 on %s into %s', (today, bucket) => {
    expect(agingBucket('2025-01-01', today)).toBe(bucket);
  });
});
