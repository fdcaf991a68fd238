import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { eventsTopic } from '@ehr/contracts';
import type { NewEvent } from '../src/event-store/event-store.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { discardDeadLetter, listDeadLetters, replayDeadLetters } from '../src/messaging/dead-letters.js';
import { migrateMessaging } from '../src/messaging/messaging-schema.js';
import { Relay } from '../src/messaging/relay.js';
import { ensureTopics } from '../src/messaging/topics.js';
import { createTestDatabase, kafkaBrokersOrSkip, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { appliedSummary, createAppliedTable, eventually, quietKafka, uniqueService } from './support/messaging.js';

const brokers = kafkaBrokersOrSkip('causal waiting drill');

const patients = 30;
const chargesEach = 10;
const poisonPatient = 3;
const poisonCharge = 5;
// Each stage may wait long on a loaded machine (consumer groups rejoining after a SIGKILL); the figures, not the time, are judged.
const stage = 240_000;

const event = (type: string, patientId: string, encounterId: string, data: Record<string, unknown>): NewEvent => ({
  type,
  schemaVersion: 1,
  data: { encounterId, ...data },
  metadata: { patientId, encounterId, actor: { id: 'u1', role: 'nurse' }, correlationId: randomUUID() },
});

(brokers ? describe : describe.skip)('drill: a consumer restarted onto a backlog where dependents arrive before their predecessors', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
    for (const schema of ['charges', 'admissions']) {
      await new PostgresEventStore({ pool: db.pool, schema }).migrate();
      await migrateMessaging(db.pool, schema);
    }
    await migrateMessaging(db.pool, 'consumer');
    await createAppliedTable(db.pool, 'consumer');
    await db.pool.query('CREATE TABLE consumer.accounts (encounter_id text PRIMARY KEY)');
    await db.pool.query('CREATE TABLE consumer.fixes (fixed boolean)');
  });
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await db.drop();
  });

  /** Runs the store's relay until the topic holds `expected` messages (what is visible to a relay lags behind other sessions' open transactions). */
  async function publishAll(schema: string, service: string, expected: number): Promise<void> {
    const kafka = quietKafka(brokers!);
    const relay = new Relay({ store: new PostgresEventStore({ pool: db.pool, schema, pollIntervalMs: 50 }), pool: db.pool, schema, service, kafka });
    await relay.start();
    const admin = kafka.admin();
    await admin.connect();
    try {
      await eventually(`${expected} messages on ${eventsTopic(service)}`, async () => (await admin.fetchTopicOffsets(eventsTopic(service))).reduce((sum, p) => sum + Number(p.high), 0) >= expected, stage);
    } finally {
      await admin.disconnect();
      await relay.stop();
    }
  }

  function serviceProcess(service: string, charges: string, admissions: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'support', 'causal-consumer-process.mjs'), brokers!.join(','), service, charges, admissions, db.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.stdout!.once('data', () => resolve(child));
      child.once('exit', (code) => reject(new Error(`service process exited with ${code}`)));
    });
  }

  const kill = async (child: ChildProcess) => {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  };
  const count = async (sql: string) => Number((await db.pool.query<{ n: string }>(sql)).rows[0]!.n);

  it('applies every charge once, in order per patient, after its admission; dead-letters only the impossible one, and replays it after the fix', async () => {
    const service = uniqueService('svc');
    const chargesService = uniqueService('charges');
    const admissionsService = uniqueService('adm');
    const chargesStore = new PostgresEventStore({ pool: db.pool, schema: 'charges' });
    const admissionsStore = new PostgresEventStore({ pool: db.pool, schema: 'admissions' });
    const encounters = Array.from({ length: patients }, () => randomUUID());
    // Charges interleaved across patients, each patient's in order; one is impossible.
    for (let n = 0; n < chargesEach; n++) {
      for (let p = 0; p < patients; p++) {
        const poison = p === poisonPatient && n === poisonCharge;
        await chargesStore.append(`charge-${encounters[p]}`, [event('test.charge.posted', `p${p}`, encounters[p]!, { n, ...(poison ? { poison } : {}) })], { expectedVersion: 'any' });
      }
    }
    const kafka = quietKafka(brokers!);
    await ensureTopics(kafka, [eventsTopic(chargesService)]);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: eventsTopic(chargesService), messages: [{ key: 'p0', value: '{"not": "an event"' }] });
    await producer.disconnect();
    await publishAll('charges', chargesService, patients * chargesEach + 1);
    const appended = patients * chargesEach;

    // Every charge arrives before its admission: they wait. The service dies with many waiting.
    const first = await serviceProcess(service, chargesService, admissionsService);
    await eventually('charges waiting for their admissions', async () => (await count('SELECT count(*) AS n FROM consumer.waiting_events')) >= 60, stage);
    await kill(first);
    const waitingAtFirstKill = await count('SELECT count(*) AS n FROM consumer.waiting_events');
    expect(await count('SELECT count(*) AS n FROM consumer.applied')).toBe(0);

    // The admissions come in while it is down; it is restarted onto both backlogs and killed again while draining.
    for (let p = 0; p < patients; p++) await admissionsStore.append(`encounter-${encounters[p]}`, [event('test.encounter.admitted', `p${p}`, encounters[p]!, {})], { expectedVersion: 'no-stream' });
    await publishAll('admissions', admissionsService, patients);
    const second = await serviceProcess(service, chargesService, admissionsService);
    await eventually('some charges applied', async () => (await count('SELECT count(*) AS n FROM consumer.applied')) >= 30, stage);
    await kill(second);
    const appliedAtSecondKill = await count('SELECT count(*) AS n FROM consumer.applied');

    const third = await serviceProcess(service, chargesService, admissionsService);
    await eventually('every charge but the impossible one applied, none waiting', async () =>
      (await count('SELECT count(*) AS n FROM consumer.applied')) === appended - 1 && (await count('SELECT count(*) AS n FROM consumer.waiting_events')) === 0,
      stage,
    );
    const summary = await appliedSummary(db.pool, 'consumer');
    const open = await listDeadLetters(db.pool, 'consumer');
    expect(summary).toEqual({ rows: appended - 1, maxApplied: 1, outOfOrderPatients: [] });
    expect(open.map((d) => d.error).sort()).toEqual([expect.stringMatching(/charge 5 has an impossible amount/), expect.stringMatching(/not JSON/)].sort());
    // Conflicts with the service's own writers were retried, never counted towards the dead letter.
    expect(open.every((d) => !/Concurrency/.test(d.error))).toBe(true);

    // After the fix an operator replays everything open: the charge is applied; the message that is no event fails again.
    await db.pool.query('INSERT INTO consumer.fixes VALUES (true)');
    expect(await replayDeadLetters(db.pool, 'consumer', 'operator:drill', 'all-open')).toBe(2);
    await eventually('the fixed charge applied', async () => (await count('SELECT count(*) AS n FROM consumer.applied')) === appended, 120_000);
    await eventually('the malformed one open again', async () => (await listDeadLetters(db.pool, 'consumer')).length === 1, 120_000);
    const [malformed] = await listDeadLetters(db.pool, 'consumer');
    expect(malformed!.error).toMatch(/not an event envelope/);
    expect(malformed!.replays).toBe(1);
    await discardDeadLetter(db.pool, 'consumer', 'operator:drill', malformed!, 'a test message, never an event');
    const all = await listDeadLetters(db.pool, 'consumer', { status: 'all' });
    expect(all.map((d) => [d.status, d.resolvedBy, d.discardReason]).sort()).toEqual(
      [
        ['discarded', 'operator:drill', 'a test message, never an event'],
        ['replayed', 'operator:drill', null],
      ].sort(),
    );
    await kill(third);

    const final = await appliedSummary(db.pool, 'consumer');
    const lost = appended - final.rows;
    const duplicated = (await db.pool.query<{ n: string }>('SELECT coalesce(sum(applied_count - 1), 0) AS n FROM consumer.applied')).rows[0]!.n;
    console.log(
      `causal waiting drill: appended ${appended} charges + ${patients} admissions; waiting at the first kill ${waitingAtFirstKill}; ` +
        `applied at the second kill ${appliedAtSecondKill}; applied ${final.rows}; lost ${lost}; duplicated ${duplicated}; patients out of order before the replay ${summary.outOfOrderPatients.length}; ` +
        `dead-lettered 2 (1 impossible, replayed after the fix; 1 not an event, discarded)`,
    );
    expect({ lost, duplicated: Number(duplicated) }).toEqual({ lost: 0, duplicated: 0 });
    // A replay comes after the patient's later events, by nature: the only patient out of order is the replayed charge's.
    expect(final.outOfOrderPatients).toEqual([`p${poisonPatient}`]);
  }, 900_000);
});
