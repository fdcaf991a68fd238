import type { MedicationFrequency, OrderDetails } from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { formatQuantity } from './formulary.js';

function frequencyText(frequency: MedicationFrequency): string {
  switch (frequency.type) {
    case 'scheduled':
      return `${frequency.code} at ${frequency.times.join(', ')}`;
    case 'interval':
      return frequency.code;
    case 'once':
      return 'once';
    case 'stat':
      return 'STAT';
    case 'prn':
      return `PRN ${frequency.indication}, at least ${frequency.minIntervalMinutes} min apart, at most ${formatQuantity(frequency.maxPer24h.value, frequency.maxPer24h.unit)} in 24 h`;
    default:
      return exhaustive(frequency);
  }
}

/** The one line a worklist shows for an order, spelled out (no error-prone abbreviations). */
export function orderSummary(details: OrderDetails): string {
  switch (details.kind) {
    case 'medication':
      return `${details.drugName}: ${formatQuantity(details.dose.value, details.dose.unit)} ${details.route} ${frequencyText(details.frequency)}`;
    case 'lab':
      return `${details.display} (LOINC ${details.loinc}), ${details.specimen}`;
    case 'imaging':
      return `${details.modality} ${details.study}, ${details.bodySite}${details.contrast ? ' with contrast' : ''}: ${details.reason}`;
    case 'diet':
      return `Diet: ${details.diet}${details.fluidRestrictionMl === null ? '' : `, fluids at most ${details.fluidRestrictionMl} mL a day`}`;
    case 'nursing':
      return `Nursing: ${details.instruction}`;
    default:
      return exhaustive(details);
  }
}
