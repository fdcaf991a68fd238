import { gs1CheckDigit, gtinFromNdc10, ndc11Candidates, ndc11FromDigits, ndcLayout, toNdc11 } from './ndc.js';

describe('NDC and GTIN package codes', () => {
  it('converts each NDC-10 layout to 11 digits by padding the short segment', () => {
    expect(toNdc11('0002-7597-01')).toBe('00002-7597-01');
    expect(toNdc11('50242-040-62')).toBe('50242-0040-62');
    expect(toNdc11('60575-4112-1')).toBe('60575-4112-01');
  });

  it('names the layout of a hyphenated NDC-10', () => {
    expect(ndcLayout('0002-7597-01')).toBe('4-4-2');
    expect(ndcLayout('50242-040-62')).toBe('5-3-2');
    expect(ndcLayout('60575-4112-1')).toBe('5-4-1');
  });

  it('refuses an unhyphenated NDC, which could be any of three products', () => {
    expect(() => toNdc11('0002759701')).toThrow(/not a hyphenated 10-digit NDC/);
    expect(() => toNdc11('00002-7597-01')).toThrow(RangeError);
  });

  it('computes GS1 check digits (published UPC-A and EAN-13 examples)', () => {
    expect(gs1CheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gs1CheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gs1CheckDigit('0003600029145')).toBe(2); // the same code padded to GTIN-14 keeps its check digit
  });

  it('builds the GTIN-14 of a package from its NDC-10: indicator, "03", NDC digits, check digit', () => {
    expect(gtinFromNdc10('0002-7597-01')).toBe('00300027597010');
    expect(gtinFromNdc10('60575-4112-1')).toBe('00360575411213');
    expect(gtinFromNdc10('0002-7597-01', 5).slice(0, 3)).toBe('503');
    expect(() => gtinFromNdc10('0002-7597-01', 9)).toThrow(/indicator 9/);
  });
});

describe('NDC digits without hyphens', () => {
  it('gives the three NDC-11s ten bare digits could be, one per layout', () => {
    expect(ndc11Candidates('5024204062')).toEqual(['05024-2040-62', '50242-0040-62', '50242-0406-02']);
    expect(() => ndc11Candidates('502420406')).toThrow(/not 10 digits/);
  });

  it('hyphenates 11 bare digits as 5-4-2', () => {
    expect(ndc11FromDigits('50242004062')).toBe('50242-0040-62');
    expect(() => ndc11FromDigits('5024200406')).toThrow(/not 11 digits/);
  });
});
