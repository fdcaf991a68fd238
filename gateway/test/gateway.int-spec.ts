import { join } from 'node:path';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';

const repo = join(import.meta.dirname, '..', '..');

describe('the gateway: one patient record behind sign-in, roles, limits and the audit', () => {
  let db: TestDatabase;
  let stack: ServiceStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt'], databaseUrl: db.url });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const call = <T>(username: string | null, query: string, variables: Record<string, unknown> = {}) => stack.call<T>(username, query, variables);
  const signIn = (username: string) => stack.token(username);

  const register = `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { __typename ... on PatientRegistered { patient { id mrn } } ... on Refusal { code message } } }`;
  const admit = `mutation($p: ID!, $bed: BedInput!) { admitPatient(patientId: $p, class: "inpatient", bed: $bed) { __typename ... on EncounterChanged { encounter { id bedId } } ... on Refusal { code } } }`;
  let patientId = '';

  it('registers and admits through the gateway, and shows the patient with their encounters', async () => {
    const registered = await call<{ registerPatient: { patient: { id: string; mrn: string } } }>('registrar', register, {
      d: { familyName: 'Lovelace', givenNames: ['Ada'], birthDate: '1815-12-10', sex: 'female' },
    });
    patientId = registered.data.registerPatient.patient.id;
    const admitted = await call<{ admitPatient: { __typename: string } }>('bedmanager', admit, { p: patientId, bed: { bedId: 'ICU-01', unitId: 'ICU' } });
    expect(admitted.data.admitPatient.__typename).toBe('EncounterChanged');

    const record = await call<{ patient: { mrn: string; encounters: Array<{ status: string; bedId: string }> } }>('nurse', `query($id: ID!) { patient(id: $id) { mrn encounters { status bedId } } }`, { id: patientId });
    expect(record.data.patient).toEqual({ mrn: registered.data.registerPatient.patient.mrn, encounters: [{ status: 'in-progress', bedId: 'ICU-01' }] });
  });

  it('refuses a transfer into an occupied bed with a typed refusal (scenario 1, end to end)', async () => {
    const other = await call<{ registerPatient: { patient: { id: string } } }>('registrar', register, { d: { familyName: 'Hopper', givenNames: ['Grace'], birthDate: '1906-12-09', sex: 'female' } });
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>('bedmanager', admit, { p: other.data.registerPatient.patient.id, bed: { bedId: 'ICU-02', unitId: 'ICU' } });
    const refused = await call<{ transferPatient: { __typename: string; code: string } }>(
      'bedmanager',
      `mutation($e: ID!) { transferPatient(encounterId: $e, to: { bedId: "ICU-01", unitId: "ICU" }) { __typename ... on Refusal { code } } }`,
      { e: admitted.data.admitPatient.encounter.id },
    );
    expect(refused.data.transferPatient).toEqual({ __typename: 'Refusal', code: 'BED_OCCUPIED' });
  });

  it('refuses a role that may not act, and the refusal is in the audit', async () => {
    const attempt = await call('nurse', register, { d: { familyName: 'Curie', givenNames: ['Marie'], birthDate: '1867-11-07', sex: 'female' } });
    expect(attempt.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { rows } = await db.pool.query(`SELECT outcome, fields FROM gateway.audit_log WHERE actor_id = 'nurse' AND 'registerPatient' = ANY(fields)`);
    expect(rows).toEqual([{ outcome: 'refused', fields: ['registerPatient'] }]);
  });

  it('refuses anyone without a valid token', async () => {
    expect((await call(null, '{ bedBoard { id } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token' }, body: JSON.stringify({ query: '{ bedBoard { id } }' }) });
    expect(((await forged.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets the privacy office list who touched a patient, and no one else', async () => {
    const response = await fetch(`${stack.gateway.url}/audit/patient-access?patientId=${patientId}`, { headers: { authorization: `Bearer ${await signIn('privacy')}` } });
    const entries = (await response.json()) as Array<{ actorId: string; fields: string[]; outcome: string }>;
    const who = entries.map((e) => `${e.actorId}:${e.fields.join(',')}:${e.outcome}`);
    expect(who).toEqual(expect.arrayContaining(['registrar:registerPatient:ok', 'bedmanager:admitPatient:ok', 'nurse:patient:ok', 'privacy:patientAccess:ok']));
    const nurse = await fetch(`${stack.gateway.url}/audit/patient-access?patientId=${patientId}`, { headers: { authorization: `Bearer ${await signIn('nurse')}` } });
    expect(nurse.status).toBe(403);
  });

  it('merges two records with encounters on both: the retired MRN finds the survivor with every stay (scenario 7)', async () => {
    type Reg = { registerPatient: { patient: { id: string; mrn: string } } };
    const a = await call<Reg>('registrar', register, { d: { familyName: 'Doe', givenNames: ['Jane'], birthDate: '1970-01-01', sex: 'female' } });
    const b = await call<Reg>('registrar', `mutation($d: DemographicsInput!) { registerPatient(demographics: $d, duplicateOverrideReason: "unidentified arrival, identity confirmed later") { ... on PatientRegistered { patient { id mrn } } } }`, {
      d: { familyName: 'Doe', givenNames: ['Jane'], birthDate: '1970-01-01', sex: 'female' },
    });
    const [retired, survivor] = [a.data.registerPatient.patient, b.data.registerPatient.patient];
    const closed = await call<{ admitPatient: { encounter: { id: string } } }>('bedmanager', admit, { p: retired.id, bed: { bedId: '3N-01A', unitId: '3N' } });
    await call('nurse', `mutation($e: ID!) { dischargePatient(encounterId: $e, disposition: "01") { __typename } }`, { e: closed.data.admitPatient.encounter.id });
    await call('bedmanager', admit, { p: survivor.id, bed: { bedId: '3N-02A', unitId: '3N' } });

    const merge = `mutation($r: ID!, $s: ID!) { mergePatients(retiredPatientId: $r, survivorPatientId: $s, reason: "same person, confirmed with ID") { __typename ... on PatientsMerged { survivor { id } } ... on Refusal { code message } } }`;
    const self = await call<{ mergePatients: { code: string } }>('registrar', merge, { r: survivor.id, s: survivor.id });
    expect(self.data.mergePatients.code).toBe('MERGE_REFUSED');
    const merged = await call<{ mergePatients: { __typename: string } }>('registrar', merge, { r: retired.id, s: survivor.id });
    expect(merged.data.mergePatients.__typename).toBe('PatientsMerged');

    const found = await call<{ patientByMrn: { id: string; encounters: Array<{ status: string }> } }>('nurse', `query($m: String!) { patientByMrn(mrn: $m) { id encounters { status } } }`, { m: retired.mrn });
    expect(found.data.patientByMrn.id).toBe(survivor.id);
    expect(found.data.patientByMrn.encounters.map((e) => e.status).sort()).toEqual(['finished', 'in-progress']);
  });

  it('leaves a patient on leave at midnight out of that night’s census (scenario 9)', async () => {
    const reg = await call<{ registerPatient: { patient: { id: string } } }>('registrar', register, { d: { familyName: 'Nightingale', givenNames: ['Florence'], birthDate: '1820-05-12', sex: 'female' } });
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "5E-09", unitId: "5E" }, at: "2026-03-01T15:00:00Z") { ... on EncounterChanged { encounter { id } } } }`,
      { p: reg.data.registerPatient.patient.id },
    );
    const e = admitted.data.admitPatient.encounter.id;
    const out = await call<{ startLeave: { encounter: { status: string } } }>('nurse', `mutation($e: ID!) { startLeave(encounterId: $e, at: "2026-03-02T18:00:00-05:00", expectedReturnAt: "2026-03-03T10:00:00-05:00") { ... on EncounterChanged { encounter { status } } } }`, { e });
    expect(out.data.startLeave.encounter.status).toBe('onleave');
    await call('nurse', `mutation($e: ID!) { endLeave(encounterId: $e, at: "2026-03-03T10:00:00-05:00") { __typename } }`, { e });
    const census = async (date: string) =>
      (await call<{ census: { lines: Array<{ unitId: string; patients: number }> } }>('bedmanager', `query($d: String!) { census(date: $d) { lines { unitId patients } } }`, { d: date })).data.census.lines.find((l) => l.unitId === '5E')?.patients ?? 0;
    expect(await census('2026-03-01')).toBe(1);
    expect(await census('2026-03-02')).toBe(0);
  });

  it('cancels a transfer entered in error: the patient is back in the first bed, the unused bed clean (scenario 3)', async () => {
    const reg = await call<{ registerPatient: { patient: { id: string } } }>('registrar', register, { d: { familyName: 'Franklin', givenNames: ['Rosalind'], birthDate: '1920-07-25', sex: 'female' } });
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>('bedmanager', admit, { p: reg.data.registerPatient.patient.id, bed: { bedId: '3N-03A', unitId: '3N' } });
    const e = admitted.data.admitPatient.encounter.id;
    await call('bedmanager', `mutation($e: ID!) { transferPatient(encounterId: $e, to: { bedId: "ICU-05", unitId: "ICU" }) { __typename } }`, { e });
    const cancelled = await call<{ cancelTransfer: { encounter: { bedId: string } } }>(
      'bedmanager',
      `mutation($e: ID!) { cancelTransfer(encounterId: $e, reason: "entered in error", patientArrived: false) { ... on EncounterChanged { encounter { bedId } } } }`,
      { e },
    );
    expect(cancelled.data.cancelTransfer.encounter.bedId).toBe('3N-03A');
    const board = await call<{ bedBoard: Array<{ id: string; status: string }> }>('bedmanager', `{ bedBoard { id status } }`);
    const status = (id: string) => board.data.bedBoard.find((b) => b.id === id)!.status;
    expect([status('3N-03A'), status('ICU-05')]).toEqual(['occupied', 'available']);
  });

  it('discharges and then cancels the discharge while the bed is still free (scenario 4)', async () => {
    const reg = await call<{ registerPatient: { patient: { id: string } } }>('registrar', register, { d: { familyName: 'Meitner', givenNames: ['Lise'], birthDate: '1878-11-07', sex: 'female' } });
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>('bedmanager', admit, { p: reg.data.registerPatient.patient.id, bed: { bedId: '5E-04', unitId: '5E' } });
    const e = admitted.data.admitPatient.encounter.id;
    const bedStatus = async () => (await call<{ bedBoard: Array<{ id: string; status: string }> }>('nurse', `{ bedBoard(unitId: "5E") { id status } }`)).data.bedBoard.find((b) => b.id === '5E-04')!.status;

    const discharged = await call<{ dischargePatient: { encounter: { status: string; disposition: string } } }>(
      'nurse',
      `mutation($e: ID!) { dischargePatient(encounterId: $e, disposition: "01") { ... on EncounterChanged { encounter { status disposition } } } }`,
      { e },
    );
    expect(discharged.data.dischargePatient.encounter).toEqual({ status: 'finished', disposition: '01' });
    expect(await bedStatus()).toBe('dirty');

    const cancelled = await call<{ cancelDischarge: { encounter: { status: string; bedId: string; disposition: string | null; dischargedAt: string | null } } }>(
      'bedmanager',
      `mutation($e: ID!) { cancelDischarge(encounterId: $e, bed: { bedId: "5E-04", unitId: "5E" }, reason: "discharged in error") { ... on EncounterChanged { encounter { status bedId disposition dischargedAt } } } }`,
      { e },
    );
    expect(cancelled.data.cancelDischarge.encounter).toEqual({ status: 'in-progress', bedId: '5E-04', disposition: null, dischargedAt: null });
    expect(await bedStatus()).toBe('occupied');
  });

  it('counts a 23:59 transfer entered after midnight on the new unit, and recomputes that night’s census (scenario 10)', async () => {
    type CensusLine = { unitId: string; patients: number; admissions: number; transfersIn: number; transfersOut: number };
    const census = async () =>
      (await call<{ census: { lines: CensusLine[]; patientDays: number } }>('bedmanager', `{ census(date: "2026-04-10") { patientDays lines { unitId patients admissions transfersIn transfersOut } } }`)).data.census;
    const unit = (lines: CensusLine[], unitId: string) => lines.find((l) => l.unitId === unitId) ?? { unitId, patients: 0, admissions: 0, transfersIn: 0, transfersOut: 0 };
    const reg = await call<{ registerPatient: { patient: { id: string } } }>('registrar', register, { d: { familyName: 'Goeppert', givenNames: ['Maria'], birthDate: '1906-06-28', sex: 'female' } });
    const admitted = await call<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "4W-08A", unitId: "4W" }, at: "2026-04-10T09:00:00-04:00") { ... on EncounterChanged { encounter { id } } } }`,
      { p: reg.data.registerPatient.patient.id },
    );
    const before = await census();
    expect(unit(before.lines, '4W')).toMatchObject({ admissions: 1, transfersOut: 0 });

    // Entered now, long after the fact: it took effect at 23:59 on the 10th, facility time.
    const moved = await call<{ transferPatient: { __typename: string } }>(
      'bedmanager',
      `mutation($e: ID!) { transferPatient(encounterId: $e, to: { bedId: "5E-10", unitId: "5E" }, at: "2026-04-10T23:59:00-04:00") { __typename } }`,
      { e: admitted.data.admitPatient.encounter.id },
    );
    expect(moved.data.transferPatient.__typename).toBe('EncounterChanged');
    const after = await census();
    expect(unit(after.lines, '4W')).toMatchObject({ patients: unit(before.lines, '4W').patients - 1, transfersOut: 1 });
    expect(unit(after.lines, '5E')).toMatchObject({ patients: unit(before.lines, '5E').patients + 1, transfersIn: 1 });
    expect(after.patientDays).toBe(before.patientDays);
  });

  it('owes the observation notice 36 hours after observation began, and keeps the class history on conversion (scenario 11)', async () => {
    const reg = await call<{ registerPatient: { patient: { id: string } } }>('registrar', register, { d: { familyName: 'Apgar', givenNames: ['Virginia'], birthDate: '1909-06-07', sex: 'female' } });
    const placed = await call<{ admitPatient: { encounter: { id: string; observationNotice: { requiredAt: string; dueBy: string } } } }>(
      'bedmanager',
      `mutation($p: ID!) { admitPatient(patientId: $p, class: "observation", bed: { bedId: "4W-07A", unitId: "4W" }, at: "2026-03-02T14:00:00-05:00") {
         ... on EncounterChanged { encounter { id observationNotice { requiredAt dueBy } } } } }`,
      { p: reg.data.registerPatient.patient.id },
    );
    expect(placed.data.admitPatient.encounter.observationNotice).toEqual({ requiredAt: '2026-03-03T19:00:00.000Z', dueBy: '2026-03-04T07:00:00.000Z' });

    const converted = await call<{ changePatientClass: { encounter: { class: string; classHistory: Array<{ class: string; from: string }> } } }>(
      'physician',
      `mutation($e: ID!) { changePatientClass(encounterId: $e, class: "inpatient", at: "2026-03-03T16:30:00-05:00") { ... on EncounterChanged { encounter { class classHistory { class from } } } } }`,
      { e: placed.data.admitPatient.encounter.id },
    );
    expect(converted.data.changePatientClass.encounter).toEqual({
      class: 'inpatient',
      classHistory: [
        { class: 'observation', from: '2026-03-02T19:00:00.000Z' },
        { class: 'inpatient', from: '2026-03-03T21:30:00.000Z' },
      ],
    });
  });

  it('registers unidentified arrivals under distinct aliases, then identifies one and merges the other into its existing record (scenario 14)', async () => {
    type Person = { id: string; mrn: string; familyName: string; givenNames: string; birthDate: string | null; unidentified: boolean; wristbandReprintNeeded: boolean };
    const fields = 'id mrn familyName givenNames birthDate unidentified wristbandReprintNeeded';
    const quick = `mutation { registerUnidentifiedPatient(sex: "male", estimatedAgeYears: 30, circumstances: "MVC, two occupants, EMS unit 12") { ... on PatientRegistered { patient { ${fields} } } } }`;
    const first = (await call<{ registerUnidentifiedPatient: { patient: Person } }>('ed', quick)).data.registerUnidentifiedPatient.patient;
    const second = (await call<{ registerUnidentifiedPatient: { patient: Person } }>('ed', quick)).data.registerUnidentifiedPatient.patient;
    expect(first).toMatchObject({ familyName: expect.stringMatching(/^Unidentified-[A-Z][a-z]+$/), birthDate: null, unidentified: true });
    expect(second.familyName).not.toBe(first.familyName);
    expect(second.mrn).not.toBe(first.mrn);

    const identify = `mutation($p: ID!, $d: DemographicsInput!) { identifyPatient(patientId: $p, demographics: $d, howConfirmed: "driver licence in wallet") {
      __typename ... on PatientChanged { patient { ${fields} } } ... on Refusal { code message } } }`;
    const named = await call<{ identifyPatient: { patient: Person } }>('registrar', identify, { p: first.id, d: { familyName: 'Feynman', givenNames: ['Richard'], birthDate: '1918-05-11', sex: 'male' } });
    expect(named.data.identifyPatient.patient).toMatchObject({ mrn: first.mrn, familyName: 'Feynman', birthDate: '1918-05-11', unidentified: false, wristbandReprintNeeded: true });
    const banded = await call<{ confirmWristbandPrinted: { patient: Person } }>('nurse', `mutation($p: ID!) { confirmWristbandPrinted(patientId: $p) { ... on PatientChanged { patient { ${fields} } } } }`, { p: first.id });
    expect(banded.data.confirmWristbandPrinted.patient.wristbandReprintNeeded).toBe(false);

    const known = await call<{ registerPatient: { patient: { id: string; mrn: string } } }>('registrar', register, { d: { familyName: 'Hamilton', givenNames: ['Margaret'], birthDate: '1936-08-17', sex: 'female' } });
    const refused = await call<{ identifyPatient: { code: string; message: string } }>('registrar', identify, { p: second.id, d: { familyName: 'Hamilton', givenNames: ['Margaret'], birthDate: '1936-08-17', sex: 'female' } });
    expect(refused.data.identifyPatient.code).toBe('IDENTITY_ALREADY_REGISTERED');
    expect(refused.data.identifyPatient.message).toContain(`MRN ${known.data.registerPatient.patient.mrn}`);

    await call('registrar', `mutation($r: ID!, $s: ID!) { mergePatients(retiredPatientId: $r, survivorPatientId: $s, reason: "identified by daughter") { __typename } }`, {
      r: second.id,
      s: known.data.registerPatient.patient.id,
    });
    const found = await call<{ patientByMrn: Person }>('nurse', `query($m: String!) { patientByMrn(mrn: $m) { ${fields} } }`, { m: second.mrn });
    expect(found.data.patientByMrn).toMatchObject({ id: known.data.registerPatient.patient.id, familyName: 'Hamilton', wristbandReprintNeeded: true });
  });

  it('refuses a query that would fan out too far, saying what it would cost', async () => {
    // the bed board's weight 50 + 20 beds x (1 + patient 1 + 20 stays x (1 + 20 class periods x (1 + from 1)))
    const refused = await call<unknown>('nurse', `{ bedBoard { patient { encounters { classHistory { from } } } } }`);
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost: 16_490, maxCost: 10_000 } });
    expect(refused.errors?.[0]?.message).toMatch(/^the query would cost about 16490 points; the limit is 10000/);
  });

  it('carries one trace from the caller through the gateway and the ADT service into the stored event', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await signIn('registrar')}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: register, variables: { d: { familyName: 'Tracer', givenNames: ['Tom'], birthDate: '1950-05-05', sex: 'male' } } }),
    });
    const body = (await response.json()) as { data: { registerPatient: { patient: { id: string } } } };
    const { rows } = await db.pool.query(`SELECT metadata->>'traceparent' AS traceparent FROM adt.events WHERE stream_id = $1`, [`patient-${body.data.registerPatient.patient.id}`]);
    expect(rows[0].traceparent).toMatch(new RegExp(`^00-${traceId}-`));
  });

  it('keeps the audit append-only', async () => {
    await expect(db.pool.query(`DELETE FROM gateway.audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`UPDATE gateway.audit_log SET outcome = 'ok'`)).rejects.toThrow(/append-only/);
  });
});
