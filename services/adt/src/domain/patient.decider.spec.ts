import { specFor } from '@ehr/platform/testing';
import type { Demographics } from '@ehr/contracts';
import { type PatientEvent, patientDecider } from './patient.decider.js';
import { InvalidMrnError, MergeRefusedError, PatientStateError, PotentialDuplicateError } from './adt-errors.js';

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
    spec.given([registered('pA', '00000018'), merged]).when({ type: 'UpdateDemographics', patientId: 'pA', demographics: ada }).thenThrows(PatientStateError, /update the survivor/);
  });
});
