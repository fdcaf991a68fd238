import type { TriageVitalSigns } from '@ehr/contracts';
import { dangerZoneFindings } from './danger-zone.js';

const vitals = (heartRate: number | null, respiratoryRate: number | null, oxygenSaturation: number | null): TriageVitalSigns => ({
  heartRate,
  respiratoryRate,
  oxygenSaturation,
  systolicPressure: null,
  diastolicPressure: null,
  temperatureCelsius: null,
  painScore: null,
});
const signs = (v: TriageVitalSigns, ageInMonths: number) => dangerZoneFindings(v, ageInMonths).map((f) => `${f.sign}>${f.limit}`);

describe('ESI danger-zone vital signs', () => {
  it('finds the adult heart and respiratory rates of scenario 15 but not an SpO2 of 95 %', () => {
    expect(dangerZoneFindings(vitals(118, 24, 95), 40 * 12)).toEqual([
      { sign: 'heart-rate', value: 118, limit: 100 },
      { sign: 'respiratory-rate', value: 24, limit: 20 },
    ]);
  });

  it('is above the limit, not at it', () => {
    expect(signs(vitals(100, 20, 92), 40 * 12)).toEqual([]);
  });

  it('flags SpO2 below 92 % at any age', () => {
    expect(dangerZoneFindings(vitals(null, null, 91), 1)).toEqual([{ sign: 'oxygen-saturation', value: 91, limit: 92 }]);
    expect(signs(vitals(null, null, 91), 70 * 12)).toEqual(['oxygen-saturation>92']);
  });

  it.each([
    [2, 180, 50],
    [3, 160, 40],
    [35, 160, 40],
    [36, 140, 30],
    [107, 140, 30],
    [108, 100, 20],
  ])('at %i months uses heart rate above %i and respiratory rate above %i', (months, hr, rr) => {
    expect(signs(vitals(hr, rr, 99), months)).toEqual([]);
    expect(signs(vitals(hr + 1, rr + 1, 99), months)).toEqual([`heart-rate>${hr}`, `respiratory-rate>${rr}`]);
  });

  it('ignores signs that were not taken', () => {
    expect(signs(vitals(null, null, null), 40 * 12)).toEqual([]);
  });
});
