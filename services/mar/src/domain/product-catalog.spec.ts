import { gtinFromNdc10 } from '@ehr/contracts';
import { createProductCatalog, type Product } from './product-catalog.js';

const product = (drugId: string, ndc10: string, ndc11: string): Product => ({ drugId, description: drugId, gtin: gtinFromNdc10(ndc10), ndc11, packageAmount: { value: 1, unit: '{tablet}' } });
// Two NDC-10s with the same digits (5024-2040-62, 50242-040-62): their barcodes cannot tell them apart.
const a = product('drug-a', '5024-2040-62', '05024-2040-62');
const b = product('drug-b', '50242-040-62', '50242-0040-62');
const c = product('drug-c', '0999-1001-01', '00999-1001-01');
const catalog = createProductCatalog([c, { ...a, gtin: '00000000000000' }, { ...b, gtin: '00000000000017' }]);

describe('the product file behind the scanner', () => {
  it('finds a package by the GTIN in its DataMatrix', () => {
    expect(catalog.identify(`(01)${c.gtin}(10)L1`)).toEqual({ product: c, gtin: c.gtin, lot: 'L1', expiry: null, serial: null });
  });

  it('finds a package by an NDC typed or printed in 11 digits', () => {
    expect(catalog.identify('00999100101').product.drugId).toBe('drug-c');
    expect(catalog.byNdc11('50242-0040-62').drugId).toBe('drug-b');
  });

  it('refuses NDC digits two products could be, rather than guess', () => {
    expect(() => catalog.identify(a.gtin.slice(2))).toThrow(expect.objectContaining({ code: 'AMBIGUOUS_NDC', message: expect.stringMatching(/05024-2040-62, 50242-0040-62/) }));
  });

  it('refuses an unknown package and an unknown typed NDC', () => {
    expect(() => catalog.identify(gtinFromNdc10('0999-9999-01'))).toThrow(expect.objectContaining({ code: 'UNKNOWN_PRODUCT' }));
    expect(() => catalog.byNdc11('00999-9999-01')).toThrow(expect.objectContaining({ code: 'UNKNOWN_PRODUCT', message: expect.stringMatching(/NDC 00999-9999-01 is not in the product file/) }));
  });

  it('tells a typed NDC from a scan: hyphens or spaces are a manual entry, and the typed NDC is found as a manual entry', () => {
    for (const typed of ['0999-1001-01', '00999-1001-01', '00999 1001 01']) {
      expect(() => catalog.identify(typed)).toThrow(expect.objectContaining({ code: 'TYPED_NOT_SCANNED', message: expect.stringMatching(/was typed, not scanned/) }));
    }
    expect(catalog.byNdc11('0999-1001-01').drugId).toBe('drug-c');
    expect(catalog.byNdc11('00999100101').drugId).toBe('drug-c');
    const c = catalog.byNdc11('00999-1001-01');
    expect(catalog.identify(`(01)${c.gtin}(10)LOT-7`).lot).toBe('LOT-7');
  });

  it('refuses a code that is no package barcode', () => {
    expect(() => catalog.identify('PID:p1')).toThrow(expect.objectContaining({ code: 'UNREADABLE_BARCODE' }));
  });
});
