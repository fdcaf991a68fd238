import { join } from 'node:path';
import { createTestDatabase, kafkaBrokersOrSkip, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';

const brokers = kafkaBrokersOrSkip('orders following ADT over Kafka');
const repo = join(import.meta.dirname, '..', '..', '..');

/**
 * The production shape: ADT and orders each with its own database, joined only by Kafka.
 * ADT's relay publishes to ehr.adt.events; the orders consumer group follows it.
 */
(brokers ? describe : describe.skip)('orders following ADT over Kafka, each service with its own database', () => {
  let adtDb: TestDatabase;
  let ordersDb: TestDatabase;
  let stack: ServiceStack;

  beforeAll(async () => {
    [adtDb, ordersDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    stack = await startServiceStack({ repo, services: ['adt', 'orders'], databaseUrl: adtDb.url, databaseFor: { orders: ordersDb.url }, env: { KAFKA_BROKERS: brokers!.join(',') } });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    await Promise.all([adtDb?.drop(), ordersDb?.drop()]);
  });

  const call = async <T>(username: string, query: string, variables: Record<string, unknown> = {}) => (await stack.call<T>(username, query, variables)).data;

  it('learns of the admission and the discharge through Kafka: an order can be placed, then is discontinued', async () => {
    const reg = await call<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Ehrlich", givenNames: ["Paul"], birthDate: "1854-03-14", sex: "male" }) { ... on PatientRegistered { patient { id } } } }`,
    );
    const patientId = reg.registerPatient.patient.id;
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "5E-07", unitId: "5E" }) { ... on EncounterChanged { encounter { id } } } }`,
      { p: patientId },
    );
    const encounterId = admitted.admitPatient.encounter.id;
    const nursing = `mutation($p: ID!, $e: ID!) { placeNursingOrder(input: { patientId: $p, encounterId: $e, instruction: "Telemetry monitoring" }) {
      __typename ... on OrderChanged { order { id } } ... on Refusal { code } } }`;

    const started = Date.now();
    let placed: { placeNursingOrder: { __typename: string; order?: { id: string }; code?: string } };
    do {
      placed = await call<typeof placed>('physician', nursing, { p: patientId, e: encounterId });
      if (placed.placeNursingOrder.__typename === 'OrderChanged') break;
      expect(placed.placeNursingOrder.code).toBe('ENCOUNTER_NOT_OPEN');
      await new Promise((resolve) => setTimeout(resolve, 200));
    } while (Date.now() - started < 30_000);
    expect(placed.placeNursingOrder.__typename).toBe('OrderChanged');
    console.log(`orders heard of the admission through Kafka within ${Date.now() - started} ms`);

    await call('nurse', `mutation($e: ID!) { dischargePatient(encounterId: $e, disposition: "01") { __typename } }`, { e: encounterId });
    const orderId = placed.placeNursingOrder.order!.id;
    const deadline = Date.now() + 30_000;
    let status = '';
    while (Date.now() < deadline) {
      status = (await call<{ order: { status: string } }>('nurse', `query($o: ID!) { order(id: $o) { status } }`, { o: orderId })).order.status;
      if (status === 'discontinued') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe('discontinued');
  }, 90_000);
});
