import { hcpcsCode, revenueCode } from '@ehr/contracts';
import { ChargeCodeNotFoundError } from './revenue-errors.js';

/** One effective-dated chargemaster row. Price changes add a row; posted charges keep their price. */
export interface ChargemasterRow {
  chargeCode: string;
  description: string;
  revenueCode: string;
  hcpcs: string | null;
  modifiers: string[];
  priceCents: number;
  /** HCPCS units per one unit of the charge (J1100 is "per 1 mg"; room days are 1). */
  unitMultiplier: number;
  /** Inclusive first day, exclusive last day (null: open-ended), facility dates YYYY-MM-DD. */
  effectiveFrom: string;
  effectiveTo: string | null;
}

export class Chargemaster {
  private readonly rows: ChargemasterRow[];

  constructor(rows: ChargemasterRow[]) {
    for (const row of rows) {
      if (!revenueCode.safeParse(row.revenueCode).success) throw new Error(`${row.chargeCode}: ${row.revenueCode} is not a revenue code`);
      if (row.hcpcs !== null && !hcpcsCode.safeParse(row.hcpcs).success) throw new Error(`${row.chargeCode}: ${row.hcpcs} is not a HCPCS code`);
      if (row.effectiveTo !== null && row.effectiveTo <= row.effectiveFrom) throw new Error(`${row.chargeCode}: effective range ends before it starts`);
    }
    for (const a of rows) {
      const overlapping = rows.filter((b) => b !== a && b.chargeCode === a.chargeCode && overlaps(a, b));
      if (overlapping.length > 0) throw new Error(`${a.chargeCode}: two chargemaster rows are effective on the same day`);
    }
    this.rows = rows;
  }

  /** The row in effect on the service date. */
  lookup(chargeCode: string, serviceDate: string): ChargemasterRow {
    const row = this.rows.find(
      (r) => r.chargeCode === chargeCode && r.effectiveFrom <= serviceDate && (r.effectiveTo === null || serviceDate < r.effectiveTo),
    );
    if (!row) throw new ChargeCodeNotFoundError(chargeCode, serviceDate);
    return row;
  }
}

const overlaps = (a: ChargemasterRow, b: ChargemasterRow): boolean =>
  (a.effectiveTo === null || b.effectiveFrom < a.effectiveTo) && (b.effectiveTo === null || a.effectiveFrom < b.effectiveTo);
