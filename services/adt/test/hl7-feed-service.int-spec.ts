import { createServer, type Server } from 'node:net';
import HL7 from 'hl7-standard';
import { freePort } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { frame } from '../src/integration/hl7/mllp-client.js';
import { graphql, startAdt } from './support/adt-process.js';

describe('the running ADT service’s HL7 feed', () => {
  let db: TestDatabase;
  let adt: Awaited<ReturnType<typeof startAdt>>;
  let receiverPort: number;
  let receiver: Server | null = null;

  beforeAll(async () => {
    db = await createTestDatabase();
    receiverPort = await freePort();
    adt = await startAdt(db.url, await freePort(), { HL7_RECEIVER: `127.0.0.1:${receiverPort}` });
  });
  afterAll(async () => {
    receiver?.close();
    await adt?.stop();
    await db?.drop();
  });

  it('holds the admission’s A01 while the receiver is down and delivers it when the receiver comes up', async () => {
    const reg = await graphql<{ registerPatient: { patient: { id: string; mrn: string } } }>(
      adt.url,
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Lovelace", givenNames: ["Ada"], birthDate: "1815-12-10", sex: "female" }) { ... on PatientRegistered { patient { id mrn } } } }`,
    );
    await graphql(adt.url, 'bed-manager', `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "4W-03A", unitId: "4W" }) { __typename } }`, {
      p: reg.data.registerPatient.patient.id,
    });
    await new Promise((r) => setTimeout(r, 2_500)); // the sender has tried, and found nobody
    const waiting = await db.pool.query(`SELECT trigger_event, status FROM adt.hl7_outbound ORDER BY seq`);
    expect(waiting.rows).toEqual([{ trigger_event: 'A01', status: 'pending' }]);

    const received: string[] = [];
    receiver = createServer((socket) =>
      socket.on('data', (chunk) => {
        const message = chunk.toString('utf8').slice(1, -2);
        received.push(message);
        socket.write(frame(`MSH|^~\\&|R|R|EHR-ADT|GENHOSP|20260302080000||ACK|A1|P|2.5.1\rMSA|AA|${message.split('\r')[0]!.split('|')[9]}`));
      }),
    );
    await new Promise<void>((resolve) => receiver!.listen(receiverPort, '127.0.0.1', () => resolve()));
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const hl7 = new HL7(received[0]!, { lineEndings: '\r' });
    hl7.transform();
    expect([hl7.get('MSH.9.2'), hl7.get('PID.3.1'), hl7.get('PV1.3.1'), hl7.get('PV1.3.3')]).toEqual(['A01', reg.data.registerPatient.patient.mrn, '4W', '03A']);
  });
});
