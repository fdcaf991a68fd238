import { IdempotencyKeyReusedError } from '@ehr/platform';
import type { Demographics } from '@ehr/contracts';
import type { PatientEvent } from './patient.decider.js';
import { earlierRegistration } from './registration-key.js';

const ada: Demographics = { familyName: 'Lovelace', givenNames: ['Ada'], birthDate: '1815-12-10', sex: 'female', phone: null, address: null };
const registered: PatientEvent = { type: 'adt.patient.registered', data: { patientId: 'p1', mrn: '00001000', demographics: ada, duplicateOverride: null } };
const unidentified: PatientEvent = {
  type: 'adt.patient.registered-unidentified',
  data: { patientId: 'p2', mrn: '00001001', alias: { familyName: 'Unidentified-Alfa', givenNames: ['0001'] }, sex: 'male', estimatedAgeYears: 40, circumstances: 'MVC, EMS unit 12' },
};

describe('a registration sent again with its idempotency key', () => {
  it('is new while the key has registered no one', () => {
    expect(earlierRegistration([], 'k', { type: 'RegisterPatient', demographics: ada })).toBeNull();
  });

  it('answers with the first patient and MRN when it asks for the same person, however the input was spaced', () => {
    expect(earlierRegistration([registered], 'k', { type: 'RegisterPatient', demographics: { ...ada, familyName: ' Lovelace ' } })).toEqual({ patientId: 'p1', mrn: '00001000' });
    const again = { type: 'RegisterUnidentified' as const, sex: 'male' as const, estimatedAgeYears: 40, circumstances: 'MVC, EMS unit 12  ' };
    expect(earlierRegistration([unidentified], 'k', again)).toEqual({ patientId: 'p2', mrn: '00001001' });
  });

  it('is refused with other demographics, other circumstances, or as the other kind of registration', () => {
    expect(() => earlierRegistration([registered], 'k', { type: 'RegisterPatient', demographics: { ...ada, birthDate: '1815-12-11' } })).toThrow(IdempotencyKeyReusedError);
    expect(() => earlierRegistration([unidentified], 'k', { type: 'RegisterUnidentified', sex: 'male', estimatedAgeYears: 40, circumstances: 'walk-in' })).toThrow(IdempotencyKeyReusedError);
    expect(() => earlierRegistration([unidentified], 'k', { type: 'RegisterPatient', demographics: ada })).toThrow(IdempotencyKeyReusedError);
  });
});
