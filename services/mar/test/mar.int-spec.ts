import { join } from 'node:path';
import { gtinFromNdc10 } from '@ehr/contracts';
import { createTestDatabase, eventually as eventuallyWithin, type GraphQLResponse, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { createReadModel } from '../src/projections/read-model.js';

const repo = join(import.meta.dirname, '..', '..', '..');
const tartrate = gtinFromNdc10('99902-2012-1');
const succinate = gtinFromNdc10('99901-114-10');
const oxycodone = gtinFromNdc10('99901-102-10');
const hydromorphone = gtinFromNdc10('0999-1004-01');
const lisinopril = gtinFromNdc10('0999-1016-01');

interface Entry {
  id: string;
  outcome: string;
  by: string;
  reason: string | null;
  amount: { value: number; unit: string } | null;
  partialOf: { value: number; unit: string } | null;
  inError: { reason: string } | null;
}
interface Dose {
  id: string;
  status: string;
  timing: string | null;
  dueAt: string | null;
  dueLocal: string | null;
  drugName: string;
  wristbandVerified: boolean;
  productVerified: boolean;
  scannedPackages: { count: number; needed: number | null; packageAmount: { value: number; unit: string } } | null;
  entries: Entry[];
}
type Result = { __typename: string; code?: string; message?: string; dose?: Dose };

const doseFields =
  'id status timing dueAt dueLocal drugName wristbandVerified productVerified scannedPackages { count needed packageAmount { value unit } } entries { id outcome by reason amount { value unit } partialOf { value unit } inError { reason } }';
/** The patient's whole record, twice over, asks for less of each dose (the gateway limits a query's cost). */
const recordFields = 'id status entries { inError { reason } }';
const result = `__typename ... on DoseChanged { dose { ${doseFields} } } ... on Refusal { code message }`;

/** ADT, orders, the eMAR and the gateway as separate processes on the embedded transport. */
describe('the eMAR, end to end through the gateway', () => {
  let db: TestDatabase;
  let stack: ServiceStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'orders', 'mar'], databaseUrl: db.url });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  /** One operation as a demo user; a GraphQL error (not a typed refusal) fails the test. */
  async function call<T>(username: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    const body = await stack.call<T>(username, query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body;
  }

  /** The eMAR learns of ADT's and orders' events a moment later. */
  const eventually = <T>(ask: () => Promise<T>, done: (value: T) => boolean, what: string) => eventuallyWithin(ask, done, what, 15_000);

  async function admittedPatient(familyName: string, bedId: string, unitId: string) {
    const reg = await call<{ registerPatient: { patient: { id: string; mrn: string } } }>(
      'registrar',
      `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id mrn } } } }`,
      { d: { familyName, givenNames: ['Test'], birthDate: '1950-02-03', sex: 'male' } },
    );
    const { id: patientId, mrn } = reg.data.registerPatient.patient;
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!, $b: BedInput!) { admitPatient(patientId: $p, class: "inpatient", bed: $b) { ... on EncounterChanged { encounter { id } } } }`,
      { p: patientId, b: { bedId, unitId } },
    );
    return { patientId, encounterId: admitted.data.admitPatient.encounter.id, wristband: `PID:${mrn}` };
  }

  /** A verified medication order; the eMAR has it once its doses (or, for PRN, the order) show on the shift MAR. */
  async function verifiedOrder(patient: { patientId: string; encounterId: string }, medication: Record<string, unknown>): Promise<string> {
    const place = `mutation($input: MedicationOrderInput!) { placeMedicationOrder(input: $input) { __typename ... on OrderChanged { order { id } } ... on Refusal { code message } } }`;
    const placed = await eventually(
      () => call<{ placeMedicationOrder: { __typename: string; order?: { id: string } } }>('physician', place, { input: { patientId: patient.patientId, encounterId: patient.encounterId, overrides: [], ...medication } }),
      (r) => r.data.placeMedicationOrder.__typename === 'OrderChanged',
      'an order on the new admission',
    );
    const orderId = placed.data.placeMedicationOrder.order!.id;
    await call('pharmacist', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename } }`, { o: orderId });
    return orderId;
  }

  const shift = (patientId: string, shiftStart: string | null = null) =>
    call<{ marForShift: { doses: Dose[]; unitId: string; bedId: string; prnOrders: Array<{ orderId: string; nextEligibleLocal: string | null }>; patient: { familyName: string } } }>(
      'nurse',
      `query($p: ID!, $s: String) { marForShift(patientId: $p, shiftStart: $s) { unitId bedId patient { familyName } prnOrders { orderId nextEligibleLocal } doses { ${doseFields} } } }`,
      { p: patientId, s: shiftStart },
    );

  /** Metoprolol tartrate every 8 hours from five minutes ago: its first dose is due now. */
  async function dueMetoprolol(familyName: string, bedId: string, unitId = 'ICU', mg = 25) {
    const patient = await admittedPatient(familyName, bedId, unitId);
    const orderId = await verifiedOrder(patient, {
      drugId: 'metoprolol-tartrate-25-tab',
      dose: { value: mg, unit: 'mg' },
      route: 'oral',
      frequency: { type: 'interval', code: 'q8h' },
      start: new Date(Date.now() - 5 * 60_000).toISOString(),
    });
    const mar = await eventually(() => shift(patient.patientId), (r) => r.data.marForShift.doses.some((d) => d.timing === 'due'), 'the due dose on the MAR');
    const dose = mar.data.marForShift.doses.find((d) => d.timing === 'due')!;
    return { ...patient, orderId, dose };
  }

  const scanWristband = (user: string, doseId: string | null, scan: string, orderId: string | null = null) =>
    call<{ verifyWristband: Result }>(user, `mutation($d: ID, $o: ID, $s: String) { verifyWristband(doseId: $d, orderId: $o, wristband: { scan: $s }) { ${result} } }`, { d: doseId, o: orderId, s: scan }).then(
      (r) => r.data.verifyWristband,
    );
  const scanProduct = (user: string, doseId: string, scan: string) =>
    call<{ verifyProduct: Result }>(user, `mutation($d: ID!, $s: String) { verifyProduct(doseId: $d, product: { scan: $s }) { ${result} } }`, { d: doseId, s: scan }).then((r) => r.data.verifyProduct);
  const give = (user: string, doseId: string, more: Record<string, unknown> = {}) =>
    call<{ documentGiven: Result }>(user, `mutation($i: GivenInput!) { documentGiven(input: $i) { ${result} } }`, {
      i: { doseId, amount: { value: 25, unit: 'mg' }, route: 'oral', ...more },
    }).then((r) => r.data.documentGiven);

  it('refuses the wrong wristband and the wrong drug with distinct refusals, gives once when two nurses act at once, and corrects in error with the past MAR intact', async () => {
    const { patientId, dose, wristband } = await dueMetoprolol('Osler', 'ICU-01');
    const other = await admittedPatient('Halsted', 'ICU-02', 'ICU');
    await eventually(() => scanWristband('nurse', dose.id, other.wristband), (r) => r.code !== 'UNKNOWN_WRISTBAND', 'the eMAR learning of the second patient');

    expect(await scanWristband('nurse', dose.id, other.wristband)).toMatchObject({ __typename: 'Refusal', code: 'WRONG_PATIENT', message: expect.stringContaining('Wristband does not match the open patient') });
    expect(await scanWristband('nurse', dose.id, tartrate)).toMatchObject({ code: 'NOT_A_WRISTBAND' });
    expect(await scanWristband('nurse', dose.id, wristband)).toMatchObject({ __typename: 'DoseChanged', dose: { wristbandVerified: true, productVerified: false } });
    expect(await scanProduct('nurse', dose.id, succinate)).toMatchObject({ code: 'NOT_ORDERED', message: expect.stringContaining('No active order matches the scanned product') });
    expect(await scanProduct('nurse', dose.id, tartrate)).toMatchObject({ __typename: 'DoseChanged', dose: { productVerified: true } });

    // A nurse who scanned nothing cannot document on another nurse's scans.
    expect(await give('nurse2', dose.id)).toMatchObject({ code: 'SCANNED_BY_ANOTHER_USER', message: expect.stringContaining('not by you') });
    const [first, second] = await Promise.all([give('nurse', dose.id), give('nurse2', dose.id)]);
    expect(first).toMatchObject({ __typename: 'DoseChanged' });
    expect(second).toMatchObject({ __typename: 'Refusal', code: expect.stringMatching(/^(ALREADY_GIVEN|SCANNED_BY_ANOTHER_USER)$/) });
    const winner = first.dose!;
    expect(winner).toMatchObject({ status: 'given', timing: null });

    const beforeCorrection = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const corrected = await call<{ markDocumentedInError: Result }>(
      'nurse',
      `mutation($d: ID!, $e: ID!) { markDocumentedInError(doseId: $d, entryId: $e, reason: "documented on the wrong patient's slot") { ${result} } }`,
      { d: dose.id, e: winner.entries[0]!.id },
    );
    expect(corrected.data.markDocumentedInError.dose).toMatchObject({ status: 'open', timing: 'due', entries: [{ outcome: 'given', inError: { reason: "documented on the wrong patient's slot" } }] });

    const record = await call<{ patient: { familyName: string; now: Dose[]; then: Dose[] } }>(
      'nurse',
      `query($p: ID!, $t: String) { patient(id: $p) { familyName now: medicationAdministrations { ${recordFields} } then: medicationAdministrations(asOf: $t) { ${recordFields} } } }`,
      { p: patientId, t: beforeCorrection },
    );
    expect(record.data.patient.familyName).toBe('Osler');
    expect(record.data.patient.then.find((d) => d.id === dose.id)).toMatchObject({ status: 'given', entries: [{ inError: null }] });
    expect(record.data.patient.now.find((d) => d.id === dose.id)).toMatchObject({ status: 'open', entries: [{ inError: { reason: expect.any(String) } }] });
    await expect(call('nurse', `query($p: ID!) { patient(id: $p) { medicationAdministrations(asOf: "yesterday") { id } } }`, { p: patientId })).rejects.toThrow(/asOf must be a date and time with its UTC offset/);
  });

  it('counts each tablet scanned for a 50 mg dose of 25 mg tablets, and gives half only as a partial dose with its reason (scenario 3)', async () => {
    const full = await dueMetoprolol('Snow', '4W-04A', '4W', 50);
    await scanWristband('nurse', full.dose.id, full.wristband);
    expect(await scanProduct('nurse', full.dose.id, tartrate)).toMatchObject({ dose: { scannedPackages: { count: 1, needed: 2, packageAmount: { value: 25, unit: 'mg' } } } });
    expect(await give('nurse', full.dose.id, { amount: { value: 50, unit: 'mg' } })).toMatchObject({ code: 'MORE_PACKAGES_NEEDED', message: expect.stringContaining('takes 2 × 25 mg; 1 is in hand') });
    expect(await give('nurse', full.dose.id)).toMatchObject({ code: 'PARTIAL_DOSE_REASON_REQUIRED', message: '25 mg is less than the ordered 50 mg. Say why only part of the dose is given, or scan the rest.' });
    expect(await scanProduct('nurse', full.dose.id, tartrate)).toMatchObject({ dose: { scannedPackages: { count: 2, needed: 2 } } });
    expect(await give('nurse', full.dose.id, { amount: { value: 50, unit: 'mg' } })).toMatchObject({
      dose: { status: 'given', scannedPackages: null, entries: [{ outcome: 'given', amount: { value: 50, unit: 'mg' }, partialOf: null, reason: null }] },
    });

    const partial = await dueMetoprolol('Jenner', '4W-04B', '4W', 50);
    await scanWristband('nurse', partial.dose.id, partial.wristband);
    await scanProduct('nurse', partial.dose.id, tartrate);
    expect(await give('nurse', partial.dose.id, { partialReason: 'emptied' })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('partialReason must be one of') });
    expect(await give('nurse', partial.dose.id, { partialReason: 'medication-unavailable', partialComment: 'pharmacy sending the second tablet' })).toMatchObject({
      dose: { status: 'given', entries: [{ amount: { value: 25, unit: 'mg' }, partialOf: { value: 50, unit: 'mg' }, reason: 'medication-unavailable' }] },
    });
  });

  it('puts back on the MAR, for the prescriber to review, the orders a discharge stopped when the discharge is cancelled', async () => {
    const { patientId, encounterId, orderId, dose, wristband } = await dueMetoprolol('Addison', '4W-05A', '4W');
    const doses = () =>
      call<{ patient: { medicationAdministrations: Array<{ id: string; status: string; dueAt: string }> } }>('nurse', `query($p: ID!) { patient(id: $p) { medicationAdministrations { id status dueAt } } }`, {
        p: patientId,
      }).then((r) => r.data.patient.medicationAdministrations);
    const later = await eventually(doses, (all) => all.some((d) => d.id !== dose.id && d.status === 'open'), 'the next dose planned');
    const nextId = later.find((d) => d.id !== dose.id && d.status === 'open')!.id;

    await call('nurse', `mutation($e: ID!) { dischargePatient(encounterId: $e, disposition: "01") { __typename } }`, { e: encounterId });
    await eventually(doses, (all) => !all.some((d) => d.id === nextId), 'the next dose off the MAR after the discharge');
    await scanWristband('nurse', dose.id, wristband);
    expect(await scanProduct('nurse', dose.id, tartrate)).toMatchObject({ code: 'ORDER_DISCONTINUED', message: expect.stringContaining('(Patient discharged)') });

    const cancelled = await call<{ cancelDischarge: { __typename: string } }>(
      'bedmanager',
      `mutation($e: ID!) { cancelDischarge(encounterId: $e, bed: { bedId: "4W-05A", unitId: "4W" }, reason: "discharged the wrong patient") { __typename ... on Refusal { code message } } }`,
      { e: encounterId },
    );
    expect(cancelled.data.cancelDischarge).toEqual({ __typename: 'EncounterChanged' });
    await eventually(doses, (all) => all.find((d) => d.id === nextId)?.status === 'open', 'the next dose back on the MAR');
    const order = await call<{ order: { status: string; reviewPending: boolean; reviewReason: string | null } }>('physician', `query($o: ID!) { order(id: $o) { status reviewPending reviewReason } }`, {
      o: orderId,
    });
    expect(order.data.order).toEqual({ status: 'active', reviewPending: true, reviewReason: 'discharge-cancelled' });

    expect(await scanProduct('nurse', dose.id, tartrate)).toMatchObject({ __typename: 'DoseChanged' });
    expect(await give('nurse', dose.id)).toMatchObject({ dose: { status: 'given' } });
  });

  it('gives a STAT dose before pharmacist verification only with a reason, and asks pharmacy to review it (scenario 4)', async () => {
    const patient = await admittedPatient('Virchow', '4W-06B', '4W');
    const place = `mutation($input: MedicationOrderInput!) { placeMedicationOrder(input: $input) { __typename ... on OrderChanged { order { id } } } }`;
    const placed = await eventually(
      () =>
        call<{ placeMedicationOrder: { __typename: string; order?: { id: string } } }>('physician', place, {
          input: { patientId: patient.patientId, encounterId: patient.encounterId, overrides: [], drugId: 'metoprolol-tartrate-25-tab', dose: { value: 25, unit: 'mg' }, route: 'oral', frequency: { type: 'stat' }, priority: 'stat' },
        }),
      (r) => r.data.placeMedicationOrder.__typename === 'OrderChanged',
      'a STAT order on the new admission',
    );
    const orderId = placed.data.placeMedicationOrder.order!.id;
    const mar = await eventually(() => shift(patient.patientId), (r) => r.data.marForShift.doses.length === 1, 'the STAT dose on the MAR before verification');
    const dose = mar.data.marForShift.doses[0]!;

    expect(await scanWristband('nurse', dose.id, patient.wristband)).toMatchObject({ __typename: 'DoseChanged' });
    expect(await scanProduct('nurse', dose.id, tartrate)).toMatchObject({ code: 'VERIFICATION_OVERRIDE_REQUIRED', message: expect.stringContaining('STAT order awaiting pharmacist verification') });
    const overridden = await call<{ verifyProduct: Result }>(
      'nurse',
      `mutation($d: ID!, $s: String) { verifyProduct(doseId: $d, product: { scan: $s }, verificationOverride: { reason: "life-threatening-emergency", comment: "rapid AF" }) { ${result} } }`,
      { d: dose.id, s: tartrate },
    );
    expect(overridden.data.verifyProduct).toMatchObject({ __typename: 'DoseChanged', dose: { productVerified: true } });
    expect(await give('nurse', dose.id)).toMatchObject({ dose: { status: 'given' } });

    const queue = () =>
      call<{ verificationQueue: Array<{ id: string; givenBeforeVerification: boolean }> }>('pharmacist', `{ verificationQueue { id givenBeforeVerification } }`).then((r) =>
        r.data.verificationQueue.find((o) => o.id === orderId),
      );
    await eventually(queue, (o) => o?.givenBeforeVerification === true, 'the order flagged for pharmacy’s review');
    await call('pharmacist', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename } }`, { o: orderId });
    const reviewed = await call<{ order: { verification: string; givenBeforeVerification: boolean } }>('pharmacist', `query($o: ID!) { order(id: $o) { verification givenBeforeVerification } }`, { o: orderId });
    expect(reviewed.data.order).toEqual({ verification: 'verified', givenBeforeVerification: false });
  });

  it('keeps the doses charted on a duplicate record on the survivor’s MAR after ADT merges them, and gives them on the survivor’s wristband', async () => {
    const duplicate = await dueMetoprolol('Lovelace', '4W-07A', '4W');
    const reg = await call<{ registerPatient: { patient: { id: string; mrn: string } } }>(
      'registrar',
      `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id mrn } } } }`,
      { d: { familyName: 'Lovelace-King', givenNames: ['Ada'], birthDate: '1950-02-03', sex: 'female' } },
    );
    const survivor = reg.data.registerPatient.patient;
    const merged = await call<{ mergePatients: { __typename: string } }>(
      'registrar',
      `mutation($r: ID!, $s: ID!) { mergePatients(retiredPatientId: $r, survivorPatientId: $s, reason: "same person registered twice") { __typename ... on Refusal { code message } } }`,
      { r: duplicate.patientId, s: survivor.id },
    );
    expect(merged.data.mergePatients.__typename).not.toBe('Refusal');

    const mar = await eventually(() => shift(survivor.id), (r) => r.data.marForShift.doses.some((d) => d.id === duplicate.dose.id), 'the duplicate’s dose on the survivor’s MAR');
    expect(mar.data.marForShift).toMatchObject({ unitId: '4W', bedId: '4W-07A' });
    const due = await call<{ dueList: Array<{ bedId: string; patient: { id: string }; dose: { id: string } }> }>('nurse', `{ dueList(unitId: "4W") { bedId patient { id } dose { id } } }`);
    expect(due.data.dueList).toContainEqual({ bedId: '4W-07A', patient: { id: survivor.id }, dose: { id: duplicate.dose.id } });

    const stranger = await admittedPatient('Babbage', '4W-08A', '4W');
    expect(await scanWristband('nurse', duplicate.dose.id, stranger.wristband)).toMatchObject({ code: 'WRONG_PATIENT' });
    expect(await scanWristband('nurse', duplicate.dose.id, `PID:${survivor.mrn}`)).toMatchObject({ __typename: 'DoseChanged' });
    expect(await scanProduct('nurse', duplicate.dose.id, tartrate)).toMatchObject({ __typename: 'DoseChanged' });
    expect(await give('nurse', duplicate.dose.id)).toMatchObject({ dose: { status: 'given' } });
  });

  it('refuses the package scan when the order was discontinued while the nurse was at the bedside', async () => {
    const { dose, wristband, orderId } = await dueMetoprolol('Nightingale', 'ICU-03');
    expect(await scanWristband('nurse', dose.id, wristband)).toMatchObject({ __typename: 'DoseChanged' });
    await call('physician', `mutation($o: ID!) { discontinueOrder(orderId: $o, reason: "bradycardia") { __typename } }`, { o: orderId });
    const refused = await eventually(() => scanProduct('nurse', dose.id, tartrate), (r) => r.__typename === 'Refusal', 'the eMAR learning of the discontinuation');
    expect(refused).toMatchObject({ code: 'ORDER_DISCONTINUED', message: expect.stringMatching(/discontinued at \d\d:\d\d E[SD]T by physician \(bradycardia\)/) });
  });

  it('tells the prescriber, through the order, when a time-critical dose is refused (scenario 8)', async () => {
    const patient = await admittedPatient('Cushing', '4W-06A', '4W');
    const orderId = await verifiedOrder(patient, {
      drugId: 'metoprolol-tartrate-25-tab',
      dose: { value: 25, unit: 'mg' },
      route: 'oral',
      frequency: { type: 'interval', code: 'q8h' },
      timeCritical: true,
      start: new Date(Date.now() - 5 * 60_000).toISOString(),
    });
    const mar = await eventually(() => shift(patient.patientId), (r) => r.data.marForShift.doses.some((d) => d.timing === 'due'), 'the due dose on the MAR');
    const dose = mar.data.marForShift.doses.find((d) => d.timing === 'due')!;
    await call('nurse', `mutation($d: ID!) { documentRefused(doseId: $d, reason: "patient-refused", comment: "nauseated") { __typename } }`, { d: dose.id });
    const order = () => call<{ order: { reviewPending: boolean; reviewReason: string | null; reviewNote: string | null } }>('physician', `query($o: ID!) { order(id: $o) { reviewPending reviewReason reviewNote } }`, { o: orderId });
    const flagged = await eventually(order, (r) => r.data.order.reviewPending, 'the order flagged for the prescriber');
    expect(flagged.data.order).toEqual({ reviewPending: true, reviewReason: 'time-critical-dose-not-given', reviewNote: 'refused (patient-refused: nauseated) by nurse' });
    await call('physician', `mutation($o: ID!) { reviewOrder(orderId: $o) { __typename } }`, { o: orderId });
    expect((await order()).data.order.reviewPending).toBe(false);
  });

  it('closes a held dose with its reason, keeps the next dose scheduled, and lists due doses by bed on the unit', async () => {
    const { patientId, dose } = await dueMetoprolol('Barton', 'ICU-04');
    const due = await call<{ dueList: Array<{ bedId: string; dose: { id: string; timing: string } }> }>('nurse', `{ dueList(unitId: "ICU") { bedId dose { id timing } } }`);
    expect(due.data.dueList).toContainEqual({ bedId: 'ICU-04', dose: { id: dose.id, timing: 'due' } });

    const held = await call<{ documentHeld: Result }>('nurse', `mutation($d: ID!) { documentHeld(doseId: $d, reason: "parameter-not-met", comment: "HR 54") { ${result} } }`, { d: dose.id });
    expect(held.data.documentHeld.dose).toMatchObject({ status: 'held', timing: null, entries: [{ outcome: 'held', reason: 'parameter-not-met' }] });
    const later = await call<{ patient: { medicationAdministrations: Dose[] } }>('nurse', `query($p: ID!) { patient(id: $p) { medicationAdministrations { ${doseFields} } } }`, { p: patientId });
    expect(later.data.patient.medicationAdministrations.filter((d) => d.status === 'open').map((d) => d.timing)).toContain('upcoming');
    const after = await call<{ dueList: Array<{ dose: { id: string } }> }>('nurse', `{ dueList(unitId: "ICU") { dose { id } } }`);
    expect(after.data.dueList.map((d) => d.dose.id)).not.toContain(dose.id);
  });

  it('keeps a dose given in this shift on its MAR though it fell due in the one before, and the dose missed before it stays missed', async () => {
    const patient = await admittedPatient('Fenwick', '5E-09', '5E');
    const { shiftStart } = (await call<{ marForShift: { shiftStart: string } }>('nurse', `query($p: ID!) { marForShift(patientId: $p) { shiftStart } }`, { p: patient.patientId })).data.marForShift;
    // Every 4 hours: one dose 5 h 25 min before this shift began, the next 85 min before it.
    const start = new Date(Date.parse(shiftStart) - 325 * 60_000).toISOString();
    await verifiedOrder(patient, { drugId: 'lisinopril-10-tab', dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: { type: 'interval', code: 'q4h' }, start });
    const lastBefore = new Date(Date.parse(shiftStart) - 85 * 60_000).toISOString();
    const carried = await eventually(() => shift(patient.patientId), (r) => r.data.marForShift.doses.filter((d) => d.dueAt! < shiftStart).length === 2, 'both doses carried over onto the shift');
    const [first, second] = carried.data.marForShift.doses.filter((d) => d.dueAt! < shiftStart);
    expect([first!.dueAt, second!.dueAt]).toEqual([start, lastBefore]);
    expect(first!.timing).toBe('missed');

    expect((await scanWristband('nurse', second!.id, patient.wristband)).__typename).toBe('DoseChanged');
    expect((await scanProduct('nurse', second!.id, lisinopril)).__typename).toBe('DoseChanged');
    expect((await give('nurse', second!.id, { amount: { value: 10, unit: 'mg' }, timingReason: 'delayed-by-procedure' })).__typename).toBe('DoseChanged');

    const after = (await shift(patient.patientId)).data.marForShift.doses;
    // Given in this shift: it stays on this shift's MAR, as given; the one before it is still missed.
    expect(after.find((d) => d.id === second!.id)).toMatchObject({ status: 'given', timing: null });
    expect(after.find((d) => d.id === first!.id)).toMatchObject({ status: 'open', timing: 'missed' });
  });

  it('needs an independent second nurse for a high-alert PRN, and refuses a second dose within the minimum interval', async () => {
    const patient = await admittedPatient('Apgar', 'ICU-05', 'ICU');
    const orderId = await verifiedOrder(patient, {
      drugId: 'oxycodone-5-tab',
      dose: { value: 5, unit: 'mg' },
      route: 'oral',
      frequency: { type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 30, unit: 'mg' }, indication: 'pain 4-10/10' },
    });
    await eventually(() => shift(patient.patientId), (r) => r.data.marForShift.prnOrders.some((o) => o.orderId === orderId), 'the PRN order on the MAR');
    const prnGiven = (doseId: string) =>
      call<{ documentPrnGiven: Result }>(
        'nurse',
        `mutation($d: ID!) { documentPrnGiven(input: { doseId: $d, amount: { value: 5, unit: "mg" }, route: "oral", indication: "pain 7/10", painScore: 7 }) { ${result} } }`,
        { d: doseId },
      ).then((r) => r.data.documentPrnGiven);
    const cosign = (user: string, doseId: string) => call(user, `mutation($d: ID!) { cosignDose(doseId: $d, role: "verifier") { __typename } }`, { d: doseId });

    const started = await scanWristband('nurse', null, patient.wristband, orderId);
    const doseId = started.dose!.id;
    expect(await scanProduct('nurse', doseId, oxycodone)).toMatchObject({ __typename: 'DoseChanged' });
    expect(await prnGiven(doseId)).toMatchObject({ code: 'SECOND_NURSE_REQUIRED' });
    await cosign('nurse', doseId);
    expect(await prnGiven(doseId)).toMatchObject({ code: 'SECOND_NURSE_NOT_INDEPENDENT' });
    await cosign('nurse2', doseId);
    expect(await prnGiven(doseId)).toMatchObject({ __typename: 'DoseChanged', dose: { status: 'given' } });

    const again = (await scanWristband('nurse', null, patient.wristband, orderId)).dose!.id;
    await scanProduct('nurse', again, oxycodone);
    await cosign('nurse2', again);
    expect(await prnGiven(again)).toMatchObject({ code: 'PRN_TOO_SOON', message: expect.stringMatching(/next eligible at \d\d:\d\d E[SD]T/) });
    const mar = await shift(patient.patientId);
    expect(mar.data.marForShift.prnOrders.find((o) => o.orderId === orderId)!.nextEligibleLocal).toMatch(/^\d\d:\d\d E[SD]T$/);
  });

  it('schedules an interval antibiotic across the fall-back night by elapsed time, shown with each offset', async () => {
    const patient = await admittedPatient('Fleming', 'ICU-06', 'ICU');
    await verifiedOrder(patient, {
      drugId: 'cefazolin-1g-inj',
      dose: { value: 1, unit: 'g' },
      route: 'intravenous',
      frequency: { type: 'interval', code: 'q4h' },
      start: '2026-10-31T21:00:00-04:00',
      stop: '2026-11-01T10:00:00-05:00',
    });
    const night = await eventually(() => shift(patient.patientId, '2026-10-31T19:00:00-04:00'), (r) => r.data.marForShift.doses.length === 3, 'the night shift doses');
    expect(night.data.marForShift.doses.map((d) => [d.dueAt, d.dueLocal])).toEqual([
      ['2026-11-01T01:00:00.000Z', '21:00 EDT'],
      ['2026-11-01T05:00:00.000Z', '01:00 EDT'],
      ['2026-11-01T09:00:00.000Z', '04:00 EST'],
    ]);
    expect(night.data.marForShift.doses.map((d) => d.timing)).toEqual(['missed', 'missed', 'missed']);
  });

  it('checks wristband and package in one scan, and keeps doses of a held order on the MAR as on hold until it is resumed', async () => {
    const { patientId, dose, wristband, orderId } = await dueMetoprolol('Lister', 'ICU-07');
    const both = (w: string) =>
      call<{ verifyProduct: Result }>('nurse', `mutation($d: ID!, $w: String, $p: String) { verifyProduct(doseId: $d, product: { scan: $p }, wristband: { scan: $w }) { ${result} } }`, {
        d: dose.id,
        w,
        p: tartrate,
      }).then((r) => r.data.verifyProduct);
    const other = await admittedPatient('Semmelweis', 'ICU-08', 'ICU');
    await eventually(() => both(other.wristband), (r) => r.code === 'WRONG_PATIENT', 'the eMAR learning of the second patient');
    expect((await shift(patientId)).data.marForShift.doses.find((d) => d.id === dose.id)).toMatchObject({ wristbandVerified: false, productVerified: false });

    const doses = () =>
      call<{ patient: { medicationAdministrations: Dose[] } }>('nurse', `query($p: ID!) { patient(id: $p) { medicationAdministrations { ${doseFields} } } }`, { p: patientId }).then(
        (r) => r.data.patient.medicationAdministrations,
      );
    const planned = (await doses()).length;
    await call('physician', `mutation($o: ID!) { holdOrder(orderId: $o, reason: "NPO for endoscopy") { __typename } }`, { o: orderId });
    // The dose due before the hold began is not inside it; every later one is, and stays on the MAR.
    const held = await eventually(doses, (list) => list.filter((d) => d.timing === 'on-hold').length === planned - 1, 'the hold reaching the MAR');
    expect(held.find((d) => d.id === dose.id)!.timing).toBe('due');
    expect(await both(wristband)).toMatchObject({ code: 'ORDER_ON_HOLD', message: expect.stringContaining('NPO for endoscopy') });

    await call('physician', `mutation($o: ID!) { resumeOrder(orderId: $o) { __typename } }`, { o: orderId });
    const resumed = await eventually(doses, (list) => !list.some((d) => d.timing === 'on-hold'), 'the resume reaching the MAR');
    expect(resumed.map((d) => d.timing)).toEqual(['due', ...Array.from({ length: planned - 1 }, () => 'upcoming')]);
    expect(await both(wristband)).toMatchObject({ __typename: 'DoseChanged', dose: { wristbandVerified: true, productVerified: true } });
  });

  it('reports a wristband entered by hand, needs a witness and an exact waste for a controlled substance, then reassesses and amends', async () => {
    const patient = await admittedPatient('Harvey', '4W-02A', '4W');
    const orderId = await verifiedOrder(patient, {
      drugId: 'hydromorphone-2-inj',
      dose: { value: 0.5, unit: 'mg' },
      route: 'intravenous',
      frequency: { type: 'prn', minIntervalMinutes: 180, maxPer24h: { value: 4, unit: 'mg' }, indication: 'severe pain' },
    });
    await eventually(() => shift(patient.patientId), (r) => r.data.marForShift.prnOrders.some((o) => o.orderId === orderId), 'the PRN order on the MAR');
    const manual = (identifiers: string[]) =>
      call<{ verifyWristband: Result }>(
        'nurse',
        `mutation($o: ID, $i: [String!]) { verifyWristband(orderId: $o, wristband: { identifiersConfirmed: $i, manualReason: "wristband-unreadable", comment: "band soaked" }) { ${result} } }`,
        { o: orderId, i: identifiers },
      ).then((r) => r.data.verifyWristband);
    expect(await manual(['name'])).toMatchObject({ code: 'TWO_IDENTIFIERS_REQUIRED' });
    const doseId = (await manual(['name', 'date-of-birth'])).dose!.id;
    expect(await scanProduct('nurse', doseId, hydromorphone)).toMatchObject({ __typename: 'DoseChanged' });

    const prnGiven = (wasted: number) =>
      call<{ documentPrnGiven: Result }>(
        'nurse',
        `mutation($d: ID!, $w: Float!) { documentPrnGiven(input: { doseId: $d, amount: { value: 0.5, unit: "mg" }, route: "intravenous", site: "iv-line-peripheral", wasted: { value: $w, unit: "mg" }, indication: "pain 9/10", painScore: 9 }) { ${result} } }`,
        { d: doseId, w: wasted },
      ).then((r) => r.data.documentPrnGiven);
    await call('nurse2', `mutation($d: ID!) { cosignDose(doseId: $d, role: "verifier") { __typename } }`, { d: doseId });
    expect(await prnGiven(1.5)).toMatchObject({ code: 'WITNESS_REQUIRED' });
    await call('nurse2', `mutation($d: ID!) { cosignDose(doseId: $d, role: "witness") { __typename } }`, { d: doseId });
    expect(await prnGiven(1)).toMatchObject({ code: 'WASTE_MISMATCH', message: expect.stringContaining('document 1.5 mg wasted') });
    const given = await prnGiven(1.5);
    expect(given).toMatchObject({ __typename: 'DoseChanged', dose: { status: 'given' } });

    const report = await call<{ manualEntryReport: Array<{ doseId: string; what: string; reason: string; comment: string; by: string }> }>('nurse', `{ manualEntryReport { doseId what reason comment by } }`);
    expect(report.data.manualEntryReport).toContainEqual({ doseId, what: 'wristband', reason: 'wristband-unreadable', comment: 'band soaked', by: 'nurse' });

    const reassessed = await call<{ reassessPrn: { dose: { prn: { reassessedAt: string | null } } } }>(
      'nurse',
      `mutation($d: ID!) { reassessPrn(doseId: $d, effect: "effective", painScore: 3) { ... on DoseChanged { dose { prn { reassessedAt } } } } }`,
      { d: doseId },
    );
    expect(reassessed.data.reassessPrn.dose.prn.reassessedAt).toEqual(expect.any(String));
    const amended = await call<{ amend: { dose: { entries: Array<{ site: string; amendments: Array<{ previousSite: string; reason: string }> }> } } }>(
      'nurse',
      `mutation($d: ID!, $e: ID!) { amend(input: { doseId: $d, entryId: $e, site: "iv-line-central", reason: "given through the central line" }) { ... on DoseChanged { dose { entries { site amendments { previousSite reason } } } } } }`,
      { d: doseId, e: given.dose!.entries[0]!.id },
    );
    expect(amended.data.amend.dose.entries).toEqual([{ site: 'iv-line-central', amendments: [{ previousSite: 'iv-line-peripheral', reason: 'given through the central line' }] }]);
  });

  it('reads every read-model table through its Prisma model, with a field for every column', async () => {
    const readModel = createReadModel(db.url);
    try {
      const rows = {
        wristbands: await readModel.wristband.findFirstOrThrow(),
        encounters: await readModel.encounter.findFirstOrThrow(),
        med_orders: await readModel.medOrder.findFirstOrThrow(),
        doses: await readModel.dose.findFirstOrThrow(),
        manual_entries: await readModel.manualEntry.findFirstOrThrow(),
      };
      for (const [table, row] of Object.entries(rows)) {
        const { rows: columns } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'mar' AND table_name = $1`, [table]);
        expect([table, Object.keys(row).length]).toEqual([table, columns[0]!.n]);
      }
    } finally {
      await readModel.$disconnect();
    }
  });
});
