import { type DoseQuantity, ndc11FromDigits, type PackageBarcode, parsePackageBarcode, toNdc11 } from '@ehr/contracts';
import { MarRefusedError } from './mar-errors.js';

/** A package the pharmacy dispenses, as the eMAR's product master knows it. */
export interface Product {
  drugId: string;
  description: string;
  gtin: string;
  ndc11: string;
  /** How much of the drug one package holds, in the unit it is ordered in (2 mg in a 1 mL cartridge). */
  packageAmount: DoseQuantity;
}

/** A package identified at the bedside, with what its barcode said about this very unit. */
export interface IdentifiedPackage {
  product: Product;
  gtin: string | null;
  lot: string | null;
  expiry: string | null;
  serial: string | null;
}

export interface ProductCatalog {
  /** Reads a package barcode and finds its product; refuses unreadable, unknown or ambiguous codes. */
  identify(barcode: string): IdentifiedPackage;
  /** The product with an NDC-11 typed in from the label. */
  byNdc11(ndc11: string): Product;
}

export function createProductCatalog(products: readonly Product[]): ProductCatalog {
  const byGtin = new Map(products.map((p) => [p.gtin, p]));
  const byNdc = new Map(products.map((p) => [p.ndc11, p]));

  const unknown = (what: string) => new MarRefusedError('UNKNOWN_PRODUCT', `${what} is not in the product file. Do not give it; ask pharmacy.`, { code: what });

  function find(parsed: PackageBarcode, code: string): Product {
    const byCode = 'gtin' in parsed ? byGtin.get(parsed.gtin) : undefined;
    if (byCode) return byCode;
    const matches = [...new Set(parsed.ndc11Candidates.flatMap((ndc) => byNdc.get(ndc) ?? []))];
    if (matches.length > 1) {
      throw new MarRefusedError('AMBIGUOUS_NDC', `Barcode ${code} matches more than one product (${matches.map((p) => p.ndc11).join(', ')}). Enter the NDC printed on the label.`, {
        code,
      });
    }
    if (!matches[0]) throw unknown(`Barcode ${code}`);
    return matches[0];
  }

  return {
    identify(barcode) {
      requireScannerInput(barcode);
      let parsed: PackageBarcode;
      try {
        parsed = parsePackageBarcode(barcode);
      } catch (error) {
        throw new MarRefusedError('UNREADABLE_BARCODE', `The package barcode could not be read (${(error as Error).message}). Scan again or enter the NDC by hand.`, {
          code: barcode,
        });
      }
      const product = find(parsed, barcode.trim());
      return parsed.kind === 'gs1'
        ? { product, gtin: parsed.gtin, lot: parsed.lot, expiry: parsed.expiry, serial: parsed.serial }
        : { product, gtin: parsed.kind === 'gtin' ? parsed.gtin : null, lot: null, expiry: null, serial: null };
    },
    byNdc11(ndc11) {
      const product = byNdc.get(normalNdc11(ndc11.trim()));
      if (!product) throw unknown(`NDC ${ndc11}`);
      return product;
    },
  };
}

/**
 * What a scanner sends: a GS1 element string (with its AIs), or bare digits (UPC-A, GTIN-14,
 * NDC-11). Hyphens or spaces between digits are a person typing the label, which is a manual
 * entry with its reason (and on the manual-entry report), never a scan.
 */
function requireScannerInput(barcode: string): void {
  const code = barcode.trim();
  const gs1 = code.startsWith('(') || code.startsWith(']') || /^01\d{14}/.test(code);
  if (!gs1 && /^[\d\s-]+$/.test(code) && /[\s-]/.test(code)) {
    throw new MarRefusedError('TYPED_NOT_SCANNED', `"${code}" was typed, not scanned (a scanner sends no hyphens or spaces). Enter it by hand with a reason, or scan the package.`, { code, field: 'product.scan' });
  }
}

/** An NDC typed from the label, hyphenated (10 or 11 digits) or as 11 bare digits, in the 5-4-2 form. */
function normalNdc11(typed: string): string {
  if (/^\d{11}$/.test(typed)) return ndc11FromDigits(typed);
  if (/^\d{5}-\d{4}-\d{2}$/.test(typed)) return typed;
  try {
    return toNdc11(typed);
  } catch {
    return typed;
  }
}
