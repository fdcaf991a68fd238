import { join } from 'node:path';
import { gtinFromNdc10 } from '@ehr/contracts';
import { createTestDatabase, eventually, kafkaBrokersOrSkip, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';

const brokers = kafkaBrokersOrSkip('the eMAR following ADT and orders over Kafka');
const repo = join(import.meta.dirname, '..', '..', '..');
const metoprolol = gtinFromNdc10('99902-2012-1');

/**
 * The production shape for the bedside: ADT, orders and the eMAR each with its own database,
 * joined only by Kafka. A verified order reaches the eMAR through two hops (ADT -> orders for
 * the encounter, orders -> eMAR for the order), and the nurse gives the dose.
 */
(brokers ? describe : describe.skip)('the eMAR over Kafka, each service with its own database', () => {
  let dbs: TestDatabase[] = [];
  let stack: ServiceStack;

  beforeAll(async () => {
    dbs = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
    const [adtDb, ordersDb, marDb] = dbs;
    stack = await startServiceStack({
      repo,
      services: ['adt', 'orders', 'mar'],
      databaseUrl: adtDb!.url,
      databaseFor: { orders: ordersDb!.url, mar: marDb!.url },
      env: { KAFKA_BROKERS: brokers!.join(',') },
    });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    await Promise.all(dbs.map((db) => db.drop()));
  });

  async function call<T>(username: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = await stack.call<T>(username, query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  it('plans the doses of an order verified in another service, and documents one scanned at the bedside', async () => {
    const reg = await call<{ registerPatient: { patient: { id: string; mrn: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Lister", givenNames: ["Joseph"], birthDate: "1827-04-05", sex: "male" }) { ... on PatientRegistered { patient { id mrn } } } }`,
    );
    const { id: patientId, mrn } = reg.registerPatient.patient;
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "4W-02A", unitId: "4W" }) { ... on EncounterChanged { encounter { id } } } }`,
      { p: patientId },
    );
    const order = { patientId, encounterId: admitted.admitPatient.encounter.id, drugId: 'metoprolol-tartrate-25-tab', dose: { value: 25, unit: 'mg' }, route: 'oral', frequency: { type: 'interval', code: 'q6h' }, start: new Date(Date.now() - 60_000).toISOString(), overrides: [] };
    const placed = await eventually(
      () => call<{ placeMedicationOrder: { __typename: string; order?: { id: string } } }>('physician', `mutation($i: MedicationOrderInput!) { placeMedicationOrder(input: $i) { __typename ... on OrderChanged { order { id } } } }`, { i: order }),
      (r) => r.placeMedicationOrder.__typename === 'OrderChanged',
      'orders learning of the admission over Kafka',
      30_000,
    );
    await call('pharmacist', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename } }`, { o: placed.placeMedicationOrder.order!.id });

    const planned = await eventually(
      () => call<{ patient: { medicationAdministrations: Array<{ id: string; status: string }> } }>('nurse', `query($p: ID!) { patient(id: $p) { medicationAdministrations { id status } } }`, { p: patientId }),
      (r) => r.patient.medicationAdministrations.some((d) => d.status === 'open'),
      'the eMAR planning the verified order’s doses over Kafka',
      30_000,
    );
    const doseId = planned.patient.medicationAdministrations.find((d) => d.status === 'open')!.id;
    // The registration and the order travel on different topics: the wristband may be learned a moment after the order.
    await eventually(
      () => call<{ wristbandPatient: { __typename: string; patientId?: string } }>('nurse', `query($s: String!) { wristbandPatient(scan: $s) { __typename ... on WristbandPatient { patientId } } }`, { s: `PID:${mrn}` }),
      (r) => r.wristbandPatient.patientId === patientId,
      'the eMAR knowing the wristband',
      30_000,
    );
    const scanned = await call<{ verifyProduct: { __typename: string } }>(
      'nurse',
      `mutation($d: ID!, $w: String, $p: String) { verifyProduct(doseId: $d, product: { scan: $p }, wristband: { scan: $w }) { __typename ... on Refusal { code message } } }`,
      { d: doseId, w: `PID:${mrn}`, p: metoprolol },
    );
    expect(scanned.verifyProduct).toEqual({ __typename: 'DoseChanged' });
    const given = await call<{ documentGiven: { __typename: string; dose?: { status: string } } }>(
      'nurse',
      `mutation($d: ID!) { documentGiven(input: { doseId: $d, amount: { value: 25, unit: "mg" }, route: "oral" }) { __typename ... on DoseChanged { dose { status } } ... on Refusal { code message } } }`,
      { d: doseId },
    );
    expect(given.documentGiven).toEqual({ __typename: 'DoseChanged', dose: { status: 'given' } });
  }, 120_000);
});
