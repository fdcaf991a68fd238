import { gtinFromNdc10 } from './ndc.js';
import { parsePackageBarcode } from './package-barcode.js';

describe('drug package barcodes', () => {
  it('reads a GS1 DataMatrix and offers the three NDC-11s its NDC digits could be', () => {
    const barcode = parsePackageBarcode(`(01)${gtinFromNdc10('0002-7597-01')}(17)271031(10)A1`);
    expect(barcode).toEqual({
      kind: 'gs1',
      gtin: '00300027597010',
      expiry: '2027-10-31',
      lot: 'A1',
      serial: null,
      ndc11Candidates: ['00002-7597-01', '00027-0597-01', '00027-5970-01'],
    });
  });

  it('offers no NDC for a GTIN outside the US NDC range', () => {
    expect(parsePackageBarcode('0104006381333931').ndc11Candidates).toEqual([]);
  });

  it('reads a linear UPC-A: "3", the NDC-10 digits, a check digit', () => {
    const upc = gtinFromNdc10('60575-4112-1').slice(2);
    expect(parsePackageBarcode(upc)).toEqual({ kind: 'gtin', gtin: `00${upc}`, ndc11Candidates: ['06057-5411-21', '60575-0411-21', '60575-4112-01'] });
    expect(() => parsePackageBarcode(`${upc.slice(0, 11)}${(Number(upc[11]) + 1) % 10}`)).toThrow(/UPC-A .* fails its check digit/);
  });

  it('reads a bare GTIN-14 (ITF-14 on a carton)', () => {
    const gtin = gtinFromNdc10('0002-7597-01', 5);
    expect(parsePackageBarcode(gtin)).toEqual({ kind: 'gtin', gtin, ndc11Candidates: ['00002-7597-01', '00027-0597-01', '00027-5970-01'] });
    expect(() => parsePackageBarcode(`${gtin.slice(0, 13)}${(Number(gtin[13]) + 1) % 10}`)).toThrow(/GTIN .* fails its check digit/);
  });

  it('reads NDCs as printed: 11 bare digits, hyphenated 11, hyphenated 10', () => {
    expect(parsePackageBarcode('00002759701')).toEqual({ kind: 'ndc', ndc11Candidates: ['00002-7597-01'] });
    expect(parsePackageBarcode('50242-0040-62')).toEqual({ kind: 'ndc', ndc11Candidates: ['50242-0040-62'] });
    expect(parsePackageBarcode(' 50242-040-62 ')).toEqual({ kind: 'ndc', ndc11Candidates: ['50242-0040-62'] });
  });

  it('refuses what is not a package code (a wristband, a bare NDC-10, a malformed NDC)', () => {
    expect(() => parsePackageBarcode('PID:p-123')).toThrow(/not a drug package barcode/);
    expect(() => parsePackageBarcode('0002759701')).toThrow(/not a drug package barcode/);
    expect(() => parsePackageBarcode('002-7597-01')).toThrow(/not a hyphenated 10-digit NDC/);
  });
});
