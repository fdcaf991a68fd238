import { buildSchema, execute, parse, print } from 'graphql';
import type { Requester } from '@ehr/contracts';
import { ReturnedPatients } from './returned-patients.js';

const schema = buildSchema(`
  type Query { patient(id: ID!): Patient searchPatients(name: String): [Patient] bedBoard: [Bed] encounter(id: ID!): Encounter census: Census }
  type Mutation { dischargePatient(encounterId: ID!): EncounterResult mergePatients(retired: ID!): PatientsMerged }
  type Patient { id: ID! mrn: String encounters: [Encounter] }
  type Encounter { id: ID! patientId: ID! bedId: String }
  type Bed { id: ID! patientId: ID patient: Patient }
  type Census { total: Int }
  type EncounterChanged { encounter: Encounter }
  type Refusal { code: String }
  type PatientsMerged { survivorPatientId: ID retiredPatientId: ID }
  union EncounterResult = EncounterChanged | Refusal
`);

const patients = { p1: { id: 'p1', mrn: 'M1', encounters: [{ id: 'e1', patientId: 'p1', bedId: 'B1' }] }, p2: { id: 'p2', mrn: 'M2', encounters: [] } };
const root = {
  patient: ({ id }: { id: 'p1' | 'p2' }) => patients[id],
  searchPatients: () => Object.values(patients),
  bedBoard: () => [{ id: 'B1', patientId: 'p1', patient: patients.p1 }, { id: 'B2', patientId: null, patient: null }],
  encounter: () => patients.p1.encounters[0],
  census: () => ({ total: 1 }),
  dischargePatient: () => ({ __typename: 'EncounterChanged', encounter: patients.p1.encounters[0] }),
  mergePatients: () => ({ survivorPatientId: 'p2', retiredPatientId: 'p1' }),
};

/** Runs a query as the gateway would: instrumented, executed, read out and cleaned. */
const nurse: Requester = { role: 'nurse' };
const run = async (query: string, requester = nurse, returned = new ReturnedPatients()) => {
  const { document, coordinates } = returned.instrument(schema, parse(query), query, requester);
  const result = await execute({ schema, document, rootValue: root });
  const ids = returned.collect(result.data);
  return { ids: ids.sort(), data: result.data, errors: result.errors, document: print(document), coordinates };
};

describe('the patients an answer returned', () => {
  it('finds a searched patient whose id the query did not select, and hands back only what was asked', async () => {
    expect(await run('{ searchPatients(name: "x") { mrn } }')).toMatchObject({ ids: ['p1', 'p2'], data: { searchPatients: [{ mrn: 'M1' }, { mrn: 'M2' }] } });
  });

  it('sees through aliases, root and inline fragments', async () => {
    const query = '{ ...Root } fragment Root on Query { x: patient(id: "p2") { ... on Patient { number: mrn } } board: bedBoard { label: id } }';
    expect(await run(query)).toMatchObject({ ids: ['p1', 'p2'], data: { x: { number: 'M2' }, board: [{ label: 'B1' }, { label: 'B2' }] }, coordinates: ['Bed.id', 'Patient.mrn', 'Query.bedBoard', 'Query.patient'] });
  });

  it('finds the patient of a read through an encounter, and of a command that returns only its type', async () => {
    expect((await run('query { encounter(id: "e1") { bedId } }')).ids).toEqual(['p1']);
    const command = await run('mutation { dischargePatient(encounterId: "e1") { __typename } }');
    expect(command).toMatchObject({ ids: ['p1'], data: { dischargePatient: { __typename: 'EncounterChanged' } } });
    expect((await run('mutation { mergePatients(retired: "p1") { __typename } }')).ids).toEqual(['p1', 'p2']);
  });

  it('finds no patient in an aggregate without one', async () => {
    expect(await run('{ census { total } }')).toMatchObject({ ids: [], data: { census: { total: 1 } } });
  });

  it('adds only what the requester may read: an admin’s bed board shows beds, with no refusal of who lies in them', async () => {
    const admin = await run('{ bedBoard { id } }', { role: 'admin' });
    expect(admin).toMatchObject({ ids: [], data: { bedBoard: [{ id: 'B1' }, { id: 'B2' }] }, errors: undefined });
    expect(admin.document).not.toMatch(/patientId/);
    expect((await run('{ bedBoard { id } }')).ids).toEqual(['p1']);
    const scoped = await run('{ bedBoard { id } }', { role: 'integrator', scopes: ['system/Location.read'] });
    expect(scoped.document).not.toMatch(/patientId/);
  });

  it('reuses the instrumented document for the same operation and requester', () => {
    const returned = new ReturnedPatients();
    const first = returned.instrument(schema, parse('{ patient(id: "p1") { mrn } }'), 'k', nurse);
    expect(returned.instrument(schema, parse('{ patient(id: "p1") { mrn } }'), 'k', { role: 'nurse' })).toBe(first);
    expect(returned.instrument(schema, parse('{ patient(id: "p1") { mrn } }'), 'k', { role: 'admin' })).not.toBe(first);
    expect(print(first.document)).toMatch(/audit[0-9a-f]{12}_id: id/);
  });
});
