import { exhaustive } from '@ehr/platform';
import { type DoseQuantity, intervalHours, type MedicationFrequency, type ScheduledFrequencyCode } from '@ehr/contracts';

/** Wall-clock administration times per clock frequency; an order may name its own instead. */
export type StandardTimes = Readonly<Record<ScheduledFrequencyCode, readonly string[]>>;

/** The demo hospital's pharmacy standard times (daily 09:00, BID 09:00/21:00). */
export const defaultStandardTimes: StandardTimes = {
  daily: ['09:00'],
  BID: ['09:00', '21:00'],
  TID: ['09:00', '13:00', '17:00'],
  QID: ['09:00', '13:00', '17:00', '21:00'],
};

/** Repeating scheduled doses: the only ones ISMP timing windows (and time-critical classing) apply to. */
export const isRepeatingSchedule = (frequency: MedicationFrequency): frequency is Extract<MedicationFrequency, { type: 'scheduled' | 'interval' }> =>
  frequency.type === 'scheduled' || frequency.type === 'interval';

/** The most of the drug the order allows in any 24 hours: every scheduled dose, or the PRN maximum. */
export function maxQuantityPer24h(dose: DoseQuantity, frequency: MedicationFrequency): DoseQuantity {
  switch (frequency.type) {
    case 'scheduled':
      return { value: dose.value * frequency.times.length, unit: dose.unit };
    case 'interval':
      return { value: dose.value * (24 / intervalHours[frequency.code]), unit: dose.unit };
    case 'once':
    case 'stat':
      return dose;
    case 'prn':
      return frequency.maxPer24h;
    default:
      return exhaustive(frequency);
  }
}

export const timesPerDay: Readonly<Record<ScheduledFrequencyCode, number>> = { daily: 1, BID: 2, TID: 3, QID: 4 };
