import type { DomainError } from '@ehr/platform';
import { seedFormulary } from './formulary.seed.js';
import { defaultStandardTimes } from './frequency.js';
import { type MedicationOrderInput, resolveMedicationOrder } from './medication-order.js';
import { InvalidOrderError } from './orders-errors.js';

const metoprolol: MedicationOrderInput = {
  kind: 'medication',
  drugId: 'metoprolol-tartrate-25-tab',
  dose: { value: 25, unit: 'mg' },
  route: 'oral',
  frequency: { type: 'scheduled', code: 'BID', times: null },
  timeCritical: null,
  indication: 'hypertension',
  instructions: null,
};
const oxycodonePrn: MedicationOrderInput = {
  kind: 'medication',
  drugId: 'oxycodone-5-tab',
  dose: { value: 5, unit: 'mg' },
  route: 'oral',
  frequency: { type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 30, unit: 'mg' }, indication: 'pain 4-10/10' },
  timeCritical: null,
  indication: null,
  instructions: null,
};

const resolve = (input: MedicationOrderInput, priority: 'routine' | 'stat' = 'routine') => resolveMedicationOrder(input, priority, seedFormulary, defaultStandardTimes);

/** The refusal names the field in its details and at the start of its sentence. */
function refusal(input: MedicationOrderInput, priority: 'routine' | 'stat' = 'routine'): { field: string; message: string } {
  try {
    resolve(input, priority);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidOrderError);
    expect((e as DomainError).code).toBe('INVALID_ORDER');
    return { field: (e as InvalidOrderError).field, message: (e as Error).message };
  }
  throw new Error('expected the order to be refused');
}

describe('medication order entry', () => {
  it('fills a clock frequency with the standard times and copies the safety flags from the formulary', () => {
    expect(resolve(metoprolol)).toEqual({
      kind: 'medication',
      drugId: 'metoprolol-tartrate-25-tab',
      drugName: 'Metoprolol Tartrate 25 MG Oral Tablet',
      dose: { value: 25, unit: 'mg' },
      route: 'oral',
      frequency: { type: 'scheduled', code: 'BID', times: ['09:00', '21:00'] },
      timeCritical: false,
      highAlert: false,
      controlledSchedule: null,
      indication: 'hypertension',
      instructions: null,
    });
    const oxycodone = resolve(oxycodonePrn);
    expect(oxycodone).toMatchObject({ highAlert: true, controlledSchedule: 'CII', timeCritical: false });
  });

  it('takes the times the prescriber gives for "daily at a set time", sorted', () => {
    expect(resolve({ ...metoprolol, frequency: { type: 'scheduled', code: 'daily', times: ['07:30'] } }).frequency).toEqual({ type: 'scheduled', code: 'daily', times: ['07:30'] });
    expect(resolve({ ...metoprolol, frequency: { type: 'scheduled', code: 'BID', times: ['20:00', '08:00'] } }).frequency).toMatchObject({ times: ['08:00', '20:00'] });
  });

  it('refuses a drug that is not on the formulary', () => {
    expect(refusal({ ...metoprolol, drugId: 'metoprolol-50' })).toEqual({ field: 'details.drugId', message: expect.stringMatching(/^details\.drugId: "metoprolol-50" is not on the formulary/) });
  });

  it('refuses a dose of zero or less', () => {
    expect(refusal({ ...metoprolol, dose: { value: 0, unit: 'mg' } })).toMatchObject({ field: 'details.dose', message: expect.stringMatching(/above zero/) });
    expect(refusal({ ...metoprolol, dose: { value: Number.NaN, unit: 'mg' } }).field).toBe('details.dose');
  });

  it('refuses a dose unit the drug cannot be measured in, listing the ones it can', () => {
    expect(refusal({ ...metoprolol, dose: { value: 1, unit: 'mL' } }).message).toBe('details.dose: Metoprolol Tartrate 25 MG Oral Tablet is dosed in tablets, mcg, mg, g, not mL.');
    const combination = { ...oxycodonePrn, drugId: 'oxycodone-apap-5-325-tab', dose: { value: 5, unit: 'mg' as const } };
    expect(refusal(combination).message).toMatch(/is dosed in tablets, not mg/);
  });

  it('refuses a route the drug is not given by', () => {
    expect(refusal({ ...metoprolol, route: 'intravenous' })).toMatchObject({ field: 'details.route', message: expect.stringMatching(/not given by the intravenous route \(it may be given: oral, enteral-tube\)/) });
  });

  it('refuses clock times that are not times of day, the wrong number of them, or the same one twice', () => {
    expect(refusal({ ...metoprolol, frequency: { type: 'scheduled', code: 'BID', times: ['9am', '21:00'] } }).message).toMatch(/^details\.frequency\.times: "9am" is not a time of day/);
    expect(refusal({ ...metoprolol, frequency: { type: 'scheduled', code: 'BID', times: ['09:00'] } }).message).toMatch(/BID needs 2 times of day, not 1/);
    expect(refusal({ ...metoprolol, frequency: { type: 'scheduled', code: 'BID', times: ['09:00', '09:00'] } }).message).toMatch(/listed twice/);
  });

  it('needs a PRN order to carry a minimum interval, a 24-hour maximum of at least one dose, and an indication', () => {
    const prn = oxycodonePrn.frequency as Extract<MedicationOrderInput['frequency'], { type: 'prn' }>;
    expect(refusal({ ...oxycodonePrn, frequency: { ...prn, minIntervalMinutes: 0 } }).field).toBe('details.frequency.minIntervalMinutes');
    expect(refusal({ ...oxycodonePrn, frequency: { ...prn, minIntervalMinutes: 90.5 } }).field).toBe('details.frequency.minIntervalMinutes');
    expect(refusal({ ...oxycodonePrn, frequency: { ...prn, maxPer24h: { value: 4, unit: 'mg' } } }).message).toBe(
      'details.frequency.maxPer24h: 4 mg in 24 hours is less than one dose of 5 mg.',
    );
    expect(refusal({ ...oxycodonePrn, frequency: { ...prn, maxPer24h: { value: 6, unit: 'mL' } } }).field).toBe('details.frequency.maxPer24h');
    expect(refusal({ ...oxycodonePrn, frequency: { ...prn, indication: '  ' } }).field).toBe('details.frequency.indication');
  });

  it('compares the PRN maximum with the dose across units (6 tablets of 5 mg is 30 mg)', () => {
    const prn = oxycodonePrn.frequency as Extract<MedicationOrderInput['frequency'], { type: 'prn' }>;
    expect(resolve({ ...oxycodonePrn, frequency: { ...prn, maxPer24h: { value: 6, unit: '{tablet}' } } }).frequency).toMatchObject({ maxPer24h: { value: 6, unit: '{tablet}' } });
  });

  it('needs STAT priority for a STAT dose', () => {
    const stat = { ...metoprolol, frequency: { type: 'stat' as const } };
    expect(refusal(stat)).toMatchObject({ field: 'priority', message: 'priority: a STAT dose must be ordered with STAT priority.' });
    expect(resolve(stat, 'stat').frequency).toEqual({ type: 'stat' });
  });

  describe('time-critical classing (ISMP)', () => {
    it("follows the hospital's list when the prescriber leaves it open", () => {
      expect(resolve({ ...metoprolol }).timeCritical).toBe(false);
      const cefazolin: MedicationOrderInput = { ...metoprolol, drugId: 'cefazolin-1g-inj', dose: { value: 1, unit: 'g' }, route: 'intravenous', frequency: { type: 'interval', code: 'q8h' } };
      expect(resolve(cefazolin).timeCritical).toBe(true);
    });

    it('classes doses more often than every 4 hours as time-critical and will not be told otherwise', () => {
      const q2h: MedicationOrderInput = { ...metoprolol, frequency: { type: 'interval', code: 'q2h' } };
      expect(resolve(q2h).timeCritical).toBe(true);
      expect(refusal({ ...q2h, timeCritical: false })).toMatchObject({ field: 'details.timeCritical', message: expect.stringMatching(/more often than every 4 hours/) });
    });

    it('lets the prescriber mark a scheduled dose time-critical', () => {
      expect(resolve({ ...metoprolol, timeCritical: true }).timeCritical).toBe(true);
    });

    it('does not class one-time or PRN doses, which timing windows do not apply to', () => {
      expect(resolve({ ...oxycodonePrn }).timeCritical).toBe(false);
      expect(refusal({ ...oxycodonePrn, timeCritical: true }).field).toBe('details.timeCritical');
      expect(resolve({ ...metoprolol, frequency: { type: 'once' } }).timeCritical).toBe(false);
    });
  });

  it('keeps blank indication and instructions as none', () => {
    expect(resolve({ ...metoprolol, indication: ' ', instructions: ' hold if SBP < 100 ' })).toMatchObject({ indication: null, instructions: 'hold if SBP < 100' });
  });
});
