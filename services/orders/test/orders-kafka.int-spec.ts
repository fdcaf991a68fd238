import { join } from 'node:path';
import { freePort } from '@ehr/platform';
import { createTestDatabase, kafkaBrokersOrSkip, type RunningService, startServiceProcess, type TestDatabase } from '@ehr/platform/testing';

const brokers = kafkaBrokersOrSkip('orders following ADT over Kafka');
const secret = 'orders-kafka-secret-0123456789abcdef';
const repo = join(import.meta.dirname, '..', '..', '..');

/**
 * The production shape: ADT and orders each with its own database, joined only by Kafka.
 * ADT's relay publishes to ehr.adt.events; the orders consumer group follows it.
 */
(brokers ? describe : describe.skip)('orders following ADT over Kafka, each service with its own database', () => {
  let adtDb: TestDatabase;
  let ordersDb: TestDatabase;
  let services: RunningService[] = [];
  let gateway: RunningService;

  beforeAll(async () => {
    [adtDb, ordersDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const common = { GATEWAY_SHARED_SECRET: secret, KAFKA_BROKERS: brokers!.join(',') };
    const adt = await startServiceProcess({
      main: join(repo, 'services', 'adt', 'dist', 'main.js'),
      port: await freePort(),
      env: { ...common, SERVICE_NAME: 'adt', DATABASE_URL: adtDb.url, SEED_DEMO_HOSPITAL: 'true' },
    });
    const orders = await startServiceProcess({ main: join(repo, 'services', 'orders', 'dist', 'main.js'), port: await freePort(), env: { ...common, SERVICE_NAME: 'orders', DATABASE_URL: ordersDb.url } });
    gateway = await startServiceProcess({
      main: join(repo, 'gateway', 'dist', 'main.js'),
      port: await freePort(),
      env: { ...common, SERVICE_NAME: 'gateway', DATABASE_URL: adtDb.url, SUBGRAPHS: `adt=${adt.url}/graphql,orders=${orders.url}/graphql` },
    });
    services = [gateway, orders, adt];
  }, 90_000);
  afterAll(async () => {
    for (const service of services) await service.stop();
    await Promise.all([adtDb?.drop(), ordersDb?.drop()]);
  });

  async function call<T>(username: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const token = ((await (await fetch(`${gateway.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) })).json()) as { access_token: string }).access_token;
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return ((await response.json()) as { data: T }).data;
  }

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
