import { checkFileBalance, read835 } from './remittance-835.js';
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
