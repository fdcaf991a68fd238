import { join } from 'node:path';
import { createTestDatabase, eventually, kafkaBrokersOrSkip, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';

const brokers = kafkaBrokersOrSkip('the bed board following ED rooming over Kafka');
const repo = join(import.meta.dirname, '..', '..', '..');

interface BoardBed {
  id: string;
  status: string;
  patientId: string | null;
  edVisitId: string | null;
  patient: { familyName: string } | null;
}

/** ADT and the ED, each with its own database, joined only by Kafka, behind the gateway. */
(brokers ? describe : describe.skip)('ED rooms on the bed board, learned over Kafka', () => {
  let adtDb: TestDatabase;
  let edDb: TestDatabase;
  let stack: ServiceStack;

  beforeAll(async () => {
    [adtDb, edDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    stack = await startServiceStack({ repo, services: ['adt', 'ed'], databaseUrl: adtDb.url, databaseFor: { ed: edDb.url }, env: { KAFKA_BROKERS: brokers!.join(',') } });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    await Promise.all([adtDb?.drop(), edDb?.drop()]);
  });

  const board = async (asOf?: string) => {
    const answer = await stack.call<{ bedBoard: BoardBed[] }>('bedmanager', `query($at: String) { bedBoard(unitId: "ED", asOf: $at) { id status patientId edVisitId patient { familyName } } }`, { at: asOf });
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data.bedBoard.find((b) => b.id === 'ED-07')!;
  };
  const edStep = async (mutation: string, variables: Record<string, unknown>) =>
    (await stack.call<Record<string, { __typename: string; visit?: { id: string }; code?: string }>>('ed', mutation, variables)).data;

  it('shows an ED room the ED put a patient in as occupied by that patient, and free again once the visit leaves it; and as of the time in between', async () => {
    const reg = await stack.call<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Semmelweis", givenNames: ["Ignaz"], birthDate: "1818-07-01", sex: "male" }) { ... on PatientRegistered { patient { id } } } }`,
    );
    const patientId = reg.data.registerPatient.patient.id;
    expect(await board()).toMatchObject({ status: 'available', patientId: null });

    // The ED learns of the patient from ADT's events, then registers the arrival.
    const arrival = await eventually(
      () => edStep(`mutation($p: ID!) { registerArrival(patientId: $p, mode: "walk-in") { __typename ... on EdVisitChanged { visit { id } } ... on Refusal { code } } }`, { p: patientId }),
      (d) => d.registerArrival?.__typename === 'EdVisitChanged',
      'the ED knowing the patient',
      30_000,
    );
    const visitId = arrival.registerArrival!.visit!.id;
    const roomed = await edStep(`mutation($v: ID!) { assignRoom(visitId: $v, roomId: "ED-07") { __typename ... on Refusal { code } } }`, { v: visitId });
    expect(roomed.assignRoom!.__typename).toBe('EdVisitChanged');

    const occupied = await eventually(() => board(), (b) => b.status === 'occupied', 'ED-07 occupied on the bed board', 30_000);
    expect(occupied).toEqual({ id: 'ED-07', status: 'occupied', patientId, edVisitId: visitId, patient: { familyName: 'Semmelweis' } });
    // Nor can ADT put someone else in that room meanwhile.
    const other = await stack.call<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Lister", givenNames: ["Joseph"], birthDate: "1827-04-05", sex: "male" }) { ... on PatientRegistered { patient { id } } } }`,
    );
    const refused = await stack.call<{ admitPatient: { __typename: string; code?: string; message?: string } }>(
      'bedmanager',
      `mutation($p: ID!) { admitPatient(patientId: $p, class: "emergency", bed: { bedId: "ED-07", unitId: "ED" }) { __typename ... on Refusal { code message } } }`,
      { p: other.data.registerPatient.patient.id },
    );
    expect(refused.data.admitPatient).toEqual({ __typename: 'Refusal', code: 'BED_OCCUPIED', message: 'Bed ED-07 is occupied by an ED patient; choose another bed, or free this one first.' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const whileRoomed = new Date().toISOString();

    const released = await edStep(`mutation($v: ID!) { releaseRoom(visitId: $v) { __typename ... on Refusal { code } } }`, { v: visitId });
    expect(released.releaseRoom!.__typename).toBe('EdVisitChanged');
    const free = await eventually(() => board(), (b) => b.status !== 'occupied', 'ED-07 free on the bed board', 30_000);
    expect(free).toEqual({ id: 'ED-07', status: 'available', patientId: null, edVisitId: null, patient: null });

    // The board as it stood while the patient was in the room, and before.
    expect(await board(whileRoomed)).toMatchObject({ status: 'occupied', patientId, edVisitId: visitId });
    expect(await board(new Date(Date.now() - 3_600_000).toISOString())).toMatchObject({ status: 'available', patientId: null, edVisitId: null });
  }, 120_000);
});
