import { orderSummary } from './order-summary.js';

describe('order summary line', () => {
  it('spells out a scheduled medication order', () => {
    expect(
      orderSummary({
        kind: 'medication',
        drugId: 'metoprolol-25-tab',
        drugName: 'Metoprolol Tartrate 25 MG Oral Tablet',
        dose: { value: 25, unit: 'mg' },
        route: 'oral',
        frequency: { type: 'scheduled', code: 'BID', times: ['09:00', '21:00'] },
        timeCritical: false,
        highAlert: false,
        controlledSchedule: null,
        indication: null,
        instructions: null,
      }),
    ).toBe('Metoprolol Tartrate 25 MG Oral Tablet: 25 mg oral BID at 09:00, 21:00');
  });

  it('says when and how often a PRN may be given', () => {
    const prn = { type: 'prn' as const, minIntervalMinutes: 240, maxPer24h: { value: 4, unit: '{tablet}' as const }, indication: 'pain' };
    expect(
      orderSummary({
        kind: 'medication',
        drugId: 'x',
        drugName: 'Oxycodone 5 MG Oral Tablet',
        dose: { value: 1, unit: '{tablet}' },
        route: 'oral',
        frequency: prn,
        timeCritical: false,
        highAlert: true,
        controlledSchedule: 'CII',
        indication: 'pain',
        instructions: null,
      }),
    ).toBe('Oxycodone 5 MG Oral Tablet: 1 tablet oral PRN pain, at least 240 min apart, at most 4 tablets in 24 h');
  });

  it('reads other kinds of order', () => {
    expect(orderSummary({ kind: 'lab', loinc: '2345-7', display: 'Glucose', specimen: 'blood' })).toBe('Glucose (LOINC 2345-7), blood');
    expect(orderSummary({ kind: 'diet', diet: 'cardiac', fluidRestrictionMl: 1500, instructions: null })).toBe('Diet: cardiac, fluids at most 1500 mL a day');
    expect(orderSummary({ kind: 'nursing', instruction: 'Fall precautions' })).toBe('Nursing: Fall precautions');
  });
});
