import { Chargemaster } from './chargemaster.js';
import { demoChargemaster, demoChargemasterRows } from './chargemaster.seed.js';
import { ChargeCodeNotFoundError } from './revenue-errors.js';

describe('chargemaster', () => {
  it('prices a charge with the row in effect on the service date', () => {
    expect(demoChargemaster.lookup('RB-0121', '2025-12-31').priceCents).toBe(230_000);
    expect(demoChargemaster.lookup('RB-0121', '2026-01-01').priceCents).toBe(245_000);
    expect(demoChargemaster.lookup('RX-J1100', '2025-01-01')).toMatchObject({ revenueCode: '0636', hcpcs: 'J1100' });
  });

  it('refuses a code that is not in effect, saying who can fix it', () => {
    expect(() => demoChargemaster.lookup('RB-0121', '2019-12-31')).toThrow(ChargeCodeNotFoundError);
    expect(() => demoChargemaster.lookup('NOPE', '2025-01-01')).toThrow(/ask the CDM team/);
  });

  it('rejects overlapping rows, bad revenue codes and bad HCPCS', () => {
    const base = demoChargemasterRows[0]!;
    expect(() => new Chargemaster([base, { ...base, effectiveFrom: '2025-06-01' }])).toThrow(/same day/);
    expect(() => new Chargemaster([{ ...base, revenueCode: '450' }])).toThrow(/revenue code/);
    expect(() => new Chargemaster([{ ...base, hcpcs: 'X1' }])).toThrow(/HCPCS/);
  });
});
