import { join } from 'node:path';
import { EmergencyAccess } from '../src/audit/emergency-access.js';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';

const repo = join(import.meta.dirname, '..', '..');

type Row = { actor_id: string; outcome: string; patient_ids: string[]; fields: string[]; data_fields: string[]; purpose: string };

describe('the access audit records every patient whose data left the gateway', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  const patients: Record<string, { id: string; mrn: string; encounterId?: string }> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt'], databaseUrl: db.url });
    for (const [family, bed] of [
      ['Auditova', '3N-05A'],
      ['Auditova', null],
      ['Tracewell', '3N-06A'],
    ] as const) {
      const registered = await stack.call<{ registerPatient: { patient: { id: string; mrn: string } } }>(
        'registrar',
        `mutation($d: DemographicsInput!) { registerPatient(demographics: $d, duplicateOverrideReason: "a different person of the same name") { ... on PatientRegistered { patient { id mrn } } } }`,
        { d: { familyName: family, givenNames: [`G${Object.keys(patients).length}`], birthDate: `19${50 + Object.keys(patients).length}-01-01`, sex: 'other' } },
      );
      if (!registered.data?.registerPatient?.patient) throw new Error(JSON.stringify(registered));
      const patient: { id: string; mrn: string; encounterId?: string } = registered.data.registerPatient.patient;
      if (bed) {
        const admitted = await stack.call<{ admitPatient: { encounter: { id: string } } }>(
          'bedmanager',
          `mutation($p: ID!, $b: BedInput!) { admitPatient(patientId: $p, class: "inpatient", bed: $b) { ... on EncounterChanged { encounter { id } } } }`,
          { p: patient.id, b: { bedId: bed, unitId: '3N' } },
        );
        if (!admitted.data?.admitPatient?.encounter) throw new Error(JSON.stringify(admitted));
        patient.encounterId = admitted.data.admitPatient.encounter.id;
      }
      patients[`${family}${Object.keys(patients).length}`] = patient;
    }
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const audited = async (operationName: string): Promise<Row> => {
    const { rows } = await db.pool.query<Row>(`SELECT actor_id, outcome, patient_ids, fields, data_fields, purpose FROM gateway.audit_log WHERE operation_name = $1 ORDER BY chain_position DESC LIMIT 1`, [operationName]);
    if (!rows[0]) throw new Error(`no audit entry for ${operationName}`);
    return rows[0];
  };
  const ids = (...names: string[]) => names.map((n) => patients[n]!.id).sort();

  it('records the patients of each screen read, whatever the query selected, and hands back only what was asked', async () => {
    const [a, b, t] = ['Auditova0', 'Auditova1', 'Tracewell2'];
    // Each read as the screens (web/src) send it, or as an attacker would shape it: no ids, aliases, fragments.
    const reads: Array<{ name: string; user: string; query: string; variables?: Record<string, unknown>; expected: string[]; noIdIn?: boolean }> = [
      { name: 'Board', user: 'nurse', query: `query Board { bedBoard { id unitId label status patient { familyName givenNames mrn } } }`, expected: ids(a, t), noIdIn: true },
      { name: 'Search', user: 'nurse', query: `query Search($f: String!) { searchPatients(familyName: $f, limit: 20) { mrn familyName } }`, variables: { f: 'Auditova' }, expected: ids(a, b), noIdIn: true },
      { name: 'ByMrn', user: 'nurse', query: `query ByMrn($m: String!) { patientByMrn(mrn: $m) { familyName } }`, variables: { m: patients[t]!.mrn }, expected: ids(t), noIdIn: true },
      {
        name: 'Fragments',
        user: 'physician',
        query: `query Fragments($p: ID!) { ...Root } fragment Root on Query { chart: patient(id: $p) { ... on Patient { number: mrn stays: encounters { status } } } }`,
        variables: { p: patients[a]!.id },
        expected: ids(a),
      },
      { name: 'Stay', user: 'nurse', query: `query Stay($e: ID!) { encounter(id: $e) { bedId status } }`, variables: { e: patients[t]!.encounterId }, expected: ids(t), noIdIn: true },
      { name: 'Census', user: 'bedmanager', query: `query Census { census(date: "2026-03-01") { lines { unitId patients } } }`, expected: [] },
    ];
    for (const read of reads) {
      const answer = await stack.call<Record<string, unknown>>(read.user, read.query, read.variables);
      expect(answer.errors).toBeUndefined();
      const sent = JSON.stringify(answer.data);
      expect(sent).not.toMatch(/audit[0-9a-f]{12}/); // the audit's own fields are not handed back
      if (read.noIdIn) for (const id of read.expected) expect(sent).not.toContain(id);
      const row = await audited(read.name);
      expect({ name: read.name, actor: row.actor_id, outcome: row.outcome, patients: [...row.patient_ids].sort() }).toEqual({ name: read.name, actor: read.user, outcome: 'ok', patients: read.expected });
    }
    expect((await audited('Fragments')).data_fields).toEqual(expect.arrayContaining(['Patient.mrn', 'Patient.encounters', 'Encounter.status', 'Query.patient']));
    expect((await audited('Board')).purpose).toBe('TREAT');
  });

  it('records the patient of a command that names only a stay and returns only its type', async () => {
    const t = patients['Tracewell2']!;
    const answer = await stack.call<{ dischargePatient: { __typename: string } }>('nurse', `mutation Discharge($e: ID!) { dischargePatient(encounterId: $e, disposition: "01") { __typename } }`, { e: t.encounterId });
    expect(answer.data.dischargePatient).toEqual({ __typename: 'EncounterChanged' });
    expect(await audited('Discharge')).toMatchObject({ actor_id: 'nurse', outcome: 'ok', patient_ids: [t.id] });
  });

  it('records a refused attempt on the patient it was after, and a query the limits refused', async () => {
    const b = patients['Auditova1']!;
    const refused = await stack.call('biller', `mutation Admit($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "3N-07A", unitId: "3N" }) { __typename } }`, { p: b.id });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await audited('Admit')).toMatchObject({ actor_id: 'biller', outcome: 'refused', patient_ids: [b.id], purpose: 'HPAYMT' });
    const tooDeep = await stack.call('nurse', `query Deep { bedBoard { ${'patient { encounters { '.repeat(7)}id${' } }'.repeat(7)} } }`);
    expect(tooDeep.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const { rows } = await db.pool.query(`SELECT outcome FROM gateway.audit_log WHERE actor_id = 'nurse' AND detail LIKE 'the query is 16 fields deep%'`);
    expect(rows).toEqual([{ outcome: 'refused' }]);
  });

  it('reports by user and time range, as JSON and CSV, to the privacy office only', async () => {
    const privacy = { authorization: `Bearer ${await stack.token('privacy')}` };
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const byUser = await fetch(`${stack.gateway.url}/audit/user-access?userId=nurse&from=${from}&to=${to}`, { headers: privacy });
    const entries = (await byUser.json()) as Array<{ actorId: string; operationName: string; patientIds: string[] }>;
    expect(new Set(entries.map((e) => e.actorId))).toEqual(new Set(['nurse']));
    expect(entries.map((e) => e.operationName)).toEqual(expect.arrayContaining(['Board', 'Search', 'ByMrn', 'Stay', 'Discharge']));

    const future = await fetch(`${stack.gateway.url}/audit/user-access?userId=nurse&from=${to}`, { headers: privacy });
    expect(await future.json()).toEqual([]);

    const csv = await fetch(`${stack.gateway.url}/audit/patient-access?patientId=${patients['Auditova0']!.id}&format=csv`, { headers: privacy });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('cache-control')).toBe('no-store');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('at,actorId,actorRole,purpose,operationType,operationName,outcome,emergencyAccess,patientIds,fields,dataFields,clientAddress,detail,position');
    expect(lines.some((l) => l.includes(',physician,') && l.includes(',Fragments,ok,'))).toBe(true);

    const bad = await fetch(`${stack.gateway.url}/audit/user-access?userId=nurse&from=yesterday`, { headers: privacy });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^from must be an ISO 8601 date-time/);
    const nurse = await fetch(`${stack.gateway.url}/audit/user-access?userId=nurse`, { headers: { authorization: `Bearer ${await stack.token('nurse')}` } });
    expect(nurse.status).toBe(403);
  });

  it('grants break-the-glass access with a reason, audits what it let through as emergency access, and lists it for review', async () => {
    const b = patients['Auditova1']!;
    const glass = (body: unknown) =>
      stack.token('ed').then((token) => fetch(`${stack.gateway.url}/audit/emergency-access`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) }));
    const noReason = await glass({ patientId: b.id, reason: 'now' });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { message: string }).message).toBe('reason must say why, in at least 10 characters');
    const granted = await glass({ patientId: b.id, reason: 'unresponsive in the ED, allergies unknown', minutes: 30 });
    expect(granted.status).toBe(201);
    const grant = (await granted.json()) as { expiresAt: string; grantedAt: string };
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.grantedAt)).toBe(30 * 60_000);
    expect(await audited('breakTheGlass')).toMatchObject({ actor_id: 'ed', patient_ids: [b.id], purpose: 'ETREAT' });
    // What the access policy asks: this user, this patient, now; the grant ends on time.
    const grants = new EmergencyAccess(db.pool);
    expect(await grants.hasEmergencyAccess('ed', b.id, new Date())).toBe(true);
    expect(await grants.hasEmergencyAccess('ed', b.id, new Date(Date.parse(grant.expiresAt) + 1))).toBe(false);
    expect(await grants.hasEmergencyAccess('nurse', b.id, new Date())).toBe(false);

    await stack.call('ed', `query EmergencyRead($p: ID!) { patient(id: $p) { mrn } }`, { p: b.id });
    const { rows } = await db.pool.query(`SELECT emergency_access, purpose FROM gateway.audit_log WHERE operation_name = 'EmergencyRead'`);
    expect(rows).toEqual([{ emergency_access: true, purpose: 'ETREAT' }]);

    const review = await fetch(`${stack.gateway.url}/audit/emergency-access`, { headers: { authorization: `Bearer ${await stack.token('privacy')}` } });
    expect(await review.json()).toEqual([expect.objectContaining({ userId: 'ed', userRole: 'ed-staff', patientId: b.id, reason: 'unresponsive in the ED, allergies unknown' })]);
    const notPrivacy = await fetch(`${stack.gateway.url}/audit/emergency-access`, { headers: { authorization: `Bearer ${await stack.token('ed')}` } });
    expect(notPrivacy.status).toBe(403);
  });

  it('is append-only and shows where an entry was changed behind its back', async () => {
    await expect(db.pool.query(`DELETE FROM gateway.audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`UPDATE gateway.audit_log SET outcome = 'ok'`)).rejects.toThrow(/append-only/);
    const privacy = { authorization: `Bearer ${await stack.token('privacy')}` };
    const intact = await fetch(`${stack.gateway.url}/audit/integrity`, { headers: privacy });
    expect(await intact.json()).toEqual({ intact: true, breaks: [] });

    // An owner who switches the guard off and edits an entry is found out by the hash chain.
    const { rows } = await db.pool.query<{ chain_position: string }>(`SELECT chain_position FROM gateway.audit_log WHERE operation_name = 'Admit'`);
    await db.pool.query(`ALTER TABLE gateway.audit_log DISABLE TRIGGER audit_log_append_only`);
    await db.pool.query(`UPDATE gateway.audit_log SET outcome = 'ok' WHERE operation_name = 'Admit'`);
    await db.pool.query(`ALTER TABLE gateway.audit_log ENABLE TRIGGER audit_log_append_only`);
    const broken = await fetch(`${stack.gateway.url}/audit/integrity`, { headers: privacy });
    expect(await broken.json()).toEqual({ intact: false, breaks: [{ position: Number(rows[0]!.chain_position), problem: 'the entry was changed' }] });
  });
});
