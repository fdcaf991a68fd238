import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { patientIdsNamedBy } from './patient-ids.js';

const op = (query: string) => parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

describe('patients an operation names', () => {
  it('reads the patient an argument names, through variables or inline, nested in input too', () => {
    expect(patientIdsNamedBy(op('mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient") { __typename } }'), { p: 'p7' })).toEqual(['p7']);
    expect(patientIdsNamedBy(op('{ patient(id: "p9") { mrn } }'), {})).toEqual(['p9']);
    expect(patientIdsNamedBy(op('mutation($i: OrderInput!) { placeOrder(input: $i) { __typename } }'), { i: { patientId: 'p3', drug: 'x' } })).toEqual(['p3']);
    expect(patientIdsNamedBy(op('mutation { mergePatients(retiredPatientId: "p1", survivorPatientId: "p2") { __typename } }'), {}).sort()).toEqual(['p1', 'p2']);
  });

  it('does not take a bed or encounter id for a patient', () => {
    expect(patientIdsNamedBy(op('mutation($e: ID!) { transferPatient(encounterId: $e) { __typename } }'), { e: 'e1' })).toEqual([]);
    expect(patientIdsNamedBy(op('{ encounter(id: "e1") { id } }'), {})).toEqual([]);
  });
});
