import type { MedicationRoute } from '@ehr/contracts';
import type { ProductCatalog } from './product-catalog.js';
import type { TimingPolicy } from './timing-window.js';

/** What a facility configures for its eMAR. */
export interface MarPolicy {
  /** IANA zone of the facility's clocks ("America/New_York"). */
  zone: string;
  timing: TimingPolicy;
  products: ProductCatalog;
  /** How long a wristband or package scan counts at the bedside before it must be repeated. */
  scanValidMinutes: number;
  /** Minutes after a PRN dose by when its effect must be reassessed. */
  prnReassessmentMinutes(route: MedicationRoute): number;
}

const parenteral: ReadonlySet<MedicationRoute> = new Set(['intravenous', 'intramuscular', 'subcutaneous']);

/** A common policy: reassess 30 minutes after an injection, 60 after anything else. */
export const defaultPrnReassessmentMinutes = (route: MedicationRoute): number => (parenteral.has(route) ? 30 : 60);

/** A scan older than this is repeated: the nurse may have left the bedside since. */
export const defaultScanValidMinutes = 10;
