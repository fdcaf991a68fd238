import { freePort, signServiceCredential } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { gatewaySecret, graphql, startAdt } from './support/adt-process.js';

const register = `mutation($d: DemographicsInput!, $reason: String) {
  registerPatient(demographics: $d, duplicateOverrideReason: $reason) {
    __typename ... on PatientRegistered { patient { id mrn familyName } } ... on Refusal { code message } } }`;
const admit = `mutation($p: ID!, $bed: BedInput!, $at: String) {
  admitPatient(patientId: $p, class: "inpatient", bed: $bed, at: $at) {
    __typename ... on EncounterChanged { encounter { id status bedId unitId admittedAt } } ... on Refusal { code message } } }`;
const transfer = `mutation($e: ID!, $to: BedInput!) {
  transferPatient(encounterId: $e, to: $to) { __typename ... on EncounterChanged { encounter { bedId } } ... on Refusal { code message } } }`;
const board = `query($u: ID) { bedBoard(unitId: $u) { id status patientId } }`;

const registeredFields = `__typename ... on PatientRegistered { patient { id mrn familyName } } ... on Refusal { code message }`;
const registerKeyed = `mutation($d: DemographicsInput!, $key: String) { registerPatient(demographics: $d, idempotencyKey: $key) { ${registeredFields} } }`;
const registerUnidentified = `mutation($key: String, $c: String!) {
  registerUnidentifiedPatient(sex: "male", estimatedAgeYears: 40, circumstances: $c, idempotencyKey: $key) { ${registeredFields} } }`;

type RegisterAnswer = { __typename: string; patient?: { id: string; mrn: string; familyName: string }; code?: string; message?: string };

type Registered = { registerPatient: { __typename: string; patient?: { id: string; mrn: string }; code?: string; message?: string } };
type Admitted = { admitPatient: { __typename: string; encounter?: { id: string; status: string; bedId: string }; code?: string } };

describe('ADT subgraph', () => {
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

  const ada = { familyName: 'Lovelace', givenNames: ['Ada'], birthDate: '1815-12-10', sex: 'female' };

  it('registers, admits, and refuses a transfer into an occupied bed with a typed refusal', async () => {
    const first = await graphql<Registered>(adt.url, 'registrar', register, { d: ada });
    expect(first.data.registerPatient.__typename).toBe('PatientRegistered');
    // The event carries the request's trace, so the relay and consumers continue it.
    const stored = await db.pool.query(`SELECT metadata->>'traceparent' AS traceparent, metadata->'actor' AS actor FROM adt.events WHERE event_type = 'adt.patient.registered'`);
    expect(stored.rows[0]).toEqual({ traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/), actor: { id: 'registrar-1', role: 'registrar' } });
    expect(first.data.registerPatient.patient!.mrn).toMatch(/^\d{8}$/);

    const duplicate = await graphql<Registered>(adt.url, 'registrar', register, { d: ada });
    expect(duplicate.data.registerPatient).toMatchObject({ __typename: 'Refusal', code: 'POTENTIAL_DUPLICATE' });

    const second = await graphql<Registered>(adt.url, 'registrar', register, { d: { ...ada, familyName: 'Hopper', givenNames: ['Grace'], birthDate: '1906-12-09' } });
    const p1 = first.data.registerPatient.patient!.id;
    const p2 = second.data.registerPatient.patient!.id;

    const a1 = await graphql<Admitted>(adt.url, 'bed-manager', admit, { p: p1, bed: { bedId: '4W-01A', unitId: '4W' } });
    expect(a1.data.admitPatient.encounter).toMatchObject({ status: 'in-progress', bedId: '4W-01A' });
    const a2 = await graphql<Admitted>(adt.url, 'bed-manager', admit, { p: p2, bed: { bedId: '4W-02A', unitId: '4W' } });

    const refused = await graphql<{ transferPatient: { __typename: string; code: string; message: string } }>(adt.url, 'bed-manager', transfer, {
      e: a2.data.admitPatient.encounter!.id,
      to: { bedId: '4W-01A', unitId: '4W' },
    });
    expect(refused.data.transferPatient).toEqual({ __typename: 'Refusal', code: 'BED_OCCUPIED', message: 'Bed 4W-01A is occupied; choose another bed, or free this one first.' });

    const beds = await graphql<{ bedBoard: Array<{ id: string; status: string; patientId: string | null }> }>(adt.url, 'nurse', board, { u: '4W' });
    expect(beds.data.bedBoard.filter((b) => b.status === 'occupied').map((b) => [b.id, b.patientId])).toEqual([
      ['4W-01A', p1],
      ['4W-02A', p2],
    ]);
  });

  it('pre-admits with a held bed, then admits into it on arrival as the same encounter (scenario 8)', async () => {
    const reg = await graphql<Registered>(adt.url, 'registrar', register, { d: { ...ada, familyName: 'Turing', givenNames: ['Alan'], birthDate: '1912-06-23', sex: 'male' } });
    const planned = await graphql<{ preadmitPatient: { encounter: { id: string; status: string } } }>(
      adt.url,
      'registrar',
      `mutation($p: ID!) { preadmitPatient(patientId: $p, class: "inpatient", expectedAt: "2026-03-03T07:00:00-05:00", bed: { bedId: "3N-06A", unitId: "3N" }) { ... on EncounterChanged { encounter { id status } } } }`,
      { p: reg.data.registerPatient.patient!.id },
    );
    expect(planned.data.preadmitPatient.encounter.status).toBe('planned');
    const held = (await graphql<{ bedBoard: Array<{ id: string; status: string }> }>(adt.url, 'nurse', board, { u: '3N' })).data.bedBoard.find((b) => b.id === '3N-06A')!;
    expect(held.status).toBe('reserved');
    const arrived = await graphql<{ admitPatient: { encounter: { id: string; status: string } } }>(
      adt.url,
      'registrar',
      `mutation($p: ID!, $e: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "3N-06A", unitId: "3N" }, encounterId: $e) { ... on EncounterChanged { encounter { id status } } } }`,
      { p: reg.data.registerPatient.patient!.id, e: planned.data.preadmitPatient.encounter.id },
    );
    expect(arrived.data.admitPatient.encounter).toEqual({ id: planned.data.preadmitPatient.encounter.id, status: 'in-progress' });
  });

  it('queues a bed request, holds the chosen bed, and fulfils the request when the patient arrives', async () => {
    const reg = await graphql<Registered>(adt.url, 'registrar', register, { d: { ...ada, familyName: 'Hamilton', givenNames: ['Margaret'], birthDate: '1936-08-17', sex: 'female' } });
    const patientId = reg.data.registerPatient.patient!.id;
    type Req = { id: string; status: string; encounterId: string; bedId: string | null };
    const opened = await graphql<{ requestBed: { request: Req } }>(
      adt.url,
      'ed-staff',
      `mutation($p: ID!) { requestBed(patientId: $p, unitId: "5E", reason: "admit from ED to telemetry") { ... on BedRequestChanged { request { id status encounterId bedId } } } }`,
      { p: patientId },
    );
    const request = opened.data.requestBed.request;
    expect(request.status).toBe('open');
    const queue = await graphql<{ bedRequests: Req[] }>(adt.url, 'bed-manager', `{ bedRequests { id status } }`);
    expect(queue.data.bedRequests.map((r) => r.id)).toContain(request.id);

    const assigned = await graphql<{ assignBed: { request: Req } }>(adt.url, 'bed-manager', `mutation($r: ID!) { assignBed(requestId: $r, bed: { bedId: "5E-07", unitId: "5E" }) { ... on BedRequestChanged { request { id status bedId } } } }`, { r: request.id });
    expect(assigned.data.assignBed.request).toMatchObject({ status: 'assigned', bedId: '5E-07' });
    const held = (await graphql<{ bedBoard: Array<{ id: string; status: string }> }>(adt.url, 'nurse', board, { u: '5E' })).data.bedBoard.find((b) => b.id === '5E-07')!;
    expect(held.status).toBe('reserved');

    const twice = await graphql<{ assignBed: { __typename: string; code: string } }>(adt.url, 'bed-manager', `mutation($r: ID!) { assignBed(requestId: $r, bed: { bedId: "5E-08", unitId: "5E" }) { __typename ... on Refusal { code } } }`, { r: request.id });
    expect(twice.data.assignBed).toEqual({ __typename: 'Refusal', code: 'BED_REQUEST_STATE' });

    await graphql(adt.url, 'registrar', `mutation($p: ID!, $e: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "5E-07", unitId: "5E" }, encounterId: $e) { __typename } }`, {
      p: patientId,
      e: request.encounterId,
    });
    const done = await graphql<{ bedRequests: Req[] }>(adt.url, 'bed-manager', `{ bedRequests(status: "fulfilled") { id } }`);
    expect(done.data.bedRequests.map((r) => r.id)).toEqual([request.id]);
  });

  it('refuses a role that may not act, and a request that did not come through the gateway', async () => {
    const nurse = await graphql(adt.url, 'nurse', register, { d: ada });
    expect(nurse.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(nurse.errors?.[0]?.message).toMatch(/the nurse role may not registerPatient/);
    const anonymous = await graphql(adt.url, null, board);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('names the bad field in input it cannot use', async () => {
    const bad = await graphql<Registered>(adt.url, 'registrar', register, { d: { ...ada, familyName: 'Babbage', birthDate: '1791-02-30' } });
    expect(bad.data.registerPatient).toMatchObject({ __typename: 'Refusal', code: 'INVALID_INPUT' });
    expect(bad.data.registerPatient.message).toMatch(/birthDate/);
  });

  it('serves Patient and Encounter as federation entities, and its schema only to the gateway itself', async () => {
    const response = await fetch(`${adt.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signServiceCredential('adt', gatewaySecret) },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const sdl = (await response.json()) as { data: { _service: { sdl: string } } };
    expect(sdl.data._service.sdl).toMatch(/type Patient\s+@key\(fields: "id"\)/);
    expect(sdl.data._service.sdl).toMatch(/type Encounter\s+@key\(fields: "id"\)/);

    const asUser = await graphql<{ _service: { sdl: string } | null }>(adt.url, 'integrator', '{ _service { sdl } }');
    expect(asUser.data?._service ?? null).toBeNull();
    expect(asUser.errors?.length).toBeGreaterThan(0);
  });

  it('admits once for one idempotency key: a double tap or a retry gets the same admission, and the key for another bed is refused', async () => {
    const reg = await graphql<Registered>(adt.url, 'registrar', register, { d: { ...ada, familyName: 'Somerville', givenNames: ['Mary'], birthDate: '1780-12-26' } });
    const patientId = reg.data.registerPatient.patient!.id;
    const once = `mutation($p: ID!, $bed: BedInput!, $k: String) {
      admitPatient(patientId: $p, class: "inpatient", bed: $bed, idempotencyKey: $k) { __typename ... on EncounterChanged { encounter { id bedId } } ... on Refusal { code message } } }`;
    const tap = () => graphql<Admitted>(adt.url, 'bed-manager', once, { p: patientId, bed: { bedId: '3N-02A', unitId: '3N' }, k: 'admit-form-7' });
    const [first, second] = await Promise.all([tap(), tap()]);
    expect(first.data.admitPatient).toMatchObject({ __typename: 'EncounterChanged', encounter: { bedId: '3N-02A' } });
    expect(second.data.admitPatient).toEqual(first.data.admitPatient);
    expect((await tap()).data.admitPatient).toEqual(first.data.admitPatient);
    const admissions = await db.pool.query(`SELECT count(*)::int AS n FROM adt.events WHERE event_type = 'adt.encounter.admitted' AND data->>'patientId' = $1`, [patientId]);
    expect(admissions.rows[0].n).toBe(1);

    const elsewhere = await graphql<Admitted>(adt.url, 'bed-manager', once, { p: patientId, bed: { bedId: '3N-03A', unitId: '3N' }, k: 'admit-form-7' });
    expect(elsewhere.data.admitPatient).toMatchObject({ __typename: 'Refusal', code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('transfers and discharges once for one idempotency key, even for two requests at the same moment', async () => {
    const reg = await graphql<Registered>(adt.url, 'registrar', register, { d: { ...ada, familyName: 'Herschel', givenNames: ['Caroline'], birthDate: '1750-03-16' } });
    const admitted = await graphql<Admitted>(adt.url, 'bed-manager', admit, { p: reg.data.registerPatient.patient!.id, bed: { bedId: '3N-04A', unitId: '3N' } });
    const encounterId = admitted.data.admitPatient.encounter!.id;
    const move = (bedId: string, k: string) =>
      graphql<{ transferPatient: { __typename: string; encounter?: { bedId: string }; code?: string } }>(
        adt.url,
        'bed-manager',
        `mutation($e: ID!, $to: BedInput!, $k: String) { transferPatient(encounterId: $e, to: $to, idempotencyKey: $k) { __typename ... on EncounterChanged { encounter { bedId } } ... on Refusal { code message } } }`,
        { e: encounterId, to: { bedId, unitId: '3N' }, k },
      ).then((r) => r.data.transferPatient);
    const moves = await Promise.all([move('3N-05A', 'move-1'), move('3N-05A', 'move-1')]);
    expect(moves).toEqual([
      { __typename: 'EncounterChanged', encounter: { bedId: '3N-05A' } },
      { __typename: 'EncounterChanged', encounter: { bedId: '3N-05A' } },
    ]);
    expect(await move('3N-06A', 'move-1')).toMatchObject({ __typename: 'Refusal', code: 'IDEMPOTENCY_KEY_REUSED' });
    const transfers = await db.pool.query(`SELECT count(*)::int AS n FROM adt.events WHERE event_type = 'adt.encounter.transferred' AND data->>'encounterId' = $1`, [encounterId]);
    expect(transfers.rows[0].n).toBe(1);

    const discharge = () =>
      graphql<{ dischargePatient: { __typename: string } }>(
        adt.url,
        'nurse',
        `mutation($e: ID!) { dischargePatient(encounterId: $e, disposition: "01", idempotencyKey: "discharge-1") { __typename ... on Refusal { code message } } }`,
        { e: encounterId },
      ).then((r) => r.data.dischargePatient);
    expect(await discharge()).toEqual({ __typename: 'EncounterChanged' });
    expect(await discharge()).toEqual({ __typename: 'EncounterChanged' });
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await db.pool.query<{ n: string }>(sql, params)).rows[0]!.n);
  /** The last MRN number the sequence handed out: a number taken and not used would show here. */
  const mrnsTaken = () => count(`SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END AS n FROM adt.mrn_sequence`);
  const registerAs = async (key: string, d: Record<string, unknown>) => (await graphql<{ registerPatient: RegisterAnswer }>(adt.url, 'registrar', registerKeyed, { d, key })).data.registerPatient;

  it('registers one patient with one MRN and one event for 20 concurrent requests with one key, and refuses the key for other demographics', async () => {
    const noether = { familyName: 'Noether', givenNames: ['Emmy'], birthDate: '1882-03-23', sex: 'female' };
    const before = await mrnsTaken();

    const answers = await Promise.all(Array.from({ length: 20 }, () => registerAs('desk-3-register-click', noether)));

    expect(answers.filter((a) => a.__typename !== 'PatientRegistered')).toEqual([]);
    const [first] = answers;
    expect(new Set(answers.map((a) => `${a.patient!.id} ${a.patient!.mrn}`)).size).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM adt.patients WHERE family_name = 'Noether'`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM adt.patient_identifiers WHERE patient_id = $1`, [first!.patient!.id])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM adt.events WHERE stream_id = $1`, [`patient-${first!.patient!.id}`])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM adt.events WHERE event_type = 'adt.patient.registered' AND data->'demographics'->>'familyName' = 'Noether'`)).toBe(1);
    const events = await count(`SELECT count(*) AS n FROM adt.events`);
    expect((await mrnsTaken()) - before).toBe(1);

    const retried = await registerAs('desk-3-register-click', noether);
    expect(retried).toEqual(first);

    const reused = await registerAs('desk-3-register-click', { ...noether, givenNames: ['Amalie', 'Emmy'] });
    expect(reused).toMatchObject({ __typename: 'Refusal', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await count(`SELECT count(*) AS n FROM adt.events`)).toBe(events);
    expect((await mrnsTaken()) - before).toBe(1);

    // A new key is a new request: the desk's next patient.
    const another = await registerAs('desk-3-next-patient', { ...noether, familyName: 'Franklin', givenNames: ['Rosalind'], birthDate: '1920-07-25' });
    expect(another.patient!.id).not.toBe(first!.patient!.id);
  });

  it('registers one unidentified patient, one alias and one MRN for 20 concurrent arrivals with one key', async () => {
    const arrive = async (key: string, c: string) => (await graphql<{ registerUnidentifiedPatient: RegisterAnswer }>(adt.url, 'ed-staff', registerUnidentified, { key, c })).data.registerUnidentifiedPatient;
    const before = await count(`SELECT count(*) AS n FROM adt.events WHERE event_type = 'adt.patient.registered-unidentified'`);
    const mrnsBefore = await mrnsTaken();

    const answers = await Promise.all(Array.from({ length: 20 }, () => arrive('ems-12-arrival', 'MVC, brought by EMS unit 12')));

    expect(answers.map((a) => a.__typename)).toEqual(Array(20).fill('PatientRegistered'));
    expect(new Set(answers.map((a) => `${a.patient!.id} ${a.patient!.mrn} ${a.patient!.familyName}`)).size).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM adt.events WHERE event_type = 'adt.patient.registered-unidentified'`)).toBe(before + 1);
    expect((await mrnsTaken()) - mrnsBefore).toBe(1);
    const events = await count(`SELECT count(*) AS n FROM adt.events`);

    expect(await arrive('ems-12-arrival', 'walk-in, found in the car park')).toMatchObject({ __typename: 'Refusal', code: 'IDEMPOTENCY_KEY_REUSED' });
    const named = await graphql<{ registerPatient: RegisterAnswer }>(adt.url, 'ed-staff', registerKeyed, { d: { familyName: 'Doe', givenNames: ['John'], birthDate: '1980-01-01', sex: 'male' }, key: 'ems-12-arrival' });
    expect(named.data.registerPatient).toMatchObject({ __typename: 'Refusal', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await count(`SELECT count(*) AS n FROM adt.events`)).toBe(events);
  });
});
