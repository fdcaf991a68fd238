import { freePort } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { graphql, startAdt } from './support/adt-process.js';

const outcome = '__typename ... on Refusal { code message }';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('ADT read as of a past instant', () => {
  let db: TestDatabase;
  let adt: Awaited<ReturnType<typeof startAdt>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    adt = await startAdt(db.url, await freePort());
  });
  afterAll(async () => {
    await adt?.stop();
    await db?.drop();
  });

  const call = async <T>(role: 'registrar' | 'bed-manager' | 'nurse', query: string, variables: Record<string, unknown> = {}) => {
    const answer = await graphql<T>(adt.url, role, query, variables);
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data;
  };
  const register = async (familyName: string) =>
    (
      await call<{ registerPatient: { patient: { id: string; mrn: string } } }>(
        'registrar',
        `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ${outcome} ... on PatientRegistered { patient { id mrn } } } }`,
        { d: { familyName, givenNames: ['Rosalind'], birthDate: '1920-07-25', sex: 'female', phone: '617-555-0100' } },
      )
    ).registerPatient.patient;

  it('answers where the patient lay, in what class and status, and what the board showed, from the history by effective time', async () => {
    const patient = await register('Franklin');
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>(
      'bed-manager',
      `mutation($p: ID!, $at: String) { admitPatient(patientId: $p, class: "observation", bed: { bedId: "4W-06A", unitId: "4W" }, at: $at) { ${outcome} ... on EncounterChanged { encounter { id } } } }`,
      { p: patient.id, at: hoursAgo(10) },
    );
    const e = admitted.admitPatient.encounter.id;
    await call('bed-manager', `mutation($e: ID!, $at: String) { changePatientClass(encounterId: $e, class: "inpatient", at: $at) { ${outcome} } }`, { e, at: hoursAgo(8) });
    // Entered now, effective six hours ago: the board as of seven hours ago still has her in 4W.
    await call('bed-manager', `mutation($e: ID!, $at: String) { transferPatient(encounterId: $e, to: { bedId: "5E-04", unitId: "5E" }, at: $at) { ${outcome} } }`, { e, at: hoursAgo(6) });
    await call('nurse', `mutation($e: ID!, $at: String) { dischargePatient(encounterId: $e, disposition: "01", at: $at) { ${outcome} } }`, { e, at: hoursAgo(1) });

    const encounter = `query($id: ID!, $at: String) { encounter(id: $id, asOf: $at) { status class bedId unitId admittedAt dischargedAt disposition classHistory { class } } }`;
    const at = async (h: number) => (await call<{ encounter: Record<string, unknown> | null }>('nurse', encounter, { id: e, at: hoursAgo(h) })).encounter;
    expect(await at(11)).toBeNull();
    expect(await at(9)).toMatchObject({ status: 'in-progress', class: 'observation', bedId: '4W-06A', unitId: '4W', dischargedAt: null, classHistory: [{ class: 'observation' }] });
    expect(await at(7)).toMatchObject({ status: 'in-progress', class: 'inpatient', bedId: '4W-06A', classHistory: [{ class: 'observation' }, { class: 'inpatient' }] });
    expect(await at(5)).toMatchObject({ status: 'in-progress', class: 'inpatient', bedId: '5E-04', unitId: '5E' });
    expect(await at(0.5)).toMatchObject({ status: 'finished', bedId: null, disposition: '01', dischargedAt: expect.any(String) });
    // The current read is unchanged by the as-of reads.
    expect((await call<{ encounter: { status: string } }>('nurse', `query($id: ID!) { encounter(id: $id) { status } }`, { id: e })).encounter.status).toBe('finished');

    const bed = async (unitId: string, bedId: string, h: number) =>
      (await call<{ bedBoard: Array<{ id: string; status: string; patientId: string | null; encounterId: string | null }> }>('bed-manager', `query($u: ID, $at: String) { bedBoard(unitId: $u, asOf: $at) { id status patientId encounterId } }`, { u: unitId, at: hoursAgo(h) })).bedBoard.find((b) => b.id === bedId);
    expect(await bed('4W', '4W-06A', 7)).toEqual({ id: '4W-06A', status: 'occupied', patientId: patient.id, encounterId: e });
    expect(await bed('5E', '5E-04', 7)).toMatchObject({ status: 'available', patientId: null });
    expect(await bed('5E', '5E-04', 5)).toEqual({ id: '5E-04', status: 'occupied', patientId: patient.id, encounterId: e });
    // Left at the transfer, and no one has cleaned it since.
    expect(await bed('4W', '4W-06A', 5)).toMatchObject({ status: 'dirty', patientId: null });

    const where = `query($p: ID!, $at: String) { patient(id: $p) { encounters(asOf: $at) { id status bedId } } }`;
    expect((await call<{ patient: { encounters: unknown[] } }>('nurse', where, { p: patient.id, at: hoursAgo(5) })).patient.encounters).toEqual([{ id: e, status: 'in-progress', bedId: '5E-04' }]);
    expect((await call<{ patient: { encounters: unknown[] } }>('nurse', where, { p: patient.id, at: hoursAgo(11) })).patient.encounters).toEqual([]);
  });

  it('answers who the patient was: the name, phone and merge recorded by then', async () => {
    const survivor = await register('Gosling');
    const duplicate = await register('Goslin');
    await pause();
    const beforeCorrection = new Date().toISOString();
    await pause();
    await call(
      'registrar',
      `mutation($p: ID!, $d: DemographicsInput!) { correctDemographics(patientId: $p, demographics: $d, reason: "married name") { ${outcome} } }`,
      { p: survivor.id, d: { familyName: 'Gosling-Wilkins', givenNames: ['Rosalind'], birthDate: '1920-07-25', sex: 'female', phone: '617-555-0199' } },
    );
    await call('registrar', `mutation($r: ID!, $s: ID!) { mergePatients(retiredPatientId: $r, survivorPatientId: $s, reason: "same person") { ${outcome} } }`, { r: duplicate.id, s: survivor.id });

    const asOf = `query($p: ID!, $at: String) { patient(id: $p, asOf: $at) { mrn familyName phone status mergedInto } }`;
    expect((await call<{ patient: unknown }>('registrar', asOf, { p: survivor.id, at: beforeCorrection })).patient).toEqual({ mrn: survivor.mrn, familyName: 'Gosling', phone: '617-555-0100', status: 'active', mergedInto: null });
    expect((await call<{ patient: unknown }>('registrar', asOf, { p: survivor.id, at: new Date().toISOString() })).patient).toMatchObject({ familyName: 'Gosling-Wilkins', phone: '617-555-0199' });
    expect((await call<{ patient: unknown }>('registrar', asOf, { p: duplicate.id, at: beforeCorrection })).patient).toMatchObject({ status: 'active', mergedInto: null });
    expect((await call<{ patient: unknown }>('registrar', asOf, { p: duplicate.id, at: new Date().toISOString() })).patient).toMatchObject({ status: 'merged', mergedInto: survivor.id });
    expect((await call<{ patient: unknown }>('registrar', asOf, { p: survivor.id, at: hoursAgo(1) })).patient).toBeNull();
  });

  it('refuses an as-of instant that is malformed or in the future, naming the field', async () => {
    for (const at of ['2026-02-30T10:00:00Z', '2026-03-02 10:00', new Date(Date.now() + 3_600_000).toISOString()]) {
      const answer = await graphql(adt.url, 'bed-manager', `query($at: String) { bedBoard(asOf: $at) { id } }`, { at });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });
    }
  });
});
