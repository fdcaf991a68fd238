import { join } from 'node:path';
import { createTestDatabase, eventually, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { createReadModel } from '../src/projections/read-model.js';

const repo = join(import.meta.dirname, '..', '..', '..');

interface OrderView {
  id: string;
  status: string;
  verification: string;
  fhirStatus: string;
  reviewPending: boolean;
  endedReason: string | null;
  summary: string;
}

/** ADT, orders and the gateway as separate processes on the embedded transport: one database, each its own schema. */
describe('orders, end to end through the gateway', () => {
  let db: TestDatabase;
  let stack: ServiceStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'orders'], databaseUrl: db.url });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const call = <T>(username: string, query: string, variables: Record<string, unknown> = {}) => stack.call<T>(username, query, variables);

  const orderFields = 'id status verification fhirStatus reviewPending endedReason summary';
  const placeAmoxicillin = `mutation($p: ID!, $e: ID!, $o: [AlertOverrideInput!]!) {
    placeMedicationOrder(input: { patientId: $p, encounterId: $e, drugId: "amoxicillin-500-cap", dose: { value: 500, unit: "mg" }, route: "oral",
      frequency: { type: "interval", code: "q8h" }, overrides: $o }) {
      __typename ... on OrderChanged { order { ${orderFields} } } ... on OrderAlertsRaised { alerts { kind key message } } ... on Refusal { code message } } }`;

  async function admittedPatient(familyName: string, bedId: string, unitId: string) {
    const reg = await call<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id } } } }`,
      { d: { familyName, givenNames: ['Test'], birthDate: '1960-01-01', sex: 'female' } },
    );
    const patientId = reg.data.registerPatient.patient.id;
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!, $b: BedInput!) { admitPatient(patientId: $p, class: "inpatient", bed: $b) { ... on EncounterChanged { encounter { id } } } }`,
      { p: patientId, b: { bedId, unitId } },
    );
    return { patientId, encounterId: admitted.data.admitPatient.encounter.id };
  }

  it('checks a new order against the allergy list, needs a coded override, and waits for the pharmacist', async () => {
    const { patientId, encounterId } = await admittedPatient('Fleming', 'ICU-03', 'ICU');
    const allergy = await call<{ recordAllergy: { allergies: Array<{ substance: string }> } }>(
      'nurse',
      `mutation($p: ID!) { recordAllergy(input: { patientId: $p, substanceCode: "penicillins", substance: "Penicillins", reaction: "hives", criticality: "high" }) {
         ... on AllergyChanged { allergies { substance } } } }`,
      { p: patientId },
    );
    expect(allergy.data.recordAllergy.allergies).toEqual([{ substance: 'Penicillins' }]);

    // The orders service hears of the admission from ADT's events a moment after it happened.
    const alerted = await eventually(
      () => call<{ placeMedicationOrder: { __typename: string; alerts?: Array<{ kind: string; key: string; message: string }>; code?: string } }>('physician', placeAmoxicillin, { p: patientId, e: encounterId, o: [] }),
      (r) => r.data.placeMedicationOrder.code !== 'ENCOUNTER_NOT_OPEN',
      'the orders service learning of the admission',
    );
    expect(alerted.data.placeMedicationOrder.__typename).toBe('OrderAlertsRaised');
    const [alert] = alerted.data.placeMedicationOrder.alerts!;
    expect(alert).toMatchObject({ kind: 'allergy', key: 'allergy:penicillins', message: expect.stringContaining('Penicillins (hives)') });

    const placed = await call<{ placeMedicationOrder: { order: OrderView } }>('physician', placeAmoxicillin, {
      p: patientId,
      e: encounterId,
      o: [{ alertKey: alert!.key, reason: 'tolerated-previously', comment: 'took amoxicillin in 2024 without reaction' }],
    });
    const order = placed.data.placeMedicationOrder.order;
    expect(order).toMatchObject({ status: 'active', verification: 'pending', fhirStatus: 'draft', summary: 'Amoxicillin 500 MG Oral Capsule: 500 mg oral q8h' });

    const queue = await call<{ verificationQueue: Array<{ id: string }> }>('pharmacist', `{ verificationQueue { id } }`);
    expect(queue.data.verificationQueue.map((o) => o.id)).toContain(order.id);
    const byPhysician = await call('physician', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename } }`, { o: order.id });
    expect(byPhysician.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const verified = await call<{ verifyOrder: { order: OrderView } }>('pharmacist', `mutation($o: ID!) { verifyOrder(orderId: $o) { ... on OrderChanged { order { ${orderFields} } } } }`, { o: order.id });
    expect(verified.data.verifyOrder.order).toMatchObject({ verification: 'verified', fhirStatus: 'active' });

    // One patient record: ADT's demographics and the orders service's orders and allergies in one query.
    const record = await call<{ patient: { familyName: string; allergies: Array<{ substance: string }>; orders: { nodes: Array<{ id: string; verification: string }> } } }>(
      'nurse',
      `query($p: ID!) { patient(id: $p) { familyName allergies { substance } orders { nodes { id verification } } } }`,
      { p: patientId },
    );
    expect(record.data.patient).toEqual({ familyName: 'Fleming', allergies: [{ substance: 'Penicillins' }], orders: { nodes: [{ id: order.id, verification: 'verified' }] } });
  });

  it('follows the encounter: a move to another level of care flags orders for review, discharge discontinues them, and no orders after discharge', async () => {
    const { patientId, encounterId } = await admittedPatient('Salk', 'ICU-04', 'ICU');
    const diet = `mutation($p: ID!, $e: ID!) { placeDietOrder(input: { patientId: $p, encounterId: $e, diet: "cardiac", fluidRestrictionMl: 1500 }) {
      __typename ... on OrderChanged { order { ${orderFields} } } ... on Refusal { code message } } }`;
    const placed = await eventually(
      () => call<{ placeDietOrder: { __typename: string; code?: string; order?: OrderView } }>('physician', diet, { p: patientId, e: encounterId }),
      (r) => r.data.placeDietOrder.__typename === 'OrderChanged',
      'a diet order on the new admission',
    );
    const orderId = placed.data.placeDietOrder.order!.id;
    const orderNow = () => call<{ order: OrderView }>('nurse', `query($o: ID!) { order(id: $o) { ${orderFields} } }`, { o: orderId });

    await call('bedmanager', `mutation($e: ID!) { transferPatient(encounterId: $e, to: { bedId: "4W-06A", unitId: "4W" }) { __typename } }`, { e: encounterId });
    await eventually(orderNow, (r) => r.data.order.reviewPending, 'the review flag after ICU to 4 West');
    const reviewed = await call<{ reviewOrder: { order: OrderView } }>('physician', `mutation($o: ID!) { reviewOrder(orderId: $o) { ... on OrderChanged { order { ${orderFields} } } } }`, { o: orderId });
    expect(reviewed.data.reviewOrder.order.reviewPending).toBe(false);

    await call('nurse', `mutation($e: ID!) { dischargePatient(encounterId: $e, disposition: "01") { __typename } }`, { e: encounterId });
    const ended = await eventually(orderNow, (r) => r.data.order.status === 'discontinued', 'discontinuation at discharge');
    expect(ended.data.order).toMatchObject({ fhirStatus: 'revoked', endedReason: 'Patient discharged' });

    const late = await call<{ placeDietOrder: { __typename: string; code: string; message: string } }>('physician', diet, { p: patientId, e: encounterId });
    expect(late.data.placeDietOrder).toMatchObject({ __typename: 'Refusal', code: 'ENCOUNTER_NOT_OPEN', message: expect.stringContaining('discharged') });
  });

  it('shows the allergies of a record ADT merged into the patient, and removes one from the survivor’s chart', async () => {
    const register = (familyName: string) =>
      call<{ registerPatient: { patient: { id: string } } }>(
        'registrar',
        `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id } } } }`,
        { d: { familyName, givenNames: ['Test'], birthDate: '1961-02-02', sex: 'male' } },
      ).then((r) => r.data.registerPatient.patient.id);
    const [retired, survivor] = [await register('Morse'), await register('Morse-Code')];
    await call('nurse', `mutation($p: ID!) { recordAllergy(input: { patientId: $p, substanceCode: "sulfonamides", substance: "Sulfonamides", reaction: "rash", criticality: "low" }) { __typename } }`, {
      p: retired,
    });
    await call('registrar', `mutation($r: ID!, $s: ID!) { mergePatients(retiredPatientId: $r, survivorPatientId: $s, reason: "registered twice") { __typename } }`, { r: retired, s: survivor });
    const allergiesOf = () =>
      call<{ patient: { allergies: Array<{ id: string; substance: string }> } }>('physician', `query($p: ID!) { patient(id: $p) { allergies { id substance } } }`, { p: survivor }).then(
        (r) => r.data.patient.allergies,
      );
    const merged = await eventually(allergiesOf, (list) => list.length === 1, 'the retired record’s allergy on the survivor’s chart');
    expect(merged).toEqual([{ id: expect.any(String), substance: 'Sulfonamides' }]);

    const removed = await call<{ removeAllergy: { __typename: string; allergies?: unknown[]; code?: string; message?: string } }>(
      'physician',
      `mutation($p: ID!, $a: ID!) { removeAllergy(patientId: $p, allergyId: $a, reason: "refuted") { __typename ... on AllergyChanged { allergies { id } } ... on Refusal { code message } } }`,
      { p: survivor, a: merged[0]!.id },
    );
    expect(removed.data.removeAllergy).toEqual({ __typename: 'AllergyChanged', allergies: [] });
    expect(await allergiesOf()).toEqual([]);
  });

  it('names the bad field in an order it cannot take', async () => {
    const { patientId, encounterId } = await admittedPatient('Curie', 'ICU-05', 'ICU');
    const bad = await call<{ placeMedicationOrder: { code: string; message: string } }>(
      'physician',
      `mutation($p: ID!, $e: ID!) { placeMedicationOrder(input: { patientId: $p, encounterId: $e, drugId: "metoprolol-tartrate-25-tab", dose: { value: 25, unit: "mg" }, route: "by mouth",
         frequency: { type: "scheduled", code: "BID" } }) { ... on Refusal { code message } } }`,
      { p: patientId, e: encounterId },
    );
    expect(bad.data.placeMedicationOrder).toEqual({ code: 'INVALID_INPUT', message: expect.stringMatching(/^route must be one of oral, .* \(got "by mouth"\)$/) });
  });

  it('reads every read-model table through its Prisma model, with a field for every column', async () => {
    const readModel = createReadModel(db.url);
    try {
      const rows = {
        units: await readModel.unit.findFirstOrThrow(),
        encounters: await readModel.encounter.findFirstOrThrow(),
        orders: await readModel.order.findFirstOrThrow(),
        allergies: await readModel.allergy.findFirstOrThrow(),
      };
      for (const [table, row] of Object.entries(rows)) {
        const { rows: columns } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'orders' AND table_name = $1`, [table]);
        expect([table, Object.keys(row).length]).toEqual([table, columns[0]!.n]);
      }
    } finally {
      await readModel.$disconnect();
    }
  });
});
