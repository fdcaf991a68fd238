import { freePort } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { graphql, startAdt } from './support/adt-process.js';
import { type Hl7Check, startHl7Check } from './support/hl7-check.js';

type Registered = { registerPatient: { patient: { id: string; mrn: string } } };
const outcome = `__typename ... on Refusal { code message }`;

/** Bed swaps (A17) and a master patient index's person messages (A28, A31), judged by the strict HAPI receiver. */
describe('A17 bed swap and A28/A31 person messages', () => {
  let db: TestDatabase;
  let check: Hl7Check;
  let adt: Awaited<ReturnType<typeof startAdt>>;

  beforeAll(async () => {
    check = await startHl7Check();
    db = await createTestDatabase();
    adt = await startAdt(db.url, await freePort(), { HL7_RECEIVER: `127.0.0.1:${check.port}`, HL7_PERSON_MESSAGES: 'true' });
  }, 180_000);
  afterAll(async () => {
    await adt?.stop();
    await check?.stop();
    await db?.drop();
  });

  const register = async (familyName: string, givenNames: string[]) =>
    (await graphql<Registered>(adt.url, 'registrar', `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ${outcome} ... on PatientRegistered { patient { id mrn } } } }`, { d: { familyName, givenNames, birthDate: '1960-01-15', sex: 'female' } })).data.registerPatient.patient;
  const admit = async (patientId: string, bedId: string, unitId: string) =>
    (await graphql<{ admitPatient: { encounter: { id: string } } }>(adt.url, 'bed-manager', `mutation($p: ID!, $b: BedInput!) { admitPatient(patientId: $p, class: "inpatient", bed: $b) { ${outcome} ... on EncounterChanged { encounter { id } } } }`, { p: patientId, b: { bedId, unitId } })).data.admitPatient.encounter.id;
  const swap = `mutation($e: ID!, $o: ID!, $k: String) { swapBeds(encounterId: $e, otherEncounterId: $o, idempotencyKey: $k) { ${outcome} ... on EncounterChanged { encounter { id bedId unitId } } } }`;

  it('swaps two patients’ beds in one step, once per key, and the receiver accepts A17, A28 and A31 with zero errors', async () => {
    const ana = await register('Peña', ['Ana']);
    const bea = await register('Ortiz', ['Beatriz']);
    const e1 = await admit(ana.id, '5E-08', '5E');
    const e2 = await admit(bea.id, '4W-04A', '4W');

    const swapped = await graphql<{ swapBeds: { __typename: string; encounter: { bedId: string; unitId: string } } }>(adt.url, 'bed-manager', swap, { e: e1, o: e2, k: 'swap-1' });
    expect(swapped.data.swapBeds).toMatchObject({ __typename: 'EncounterChanged', encounter: { bedId: '4W-04A', unitId: '4W' } });
    // A double tap with the same key does not swap them back.
    const again = await graphql<{ swapBeds: { encounter: { bedId: string } } }>(adt.url, 'bed-manager', swap, { e: e1, o: e2, k: 'swap-1' });
    expect(again.data.swapBeds.encounter.bedId).toBe('4W-04A');
    const board = await graphql<{ bedBoard: Array<{ id: string; status: string; patientId: string | null }> }>(adt.url, 'bed-manager', `{ bedBoard { id status patientId } }`);
    const bed = (id: string) => board.data.bedBoard.find((b) => b.id === id);
    expect([bed('5E-08'), bed('4W-04A')]).toEqual([
      { id: '5E-08', status: 'occupied', patientId: bea.id },
      { id: '4W-04A', status: 'occupied', patientId: ana.id },
    ]);
    const self = await graphql<{ swapBeds: { code: string; message: string } }>(adt.url, 'bed-manager', swap, { e: e1, o: e1 });
    expect(self.data.swapBeds).toMatchObject({ code: 'ENCOUNTER_STATE', message: expect.stringContaining('cannot swap beds with itself') });
    const unknown = await graphql<{ swapBeds: { code: string; message: string } }>(adt.url, 'bed-manager', swap, { e: e1, o: 'no-such-visit' });
    expect(unknown.data.swapBeds).toMatchObject({ code: 'UNKNOWN_REFERENCE', message: expect.stringContaining('otherEncounterId') });

    await graphql(adt.url, 'registrar', `mutation($p: ID!, $d: DemographicsInput!) { correctDemographics(patientId: $p, demographics: $d, reason: "typing error") { ${outcome} } }`, {
      p: ana.id,
      d: { familyName: 'Peña', givenNames: ['Ana', 'María'], birthDate: '1960-01-15', sex: 'female' },
    });
    const doe = await graphql<{ registerUnidentifiedPatient: { patient: { id: string } } }>(adt.url, 'ed-staff', `mutation { registerUnidentifiedPatient(sex: "male", estimatedAgeYears: 40, circumstances: "found at the bus station") { ${outcome} ... on PatientRegistered { patient { id } } } }`);
    await graphql(adt.url, 'registrar', `mutation($p: ID!, $d: DemographicsInput!) { identifyPatient(patientId: $p, demographics: $d, howConfirmed: "driver licence") { ${outcome} } }`, {
      p: doe.data.registerUnidentifiedPatient.patient.id,
      d: { familyName: 'Müller', givenNames: ['Jörg'], birthDate: '1985-11-30', sex: 'male' },
    });

    const verdicts = await check.waitFor(10);
    expect(verdicts.map((v) => [v.trigger, v.ack, v.errors])).toEqual([
      ['ADT^A28^ADT_A05', 'AA', []],
      ['ADT^A28^ADT_A05', 'AA', []],
      ['ADT^A01^ADT_A01', 'AA', []],
      ['ADT^A01^ADT_A01', 'AA', []],
      ['ADT^A17^ADT_A17', 'AA', []],
      ['ADT^A08^ADT_A01', 'AA', []],
      ['ADT^A31^ADT_A05', 'AA', []],
      ['ADT^A28^ADT_A05', 'AA', []],
      ['ADT^A08^ADT_A01', 'AA', []],
      ['ADT^A31^ADT_A05', 'AA', []],
    ]);
    expect(verdicts[0]!.familyName).toBe('Peña');

    const { rows } = await db.pool.query<{ trigger_event: string; message: string }>(`SELECT trigger_event, message FROM adt.hl7_outbound WHERE trigger_event = 'A17'`);
    expect(rows).toHaveLength(1);
    const segments = rows[0]!.message.split('\r').map((s) => s.split('|'));
    expect(segments.map((s) => s[0])).toEqual(['MSH', 'EVN', 'PID', 'PV1', 'PID', 'PV1']);
    const pids = segments.filter((s) => s[0] === 'PID').map((s) => s[3]!.split('^')[0]);
    const pv1s = segments.filter((s) => s[0] === 'PV1').map((s) => [s[3]!.split('^')[0], s[6]!.split('^')[0]]);
    // Each patient's PV1 names the bed they now hold and the one they left.
    const byMrn = Object.fromEntries(pids.map((mrn, i) => [mrn, pv1s[i]]));
    expect(byMrn).toEqual({ [ana.mrn]: ['4W', '5E'], [bea.mrn]: ['5E', '4W'] });
    expect(segments[0]![17]).toBe('UNICODE UTF-8');
  }, 120_000);
});
