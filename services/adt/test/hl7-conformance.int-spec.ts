import HL7 from 'hl7-standard';
import { freePort } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { MllpClient } from '../src/integration/hl7/mllp-client.js';
import { graphql, startAdt } from './support/adt-process.js';
import { type Hl7Check, startHl7Check } from './support/hl7-check.js';

type Registered = { registerPatient: { patient: { id: string; mrn: string } } };
type Changed = { encounter: { id: string } };

/** The feed the running service sends, judged by a strict HAPI v2.5.1 receiver. */
describe('HL7 v2 conformance of the ADT feed', () => {
  let db: TestDatabase;
  let check: Hl7Check;
  let adt: Awaited<ReturnType<typeof startAdt>>;

  beforeAll(async () => {
    check = await startHl7Check();
    db = await createTestDatabase();
    adt = await startAdt(db.url, await freePort(), { HL7_RECEIVER: `127.0.0.1:${check.port}` });
  }, 180_000);
  afterAll(async () => {
    await adt?.stop();
    await check?.stop();
    await db?.drop();
  });

  const outcome = `__typename ... on Refusal { code message }`;
  const register = (d: Record<string, unknown>) =>
    graphql<Registered>(adt.url, 'registrar', `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ${outcome} ... on PatientRegistered { patient { id mrn } } } }`, { d });
  const sent = async () => (await db.pool.query<{ trigger_event: string; message: string }>(`SELECT trigger_event, message FROM adt.hl7_outbound ORDER BY seq`)).rows;
  const parse = (raw: string) => {
    const hl7 = new HL7(raw, { lineEndings: '\r' });
    hl7.transform();
    return hl7;
  };

  it('sends messages the receiver accepts with zero errors: UTF-8 declared, A05 with PV2-8, A08 with the visit, A40 naming the survivor, no retired MRN after a merge', async () => {
    const munoz = await register({
      familyName: 'Muñoz',
      givenNames: ['José'],
      birthDate: '1970-05-04',
      sex: 'male',
      phone: '617-555-0142',
      address: { line: ['5 Peña Street'], city: 'Boston', state: 'MA', postalCode: '02115' },
    });
    const survivor = munoz.data.registerPatient.patient;
    const expectedAt = new Date(Date.now() + 86_400_000).toISOString();
    const planned = await graphql<{ preadmitPatient: Changed }>(
      adt.url,
      'registrar',
      `mutation($p: ID!, $at: String!) { preadmitPatient(patientId: $p, class: "inpatient", expectedAt: $at) { ${outcome} ... on EncounterChanged { encounter { id } } } }`,
      { p: survivor.id, at: expectedAt },
    );
    await graphql(adt.url, 'bed-manager', `mutation($p: ID!, $e: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "4W-05A", unitId: "4W" }, encounterId: $e, attendingNpi: "1234567893") { ${outcome} } }`, {
      p: survivor.id,
      e: planned.data.preadmitPatient.encounter.id,
    });
    const correct = `mutation($p: ID!, $d: DemographicsInput!) { correctDemographics(patientId: $p, demographics: $d, reason: "new phone") { ${outcome} } }`;
    await graphql(adt.url, 'registrar', correct, { p: survivor.id, d: { familyName: 'Muñoz', givenNames: ['José'], birthDate: '1970-05-04', sex: 'male', phone: '617-555-0199' } });

    // The same person arrived again through the ED under a second record.
    const duplicate = (await register({ familyName: 'Munoz', givenNames: ['Jose'], birthDate: '1970-05-04', sex: 'male' })).data.registerPatient.patient;
    const ed = await graphql<{ admitPatient: Changed }>(
      adt.url,
      'bed-manager',
      `mutation($p: ID!) { admitPatient(patientId: $p, class: "emergency", bed: { bedId: "ED-03", unitId: "ED" }) { ${outcome} ... on EncounterChanged { encounter { id } } } }`,
      { p: duplicate.id },
    );
    await graphql(adt.url, 'registrar', correct, { p: duplicate.id, d: { familyName: 'Munoz', givenNames: ['Jose'], birthDate: '1970-05-04', sex: 'male', phone: '617-555-0100' } });
    await graphql(adt.url, 'registrar', `mutation($r: ID!, $s: ID!) { mergePatients(retiredPatientId: $r, survivorPatientId: $s, reason: "same person, ID checked") { ${outcome} } }`, { r: duplicate.id, s: survivor.id });
    await graphql(adt.url, 'bed-manager', `mutation($e: ID!) { transferPatient(encounterId: $e, to: { bedId: "ED-04", unitId: "ED" }) { ${outcome} } }`, { e: ed.data.admitPatient.encounter.id });

    const verdicts = await check.waitFor(7);
    expect(verdicts.map((v) => [v.trigger, v.ack, v.errors])).toEqual([
      ['ADT^A05^ADT_A05', 'AA', []],
      ['ADT^A01^ADT_A01', 'AA', []],
      ['ADT^A08^ADT_A01', 'AA', []],
      ['ADT^A04^ADT_A01', 'AA', []],
      ['ADT^A08^ADT_A01', 'AA', []],
      ['ADT^A40^ADT_A39', 'AA', []],
      ['ADT^A02^ADT_A02', 'AA', []],
    ]);
    // Decoded by the receiver as the character set MSH-18 declares.
    expect(verdicts[0]!.familyName).toBe('Muñoz');

    const messages = (await sent()).map((r) => parse(r.message));
    expect(messages.every((m) => m.get('MSH.18') === 'UNICODE UTF-8')).toBe(true);
    const [a05, , a08, , a08Ed, a40, a02] = messages as [HL7, HL7, HL7, HL7, HL7, HL7, HL7];
    expect(a05.get('PV2.8')).toMatch(/^\d{14}[+-]\d{4}$/);
    expect([a08.get('PV1.2'), a08.get('PV1.3.1'), a08.get('PV1.3.3')]).toEqual(['I', '4W', expect.any(String)]);
    expect([a08Ed.get('PV1.2'), a08Ed.get('PV1.3.1')]).toEqual(['E', 'ED']);
    expect([a40.get('PID.3.1'), a40.get('PID.5.1'), a40.get('MRG.1.1')]).toEqual([survivor.mrn, 'Muñoz', duplicate.mrn]);
    // After the merge the retired MRN is never sent: the move of the retired record's visit goes out under the survivor.
    expect([a02.get('PID.3.1'), a02.get('PID.5.1')]).toEqual([survivor.mrn, 'Muñoz']);
  }, 120_000);

  it('is a judge that can fail: undeclared UTF-8 and a segment the structure lacks are refused (AE)', async () => {
    const client = new MllpClient({ host: '127.0.0.1', port: check.port, connectTimeoutMs: 2_000 });
    const msh = (id: string, charset: string) => `MSH|^~\\&|EHR-ADT|GENHOSP|ADT-RECEIVER|GENHOSP|20260302080000-0500||ADT^A08^ADT_A01|${id}|P|2.5.1||||||${charset}`;
    const body = 'EVN|A08|20260302080000-0500\rPID|1||00000018^^^GENHOSP^MR||Muñoz^José\rPV1|1|I';
    const judged = check.verdicts.length;
    const undeclared = await client.send(`${msh('BAD1', '')}\r${body}`, 'BAD1');
    const stray = await client.send(`${msh('BAD2', 'UNICODE UTF-8')}\r${body}\rZZZ|1`, 'BAD2');
    client.close();
    expect([undeclared.code, stray.code]).toEqual(['AE', 'AE']);
    const [first, second] = (await check.waitFor(judged + 2)).slice(judged);
    expect(first!.errors).toEqual(['non-ASCII bytes but MSH-18 declares no character set']);
    expect(second!.errors.join()).toContain('ZZZ');
  });

  it('shows rejected messages to the interface administrator, who may resend one or discard one with a reason', async () => {
    for (const id of ['PARK1', 'PARK2']) {
      await db.pool.query(`INSERT INTO adt.hl7_outbound (event_id, control_id, trigger_event, message, status, ack_code, last_error, attempts) VALUES (gen_random_uuid(), $1, 'A08', 'MSH|...', 'rejected', 'AE', 'PID-3 unknown', 1)`, [id]);
    }
    const list = `{ hl7Rejections { controlId ackCode reason } }`;
    const seen = await graphql<{ hl7Rejections: Array<{ controlId: string }> }>(adt.url, 'admin', list);
    expect(seen.errors).toBeUndefined();
    expect(seen.data.hl7Rejections).toEqual([
      { controlId: 'PARK1', ackCode: 'AE', reason: 'PID-3 unknown' },
      { controlId: 'PARK2', ackCode: 'AE', reason: 'PID-3 unknown' },
    ]);
    expect((await graphql(adt.url, 'nurse', list)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const discard = `mutation($c: String!, $r: String!) { discardHl7Message(controlId: $c, reason: $r) { ${outcome} ... on Hl7MessageHandled { status } } }`;
    const blank = await graphql<{ discardHl7Message: { code: string; message: string } }>(adt.url, 'admin', discard, { c: 'PARK1', r: ' ' });
    expect(blank.data.discardHl7Message).toMatchObject({ code: 'INVALID_INPUT', message: 'reason must not be blank' });
    const done = await graphql<{ discardHl7Message: { status: string } }>(adt.url, 'admin', discard, { c: 'PARK1', r: 'patient unknown to the lab; registered there by hand' });
    expect(done.data.discardHl7Message.status).toBe('discarded');
    const again = await graphql<{ discardHl7Message: { code: string } }>(adt.url, 'admin', discard, { c: 'PARK1', r: 'twice' });
    expect(again.data.discardHl7Message.code).toBe('HL7_MESSAGE_NOT_PARKED');
    const resent = await graphql<{ resendHl7Message: { status: string } }>(adt.url, 'admin', `mutation { resendHl7Message(controlId: "PARK2") { ${outcome} ... on Hl7MessageHandled { status } } }`);
    expect(resent.data.resendHl7Message.status).toBe('pending');
    const kept = await db.pool.query(`SELECT control_id, status, handled_by, discard_reason FROM adt.hl7_outbound WHERE control_id IN ('PARK1', 'PARK2') ORDER BY control_id`);
    expect(kept.rows).toEqual([
      { control_id: 'PARK1', status: 'discarded', handled_by: 'admin-1', discard_reason: 'patient unknown to the lab; registered there by hand' },
      { control_id: 'PARK2', status: 'pending', handled_by: 'admin-1', discard_reason: null },
    ]);
  });
});
