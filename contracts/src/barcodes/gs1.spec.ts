import { Gs1FormatError, isValidGtin, parseGs1 } from './gs1.js';
import { gtinFromNdc10 } from './ndc.js';

const gtin = gtinFromNdc10('0002-7597-01');
const GS = '\u001d';

describe('GS1 element strings on drug packages', () => {
  it('reads GTIN, expiry, lot and serial as a DataMatrix scanner transmits them', () => {
    expect(parseGs1(`]d201${gtin}1727103110AB12${GS}21SN0001`)).toEqual({ gtin, expiry: '2027-10-31', lot: 'AB12', serial: 'SN0001' });
  });

  it('reads the variable-length lot last without a separator, and elements in any order', () => {
    expect(parseGs1(`01${gtin}21XYZ${GS}10LOT-7`)).toEqual({ gtin, expiry: null, lot: 'LOT-7', serial: 'XYZ' });
  });

  it('reads the human-readable form printed under the symbol', () => {
    expect(parseGs1(`(01)${gtin}(17)280200(10)L9`)).toEqual({ gtin, expiry: '2028-02-29', lot: 'L9', serial: null });
  });

  it('takes expiry day 00 as the last day of the month', () => {
    expect(parseGs1(`01${gtin}17270400`).expiry).toBe('2027-04-30');
  });

  it('refuses a GTIN whose check digit is wrong', () => {
    const broken = `${gtin.slice(0, 13)}${(Number(gtin[13]) + 1) % 10}`;
    expect(isValidGtin(broken)).toBe(false);
    expect(() => parseGs1(`01${broken}`)).toThrow(/fails its check digit/);
  });

  it('refuses codes without a GTIN, with unknown AIs, impossible dates or repeated elements', () => {
    expect(() => parseGs1('10LOT')).toThrow(Gs1FormatError);
    expect(() => parseGs1(`01${gtin}99ABC`)).toThrow(/\(99\) is not one a drug package carries/);
    expect(() => parseGs1(`01${gtin}17271341`)).toThrow(/month 13/);
    expect(() => parseGs1(`01${gtin}17270231`)).toThrow(/day 31/);
    expect(() => parseGs1(`01${gtin}10A${GS}10B`)).toThrow(/appears twice/);
    expect(() => parseGs1(`01${gtin}10${'X'.repeat(21)}`)).toThrow(/1 to 20 characters/);
    expect(() => parseGs1(`(01)${gtin}junk(10)A`)).toThrow(Gs1FormatError);
    expect(() => parseGs1(`(01)${gtin.slice(1)}`)).toThrow(/14 digits/);
  });
});
