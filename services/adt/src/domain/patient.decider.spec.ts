import { specFor } from '@ehr/platform/testing';
import type { Demographics } from '@ehr/contracts';
import { currentIdentity, type PatientEvent, patientDecider } from './patient.decider.js';
import { IdentityAlreadyRegisteredError, InvalidMrnError, MergeRefusedError, PatientStateError, PotentialDuplicateError } from './adt-errors.js';

const spec = specFor(patientDecider);
const ada: Demographics = { familyName: 'Lovelace', givenNames: ['Ada'], birthDate: '1815-12-10', sex: 'female', phone: null, address: null };
const registered = (patientId: string, mrn: string): PatientEvent => ({ type: 'adt.patient.registered', data: { patientId, mrn, demographics: ada, duplicateOverride: null } });
const register = { type: 'RegisterPatient', patientId: 'pB', mrn: '00000026', demographics: ada, potentialDuplicates: [] as string[] } as const;

describe('patient registration and merge', () => {
  it('registers a patient with a valid MRN', () => {
    spec.given([]).when(register).then([registered('pB', '00000026')]);
  });

  it('refuses a mistyped MRN', () => {
    spec.given([]).when({ ...register, mrn: '00000027' }).thenThrows(InvalidMrnError);
  });

  it('warns of a potential duplicate, and saves only with a reason that is kept (scenario 13)', () => {
    spec.given([]).when({ ...register, potentialDuplicates: ['pA'] }).thenThrows(PotentialDuplicateError, /same name and birth date/);
    spec
      .given([])
      .when({ ...register, potentialDuplicates: ['pA'], duplicateOverrideReason: 'different mother, twins' })
      .then([{ type: 'adt.patient.registered', data: { patientId: 'pB', mrn: '00000026', demographics: ada, duplicateOverride: { reason: 'different mother, twins', candidatePatientIds: ['pA'] } } }]);
  });

  it('corrects demographics with a reason, naming what changed; a correction that changes nothing records nothing', () => {
    const moved = { ...ada, phone: '+1 617 555 0100', address: { line: ['12 Elm St'], city: 'Boston', state: 'MA', postalCode: '02114' } };
    spec
      .given([registered('pA', '00000018')])
      .when({ type: 'CorrectDemographics', patientId: 'pA', demographics: moved, reason: 'patient moved' })
      .then([{ type: 'adt.patient.demographics-updated', data: { patientId: 'pA', demographics: moved, reason: 'patient moved', changed: ['phone', 'address'] } }]);
    spec.given([registered('pA', '00000018')]).when({ type: 'CorrectDemographics', patientId: 'pA', demographics: ada, reason: 'checked' }).then([]);
    spec.given([registered('pA', '00000018')]).when({ type: 'CorrectDemographics', patientId: 'pA', demographics: moved, reason: ' ' }).thenThrows(PatientStateError, /needs a reason/);
  });

  it('asks for a new wristband when a correction changes the name', () => {
    const renamed: PatientEvent = { type: 'adt.patient.demographics-updated', data: { patientId: 'pA', demographics: { ...ada, familyName: 'King' }, reason: 'married name', changed: ['name'] } };
    const state = [registered('pA', '00000018'), renamed].reduce(patientDecider.evolve, patientDecider.initialState);
    expect(state).toMatchObject({ wristbandReprintNeeded: true, demographics: { familyName: 'King' } });
  });

  const merge = {
    type: 'MergeIntoSurvivor',
    patientId: 'pA',
    survivorPatientId: 'pB',
    survivorMrn: '00000026',
    reason: 'same person, confirmed by ID',
    retiredHasActiveInpatientStay: false,
    survivorHasActiveInpatientStay: true,
  } as const;

  it('retires the duplicate into the survivor (scenario 7)', () => {
    spec.given([registered('pA', '00000018')]).when(merge).then([
      { type: 'adt.patient.merged-into', data: { patientId: 'pA', mrn: '00000018', survivorPatientId: 'pB', survivorMrn: '00000026', reason: 'same person, confirmed by ID' } },
    ]);
    spec.given([registered('pB', '00000026')]).when({ type: 'AbsorbDuplicate', patientId: 'pB', retiredPatientId: 'pA', retiredMrn: '00000018' }).thenState((s) => expect(s.absorbedMrns).toEqual(['00000018']));
  });

  it('refuses a merge of two records that both have an active inpatient stay', () => {
    spec.given([registered('pA', '00000018')]).when({ ...merge, retiredHasActiveInpatientStay: true }).thenThrows(MergeRefusedError, /both records have an active inpatient stay/);
  });

  it('refuses a self-merge and a second merge', () => {
    spec.given([registered('pA', '00000018')]).when({ ...merge, survivorPatientId: 'pA' }).thenThrows(MergeRefusedError, /into itself/);
    const merged: PatientEvent = { type: 'adt.patient.merged-into', data: { patientId: 'pA', mrn: '00000018', survivorPatientId: 'pB', survivorMrn: '00000026', reason: 'x' } };
    spec.given([registered('pA', '00000018'), merged]).when(merge).thenThrows(MergeRefusedError, /already merged into pB/);
  });

  it('sends demographic updates of a retired record to the survivor', () => {
    const merged: PatientEvent = { type: 'adt.patient.merged-into', data: { patientId: 'pA', mrn: '00000018', survivorPatientId: 'pB', survivorMrn: '00000026', reason: 'x' } };
    spec.given([registered('pA', '00000018'), merged]).when({ type: 'CorrectDemographics', patientId: 'pA', demographics: ada, reason: 'typo' }).thenThrows(PatientStateError, /update the survivor/);
  });

  describe('an unidentified arrival (scenario 14)', () => {
    const alias = { familyName: 'Unidentified-Kilo', givenNames: ['0011'] };
    const quick = { type: 'RegisterUnidentified', patientId: 'pU', mrn: '00000034', alias, sex: 'male', estimatedAgeYears: 30, circumstances: 'MVC, brought by EMS unit 12' } as const;
    const registeredUnidentified: PatientEvent = {
      type: 'adt.patient.registered-unidentified',
      data: { patientId: 'pU', mrn: '00000034', alias, sex: 'male', estimatedAgeYears: 30, circumstances: 'MVC, brought by EMS unit 12' },
    };
    const identify = { type: 'IdentifyPatient', patientId: 'pU', demographics: ada, howConfirmed: 'driver licence in wallet', existingRecords: [] as Array<{ patientId: string; mrn: string }> } as const;
    const identified: PatientEvent = { type: 'adt.patient.identified', data: { patientId: 'pU', demographics: ada, howConfirmed: 'driver licence in wallet' } };

    it('is registered under the alias with a new MRN and no birth date', () => {
      spec.given([]).when(quick).then([registeredUnidentified]);
      expect(currentIdentity([registeredUnidentified])).toEqual({ mrn: '00000034', demographics: { ...alias, birthDate: null, sex: 'male', phone: null, address: null } });
    });

    it('needs the circumstances of arrival', () => {
      spec.given([]).when({ ...quick, circumstances: '  ' }).thenThrows(PatientStateError, /circumstances/);
    });

    it('takes the confirmed identity when no record exists, and then needs a new wristband', () => {
      spec.given([registeredUnidentified]).when(identify).then([identified]);
      spec.given([registeredUnidentified, identified]).when(identify).thenThrows(PatientStateError, /not an unidentified record/);
      expect(currentIdentity([registeredUnidentified, identified])?.demographics).toEqual(ada);
      spec.given([registeredUnidentified, identified]).when({ type: 'ConfirmWristbandPrinted', patientId: 'pU' }).then([{ type: 'adt.patient.wristband-printed', data: { patientId: 'pU' } }]);
      spec.given([registeredUnidentified, identified, { type: 'adt.patient.wristband-printed', data: { patientId: 'pU' } }]).when({ type: 'ConfirmWristbandPrinted', patientId: 'pU' }).then([]);
    });

    it('is refused when the person already has a record: merge into it instead', () => {
      spec
        .given([registeredUnidentified])
        .when({ ...identify, existingRecords: [{ patientId: 'pA', mrn: '00000018' }] })
        .thenThrows(IdentityAlreadyRegisteredError, /already registered \(MRN 00000018\); merge the unidentified record into that one/);
    });

    it('needs to say how the identity was confirmed', () => {
      spec.given([registeredUnidentified]).when({ ...identify, howConfirmed: '' }).thenThrows(PatientStateError, /how the identity was confirmed/);
    });

    it('flags the survivor’s wristband for reprint when a record is merged into it', () => {
      spec.given([registered('pB', '00000026')]).when({ type: 'AbsorbDuplicate', patientId: 'pB', retiredPatientId: 'pU', retiredMrn: '00000034' }).thenState((s) => expect(s.wristbandReprintNeeded).toBe(true));
    });
  });
});
