import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { patientIdsIn } from './patient-ids.js';

const op = (query: string) => parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

describe('patients an operation touched', () => {
  it('finds patients in returned patients and in patientId fields', () => {
    const data = { searchPatients: [{ id: 'p1', mrn: '00000018' }, { id: 'p2' }], bedBoard: [{ id: '4W-01A', patientId: 'p3' }] };
    expect(patientIdsIn(op('{ searchPatients(familyName: "L") { id } bedBoard { id patientId } }'), {}, data).sort()).toEqual(['p1', 'p2', 'p3']);
  });

  it('reads the patient an argument names, through variables or inline', () => {
    expect(patientIdsIn(op('mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient") { __typename } }'), { p: 'p7' }, {})).toEqual(['p7']);
    expect(patientIdsIn(op('{ patient(id: "p9") { mrn } }'), {}, { patient: null })).toEqual(['p9']);
  });

  it('does not take a bed or encounter id for a patient', () => {
    expect(patientIdsIn(op('mutation($e: ID!) { transferPatient(encounterId: $e) { __typename } }'), { e: 'e1' }, { transferPatient: { encounter: { id: 'e1', bedId: 'b1' } } })).toEqual([]);
  });
});
