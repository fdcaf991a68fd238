import {
  type DoseQuantity,
  intervalHours,
  localTime,
  type MedicationFrequency,
  type MedicationOrderDetails,
  type MedicationRoute,
  type OrderPriority,
  type ScheduledFrequencyCode,
} from '@ehr/contracts';
import { exhaustive } from '@ehr/platform';
import { doseUnitsFor, type Formulary, type FormularyDrug, formatQuantity, ingredientAmounts, unitName } from './formulary.js';
import { isRepeatingSchedule, type StandardTimes, timesPerDay } from './frequency.js';
import { InvalidOrderError } from './orders-errors.js';

/** A clock frequency may leave its times to the pharmacy's standard times. */
export type FrequencyInput = Exclude<MedicationFrequency, { type: 'scheduled' }> | { type: 'scheduled'; code: ScheduledFrequencyCode; times: string[] | null };

/** What the prescriber enters; `resolveMedicationOrder` turns it into the order's details. */
export interface MedicationOrderInput {
  kind: 'medication';
  drugId: string;
  dose: DoseQuantity;
  route: MedicationRoute;
  frequency: FrequencyInput;
  /** null: the hospital's list decides (the drug's class, or doses more often than every 4 hours). */
  timeCritical: boolean | null;
  indication: string | null;
  instructions: string | null;
}

const orNull = (text: string | null): string | null => text?.trim() || null;

function checkQuantity(drug: FormularyDrug, quantity: DoseQuantity, field: string): void {
  if (!Number.isFinite(quantity.value) || quantity.value <= 0) throw new InvalidOrderError(field, `${quantity.value} is not an amount; enter an amount above zero`);
  const units = doseUnitsFor(drug);
  if (!units.includes(quantity.unit)) {
    throw new InvalidOrderError(field, `${drug.name} is dosed in ${units.map(unitName).join(', ')}, not ${unitName(quantity.unit)}`);
  }
}

function resolveFrequency(input: FrequencyInput, drug: FormularyDrug, dose: DoseQuantity, priority: OrderPriority, standardTimes: StandardTimes): MedicationFrequency {
  switch (input.type) {
    case 'scheduled': {
      const times = input.times ?? [...standardTimes[input.code]];
      const bad = times.find((t) => !localTime.safeParse(t).success);
      if (bad !== undefined) throw new InvalidOrderError('details.frequency.times', `"${bad}" is not a time of day; write it as HH:mm, e.g. 09:00`);
      if (times.length !== timesPerDay[input.code]) {
        throw new InvalidOrderError('details.frequency.times', `${input.code} needs ${timesPerDay[input.code]} time${timesPerDay[input.code] === 1 ? '' : 's'} of day, not ${times.length}`);
      }
      if (new Set(times).size !== times.length) throw new InvalidOrderError('details.frequency.times', 'the same time of day is listed twice');
      return { type: 'scheduled', code: input.code, times: [...times].sort() };
    }
    case 'prn': {
      if (!Number.isInteger(input.minIntervalMinutes) || input.minIntervalMinutes <= 0) {
        throw new InvalidOrderError('details.frequency.minIntervalMinutes', 'give the shortest time between two PRN doses in whole minutes');
      }
      checkQuantity(drug, input.maxPer24h, 'details.frequency.maxPer24h');
      const [perDose] = ingredientAmounts(drug, dose);
      const [perDay] = ingredientAmounts(drug, input.maxPer24h);
      if (perDay!.amount < perDose!.amount) {
        throw new InvalidOrderError('details.frequency.maxPer24h', `${formatQuantity(input.maxPer24h.value, input.maxPer24h.unit)} in 24 hours is less than one dose of ${formatQuantity(dose.value, dose.unit)}`);
      }
      const indication = input.indication.trim();
      if (!indication) throw new InvalidOrderError('details.frequency.indication', 'a PRN order needs the reason it is given for, e.g. "pain 4-6/10"');
      return { ...input, indication };
    }
    case 'stat':
      if (priority !== 'stat') throw new InvalidOrderError('priority', 'a STAT dose must be ordered with STAT priority');
      return input;
    case 'once':
    case 'interval':
      return input;
    default:
      return exhaustive(input);
  }
}

function resolveTimeCritical(requested: boolean | null, frequency: MedicationFrequency, drug: FormularyDrug): boolean {
  const repeating = isRepeatingSchedule(frequency);
  // ISMP: scheduled doses more often than every 4 hours are time-critical by definition.
  const frequent = frequency.type === 'interval' && intervalHours[frequency.code] < 4;
  if (!repeating) {
    if (requested === true) throw new InvalidOrderError('details.timeCritical', 'only repeating scheduled doses are classed time-critical; a one-time or PRN dose is given at its own time');
    return false;
  }
  if (requested === false && frequent) throw new InvalidOrderError('details.timeCritical', 'doses more often than every 4 hours are always time-critical');
  return requested ?? (frequent || drug.timeCritical);
}

/** Checks a medication order against the formulary and resolves defaults; refuses naming the bad field. */
export function resolveMedicationOrder(input: MedicationOrderInput, priority: OrderPriority, formulary: Formulary, standardTimes: StandardTimes): MedicationOrderDetails {
  const drug = formulary.drugs.get(input.drugId);
  if (!drug) throw new InvalidOrderError('details.drugId', `"${input.drugId}" is not on the formulary; choose a formulary drug or ask pharmacy for a non-formulary request`);
  checkQuantity(drug, input.dose, 'details.dose');
  if (!drug.routes.includes(input.route)) {
    throw new InvalidOrderError('details.route', `${drug.name} is not given by the ${input.route} route (it may be given: ${drug.routes.join(', ')})`);
  }
  const frequency = resolveFrequency(input.frequency, drug, input.dose, priority, standardTimes);
  return {
    kind: 'medication',
    drugId: drug.drugId,
    drugName: drug.name,
    dose: input.dose,
    route: input.route,
    frequency,
    timeCritical: resolveTimeCritical(input.timeCritical, frequency, drug),
    highAlert: drug.highAlert,
    controlledSchedule: drug.controlledSchedule,
    indication: orNull(input.indication),
    instructions: orNull(input.instructions),
  };
}
