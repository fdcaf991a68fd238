import { freePort } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { graphql, startAdt } from './support/adt-process.js';

type Outcome = { __typename: string; code?: string; message?: string };
const outcome = '__typename ... on Refusal { code message }';
const register = `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ${outcome} ... on PatientRegistered { patient { id mrn phone address { line city state postalCode } } } } }`;
const admit = `mutation($p: ID!, $bed: BedInput!, $at: String, $npi: String, $late: String) {
  admitPatient(patientId: $p, class: "inpatient", bed: $bed, at: $at, attendingNpi: $npi, lateEntryReason: $late) {
    ${outcome} ... on EncounterChanged { encounter { id status attending { npi familyName taxonomy } } } } }`;
const transfer = `mutation($e: ID!, $to: BedInput!, $at: String) { transferPatient(encounterId: $e, to: $to, at: $at) { ${outcome} } }`;
const discharge = `mutation($e: ID!, $at: String) { dischargePatient(encounterId: $e, disposition: "01", at: $at) { ${outcome} } }`;

describe('strict input at the ADT boundary', () => {
  let db: TestDatabase;
  let adt: Awaited<ReturnType<typeof startAdt>>;
  const events = async () => Number((await db.pool.query(`SELECT count(*) AS n FROM adt.events`)).rows[0].n);
  /** Sends a mutation that must be refused with `code` naming `field`, and proves nothing was written. */
  async function refused(role: 'registrar' | 'bed-manager', query: string, variables: Record<string, unknown>, code: string, field: string) {
    const before = await events();
    const response = await graphql<Record<string, Outcome>>(adt.url, role, query, variables);
    const result = Object.values(response.data)[0]!;
    expect(result).toMatchObject({ __typename: 'Refusal', code });
    expect(result.message).toContain(field);
    expect(await events()).toBe(before);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    // The deployment default: a 24-hour back-dating limit, nothing configured.
    adt = await startAdt(db.url, await freePort(), { ADT_BACKDATING_LIMIT_HOURS: null });
  });
  afterAll(async () => {
    await adt?.stop();
    await db?.drop();
  });

  const grace = { familyName: 'Hopper', givenNames: ['Grace'], birthDate: '1906-12-09', sex: 'female' };
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

  it('refuses bad demographics field by field, and keeps address and phone given at registration', async () => {
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await refused('registrar', register, { d: { ...grace, birthDate: tomorrow } }, 'INVALID_INPUT', 'demographics.birthDate must not be in the future');
    await refused('registrar', register, { d: { ...grace, birthDate: '1990-02-30' } }, 'INVALID_INPUT', 'demographics.birthDate must be a real calendar date');
    await refused('registrar', register, { d: { ...grace, familyName: '  ' } }, 'INVALID_INPUT', 'demographics.familyName must not be blank');
    await refused('registrar', register, { d: { ...grace, sex: 'F' } }, 'INVALID_INPUT', 'demographics.sex must be one of');
    await refused('registrar', register, { d: { ...grace, address: { line: ['1 Navy Way'], city: 'Arlington', state: 'Virginia', postalCode: '22202' } } }, 'INVALID_INPUT', 'demographics.address.state');

    const address = { line: ['1 Navy Way', 'Apt 2'], city: 'Arlington', state: 'VA', postalCode: '22202' };
    const ok = await graphql<{ registerPatient: { patient: { phone: string; address: unknown } } }>(adt.url, 'registrar', register, { d: { ...grace, phone: '(703) 555-0101', address } });
    expect(ok.data.registerPatient.patient).toMatchObject({ phone: '(703) 555-0101', address });
  });

  it('names the field when a search gives a malformed birth date', async () => {
    const search = await graphql(adt.url, 'registrar', `{ searchPatients(familyName: "Hopper", birthDate: "1906-02-30") { id } }`);
    expect(search.errors?.[0]?.message).toContain('birthDate must be a real calendar date');
  });

  it('searches family names literally, not as patterns, and names the field it refuses', async () => {
    for (const familyName of ['O_Brien', 'O%Hara', 'OxBrien', 'Back\\slash']) {
      await graphql(adt.url, 'registrar', register, { d: { ...grace, familyName, givenNames: ['Pat'], birthDate: '1950-01-01' } });
    }
    const names = async (familyName: string, birthDate?: string) =>
      (await graphql<{ searchPatients: Array<{ familyName: string }> }>(adt.url, 'registrar', `query($f: String!, $b: String) { searchPatients(familyName: $f, birthDate: $b) { familyName } }`, { f: familyName, b: birthDate })).data.searchPatients.map((p) => p.familyName);
    // As patterns, "O_" would find OxBrien and "%" everyone.
    expect(await names('O_')).toEqual(['O_Brien']);
    expect(await names('o%h')).toEqual(['O%Hara']);
    expect(await names('%%')).toEqual([]);
    expect(await names('Back\\')).toEqual(['Back\\slash']);
    expect(await names('Ox')).toEqual(['OxBrien']);
    const short = await graphql(adt.url, 'registrar', `{ searchPatients(familyName: "O") { id } }`);
    expect(short.errors?.[0]).toMatchObject({ message: expect.stringContaining('familyName must have at least 2 characters'), extensions: { code: 'BAD_USER_INPUT', field: 'familyName' } });
    // With the birth date, one letter is narrow enough.
    expect((await names('O', '1950-01-01')).sort()).toEqual(['O%Hara', 'O_Brien', 'OxBrien']);
    const limit = await graphql(adt.url, 'registrar', `{ searchPatients(familyName: "Ox", limit: 0) { id } }`);
    expect(limit.errors?.[0]?.message).toContain('limit must be a whole number from 1 to 50');
  });

  it('refuses impossible, future and unexplained back-dated times, unknown references and blank ids; admits with a registry attending', async () => {
    const reg = await graphql<{ registerPatient: { patient: { id: string } } }>(adt.url, 'registrar', register, { d: { ...grace, familyName: 'Noether', givenNames: ['Emmy'], birthDate: '1882-03-23' } });
    const p = reg.data.registerPatient.patient.id;
    const bed = { bedId: '4W-03A', unitId: '4W' };
    await refused('bed-manager', admit, { p, bed, at: '2026-02-30T10:00:00-05:00' }, 'INVALID_INPUT', 'at must be a real ISO 8601 instant');
    await refused('bed-manager', admit, { p, bed, at: new Date(Date.now() + 2 * 86_400_000).toISOString() }, 'INVALID_INPUT', 'at is in the future');
    await refused('bed-manager', admit, { p, bed, at: hoursAgo(30) }, 'INVALID_INPUT', 'give a late-entry reason');
    await refused('bed-manager', admit, { p: 'no-such-patient', bed }, 'UNKNOWN_REFERENCE', 'patientId names no patient');
    await refused('bed-manager', admit, { p, bed: { bedId: ' ', unitId: '4W' } }, 'INVALID_INPUT', 'bed.bedId must not be blank');
    await refused('bed-manager', admit, { p, bed: { bedId: '9Z-99', unitId: '9Z' } }, 'UNKNOWN_REFERENCE', 'bed.bedId names no bed');
    await refused('bed-manager', admit, { p, bed: { bedId: '4W-03A', unitId: '5E' } }, 'INVALID_INPUT', "bed.unitId must be the bed's unit, 4W");
    await refused('bed-manager', admit, { p, bed, npi: '1234567890' }, 'INVALID_INPUT', 'attendingNpi is not a valid NPI');
    await refused('bed-manager', admit, { p, bed, npi: '1245319599' }, 'UNKNOWN_REFERENCE', 'attendingNpi names no provider');

    const admitted = await graphql<{ admitPatient: { encounter: { id: string; attending: unknown } } }>(adt.url, 'bed-manager', admit, { p, bed, at: hoursAgo(30), npi: '1234567893', late: 'downtime paper form' });
    expect(admitted.data.admitPatient.encounter.attending).toEqual({ npi: '1234567893', familyName: 'Osler', taxonomy: '207R00000X' });
    const e = admitted.data.admitPatient.encounter.id;
    const stored = await db.pool.query(`SELECT metadata->'extra'->>'lateEntryReason' AS late FROM adt.events WHERE event_type = 'adt.encounter.admitted'`);
    expect(stored.rows).toEqual([{ late: 'downtime paper form' }]);
    const attending = await db.pool.query(`SELECT data FROM adt.events WHERE event_type = 'adt.attending.assigned'`);
    expect(attending.rows[0].data).toMatchObject({ encounterId: e, patientId: p, attending: { npi: '1234567893' }, previous: null });

    await refused('bed-manager', transfer, { e, to: { bedId: '4W-04A', unitId: '4W' }, at: new Date(Date.now() + 2 * 86_400_000).toISOString() }, 'INVALID_INPUT', 'at is in the future');
    await refused('bed-manager', transfer, { e: 'no-such-visit', to: { bedId: '4W-04A', unitId: '4W' } }, 'UNKNOWN_REFERENCE', 'encounterId names no encounter');
    await refused('bed-manager', discharge, { e, at: new Date(Date.now() + 2 * 86_400_000).toISOString() }, 'INVALID_INPUT', 'at is in the future');

    const change = `mutation($e: ID!, $npi: String!, $r: String!) { changeAttending(encounterId: $e, attendingNpi: $npi, reason: $r) { ${outcome} ... on EncounterChanged { encounter { attending { npi } } } } }`;
    await refused('bed-manager', change, { e, npi: '1347629515', r: ' ' }, 'INVALID_INPUT', 'reason must not be blank');
    const changed = await graphql<{ changeAttending: { encounter: { attending: { npi: string } } } }>(adt.url, 'bed-manager', change, { e, npi: '1347629515', r: 'transferred to paediatrics' });
    expect(changed.data.changeAttending.encounter.attending.npi).toBe('1347629515');

    // Leave and class changes follow the same back-dating rule, and keep the reason.
    const reclass = `mutation($e: ID!, $at: String, $late: String) { changePatientClass(encounterId: $e, class: "observation", at: $at, lateEntryReason: $late) { ${outcome} } }`;
    await refused('bed-manager', reclass, { e, at: hoursAgo(29) }, 'INVALID_INPUT', 'at is more than 24 hours ago');
    const leave = `mutation($e: ID!, $at: String) { startLeave(encounterId: $e, at: $at) { ${outcome} } }`;
    await refused('bed-manager', leave, { e, at: hoursAgo(29) }, 'INVALID_INPUT', 'give a late-entry reason');
    const reclassed = await graphql<{ changePatientClass: Outcome }>(adt.url, 'bed-manager', reclass, { e, at: hoursAgo(29), late: 'order found on paper chart' });
    expect(reclassed.data.changePatientClass.__typename).toBe('EncounterChanged');
    const kept = await db.pool.query(`SELECT metadata->'extra'->>'lateEntryReason' AS late FROM adt.events WHERE event_type = 'adt.encounter.class-changed'`);
    expect(kept.rows).toEqual([{ late: 'order found on paper chart' }]);
  });

  it('corrects demographics with a reason, keeping every earlier version', async () => {
    const reg = await graphql<{ registerPatient: { patient: { id: string } } }>(adt.url, 'registrar', register, { d: { ...grace, familyName: 'Franklin', givenNames: ['Rosalind'], birthDate: '1920-07-25' } });
    const p = reg.data.registerPatient.patient.id;
    const correct = `mutation($p: ID!, $d: DemographicsInput!, $r: String!) { correctDemographics(patientId: $p, demographics: $d, reason: $r) { ${outcome} ... on PatientChanged { patient { familyName phone demographicsHistory { nodes { number by reason changed familyName phone } pageInfo { hasNextPage } } } } } }`;
    const moved = { familyName: 'Franklin', givenNames: ['Rosalind'], birthDate: '1920-07-25', sex: 'female', phone: '617-555-0199' };
    await refused('registrar', correct, { p, d: { ...moved, birthDate: '1920-13-01' }, r: 'moved' }, 'INVALID_INPUT', 'demographics.birthDate');
    await refused('registrar', correct, { p: 'nobody', d: moved, r: 'moved' }, 'UNKNOWN_REFERENCE', 'patientId names no patient');
    const done = await graphql<{ correctDemographics: { patient: { phone: string; demographicsHistory: { nodes: Array<{ by: string; reason: string | null; changed: string[]; phone: string | null }> } } } }>(
      adt.url,
      'registrar',
      correct,
      { p, d: moved, r: 'new phone number' },
    );
    expect(done.data.correctDemographics.patient.phone).toBe('617-555-0199');
    expect(done.data.correctDemographics.patient.demographicsHistory).toEqual({
      nodes: [
        { number: 1, by: 'registrar-1', reason: null, changed: ['name', 'birthDate', 'sex', 'phone', 'address'], familyName: 'Franklin', phone: null },
        { number: 2, by: 'registrar-1', reason: 'new phone number', changed: ['phone'], familyName: 'Franklin', phone: '617-555-0199' },
      ],
      pageInfo: { hasNextPage: false },
    });
  });
});
