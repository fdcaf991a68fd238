import { unidentifiedAlias } from './unidentified.js';

describe('aliases for unidentified arrivals', () => {
  it('say they are not a real name, and differ in word and number from the arrival before', () => {
    expect(unidentifiedAlias(1)).toEqual({ familyName: 'Unidentified-Alfa', givenNames: ['0001'] });
    expect(unidentifiedAlias(2)).toEqual({ familyName: 'Unidentified-Bravo', givenNames: ['0002'] });
    expect(unidentifiedAlias(27)).toEqual({ familyName: 'Unidentified-Alfa', givenNames: ['0027'] });
  });

  it('never repeat across a mass-casualty run', () => {
    const names = Array.from({ length: 500 }, (_, i) => unidentifiedAlias(i + 1)).map((a) => `${a.familyName} ${a.givenNames.join(' ')}`);
    expect(new Set(names).size).toBe(500);
  });

  it('refuse a sequence that is not a positive whole number', () => {
    expect(() => unidentifiedAlias(0)).toThrow(/alias sequence 0/);
  });
});
