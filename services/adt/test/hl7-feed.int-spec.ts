import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import HL7 from 'hl7-standard';
import { freePort, migrate, migrationsFromFolder, type NewEvent, PostgresEventStore, withTransaction } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { hl7FeedProjection } from '../src/integration/hl7/hl7-feed.projection.js';
import { frame, MllpClient } from '../src/integration/hl7/mllp-client.js';
import { Hl7Sender } from '../src/integration/hl7/hl7-sender.js';

const facility = { id: 'GENHOSP', zone: 'America/New_York', sendingApplication: 'EHR-ADT', receivingApplication: 'LAB', receivingFacility: 'GENHOSP' };
const actor = { id: 'reg-1', role: 'registrar' };
const ada = { familyName: 'Lovelace', givenNames: ['Ada'], birthDate: '1815-12-10', sex: 'female', phone: null, address: null };
const ev = (type: string, data: unknown, patientId: string | null, encounterId: string | null = null): NewEvent => ({
  type,
  schemaVersion: 1,
  data,
  metadata: { patientId, encounterId, actor, correlationId: 'c1' },
});

/** A receiver that acknowledges every message, recording what it got. */
function receiver(port: number): Promise<{ server: Server; received: string[] }> {
  const received: string[] = [];
  const server = createServer((socket) =>
    socket.on('data', (chunk) => {
      const message = chunk.toString('utf8').slice(1, -2);
      received.push(message);
      const controlId = message.split('\r')[0]!.split('|')[9];
      socket.write(frame(`MSH|^~\\&|LAB|GENHOSP|EHR-ADT|GENHOSP|20260302080000||ACK|A1|P|2.5.1\rMSA|AA|${controlId}`));
    }),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, received }));
  });
}

describe('HL7 outbound feed', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema: 'adt' });
    await store.migrate();
    await migrate(db.pool, 'adt', await migrationsFromFolder(join(import.meta.dirname, '..', 'migrations')));
  });
  afterAll(async () => {
    await db.drop();
  });

  it('holds messages while the receiver is down and sends every one, in order, once it is back', async () => {
    await store.append('bed-3N-07', [ev('adt.bed.commissioned', { bedId: '3N-07', unitId: '3N', roomId: '3N-R07', label: '07', sharing: false }, null)], { expectedVersion: 'no-stream' });
    await store.append('bed-ICU-02', [ev('adt.bed.commissioned', { bedId: 'ICU-02', unitId: 'ICU', roomId: 'ICU-R2', label: '02', sharing: false }, null)], { expectedVersion: 'no-stream' });
    await store.append('patient-p1', [ev('adt.patient.registered', { patientId: 'p1', mrn: '00000018', demographics: ada, duplicateOverride: null }, 'p1')], { expectedVersion: 'no-stream' });
    await store.append(
      'encounter-e1',
      [
        ev('adt.encounter.admitted', { encounterId: 'e1', patientId: 'p1', class: 'inpatient', bedId: '3N-07', unitId: '3N', at: '2026-03-02T13:00:00Z' }, 'p1', 'e1'),
        ev('adt.encounter.transferred', { encounterId: 'e1', from: { bedId: '3N-07', unitId: '3N' }, to: { bedId: 'ICU-02', unitId: 'ICU' }, at: '2026-03-02T22:10:00Z' }, 'p1', 'e1'),
        ev('adt.encounter.discharged', { encounterId: 'e1', bedId: 'ICU-02', unitId: 'ICU', disposition: '01', at: '2026-03-04T16:00:00Z' }, 'p1', 'e1'),
      ],
      { expectedVersion: 'no-stream' },
    );

    const projection = hl7FeedProjection({ store, schema: 'adt', facility });
    const { events } = await store.readAll(null);
    for (const event of events) {
      if (projection.handles?.includes(event.type)) await withTransaction(db.pool, (tx) => projection.apply(tx, event));
    }
    // Applying the same events again (a redelivery) queues nothing twice.
    for (const event of events) {
      if (projection.handles?.includes(event.type)) await withTransaction(db.pool, (tx) => projection.apply(tx, event));
    }

    // A port the system says is free now, rather than a random one that may be some connection's source port.
    const port = await freePort();
    const client = new MllpClient({ host: '127.0.0.1', port, connectTimeoutMs: 1_000 });
    const sender = new Hl7Sender(db.pool, 'adt', client);

    const whileDown = await sender.drain();
    expect(whileDown.sent).toBe(0);
    expect(whileDown.stoppedBecause).toMatch(/unreachable/);
    const pending = await db.pool.query(`SELECT trigger_event, status, attempts FROM adt.hl7_outbound ORDER BY seq`);
    expect(pending.rows).toEqual([
      { trigger_event: 'A01', status: 'pending', attempts: 1 },
      { trigger_event: 'A02', status: 'pending', attempts: 0 },
      { trigger_event: 'A03', status: 'pending', attempts: 0 },
    ]);

    const up = await receiver(port);
    const report = await sender.drain();
    client.close();
    up.server.close();
    expect(report).toEqual({ sent: 3, rejected: 0, stoppedBecause: null });
    const triggers = up.received.map((raw) => {
      const hl7 = new HL7(raw, { lineEndings: '\r' });
      hl7.transform();
      return [hl7.get('MSH.9.2'), hl7.get('PID.3.1'), hl7.get('PV1.3.1')];
    });
    expect(triggers).toEqual([
      ['A01', '00000018', '3N'],
      ['A02', '00000018', 'ICU'],
      ['A03', '00000018', 'ICU'],
    ]);
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM adt.hl7_outbound WHERE status = 'sent'`);
    expect(rows[0].n).toBe(3);
  });

  it('retries an AR with back-off before anything after it, parks an AE and goes on, and reports each with its MSH-10', async () => {
    await db.pool.query(`DELETE FROM adt.hl7_outbound`);
    for (const id of ['AR1', 'AE1', 'OK1']) {
      await db.pool.query(`INSERT INTO adt.hl7_outbound (event_id, control_id, trigger_event, message) VALUES (gen_random_uuid(), $1, 'A08', $2)`, [
        id,
        `MSH|^~\\&|EHR-ADT|GENHOSP|LAB|GENHOSP|20260302080000||ADT^A08^ADT_A01|${id}|P|2.5.1`,
      ]);
    }
    const answers: Record<string, string[]> = { AR1: ['AR|busy, try later', 'AA'], AE1: ['AE|PID-3 unknown'], OK1: ['AA'] };
    const received: string[] = [];
    const server = createServer((socket) =>
      socket.on('data', (chunk) => {
        const controlId = chunk.toString('utf8').slice(1, -2).split('|')[9]!;
        received.push(controlId);
        const [code, text = ''] = answers[controlId]!.shift()!.split('|');
        socket.write(frame(`MSH|^~\\&|LAB|GENHOSP|EHR-ADT|GENHOSP|20260302080000||ACK|A1|P|2.5.1\rMSA|${code}|${controlId}|${text}`));
      }),
    );
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const rejections: unknown[] = [];
    const client = new MllpClient({ host: '127.0.0.1', port, connectTimeoutMs: 1_000 });
    const sender = new Hl7Sender(db.pool, 'adt', client, (r) => rejections.push(r));

    const first = await sender.drain();
    expect(first).toEqual({ sent: 0, rejected: 0, stoppedBecause: 'message AR1 answered AR; retried in 2 s' });
    // Not due yet: nothing is sent, and nothing after it overtakes it.
    expect((await sender.drain()).stoppedBecause).toBe('message AR1 waits to be retried after AR');
    await db.pool.query(`UPDATE adt.hl7_outbound SET next_attempt_at = now() - interval '1 second' WHERE control_id = 'AR1'`);
    const second = await sender.drain();
    client.close();
    server.close();
    expect(second).toEqual({ sent: 2, rejected: 1, stoppedBecause: null });
    expect(received).toEqual(['AR1', 'AR1', 'AE1', 'OK1']);
    expect(rejections).toEqual([
      { controlId: 'AR1', code: 'AR', reason: 'busy, try later', retryAt: expect.any(String) },
      { controlId: 'AE1', code: 'AE', reason: 'PID-3 unknown', retryAt: null },
    ]);
    const rows = (await db.pool.query(`SELECT control_id, status, ack_code, attempts FROM adt.hl7_outbound ORDER BY seq`)).rows;
    expect(rows).toEqual([
      { control_id: 'AR1', status: 'sent', ack_code: 'AA', attempts: 2 },
      { control_id: 'AE1', status: 'rejected', ack_code: 'AE', attempts: 1 },
      { control_id: 'OK1', status: 'sent', ack_code: 'AA', attempts: 1 },
    ]);
  });
});
