import { EventRegistry, type EventEnvelope, eventCatalog, gtinFromNdc10 } from '@ehr/contracts';
import { type CommandContext, DomainError, withTransaction } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { v7 as uuidv7 } from 'uuid';
import { MarApplication } from '../src/application/mar-application.js';
import { type SourceStream, type SourceVersions, sourceStreamId } from '../src/application/source-versions.js';
import { adtEventsHandler } from '../src/integration/adt-events.handler.js';
import { ordersEventsHandler } from '../src/integration/orders-events.handler.js';
import { recordingSourcePositions } from '../src/integration/source-positions.js';
import { schema } from '../src/projections/index.js';

const metoprolol = gtinFromNdc10('99902-2012-1');
const nurse: CommandContext = { actor: { id: 'rn-a', role: 'nurse' } };
/** The bound the waiting cases never reach on a loaded machine, and the short one the bound is measured with. */
const patientMs = 5_000;
const confirmTimeoutMs = 500;
const registries = { adt: new EventRegistry(eventCatalog.adt!), orders: new EventRegistry(eventCatalog.orders!) };

/**
 * The eMAR documents a dose only on copies of the encounter and the order that are as new as
 * ADT's and orders' answers so far (ADR 0023). Here the sources are a stand-in that says how far
 * each stream has gone, and the followers are fed by hand, so each lag is exact.
 */
describe('documenting a dose on copies confirmed at their sources', () => {
  let db: TestDatabase;
  let mar: MarApplication;
  let impatient: MarApplication;
  /** What the stand-in sources answer: each stream's version, and which sources are down. */
  const atSource = new Map<string, number>();
  const down = new Set<SourceStream['source']>();
  const sources: SourceVersions = {
    async versionOf(stream) {
      if (down.has(stream.source)) throw new Error(`${stream.source} is down`);
      return atSource.get(sourceStreamId(stream)) ?? 0;
    },
  };
  let followAdt: ReturnType<typeof recordingSourcePositions>;
  let followOrders: ReturnType<typeof recordingSourcePositions>;

  beforeAll(async () => {
    db = await createTestDatabase();
    mar = new MarApplication(db.pool, 'America/New_York', sources, { confirmTimeoutMs: patientMs });
    impatient = new MarApplication(db.pool, 'America/New_York', sources, { confirmTimeoutMs });
    await mar.migrate();
    followAdt = recordingSourcePositions(adtEventsHandler(), ['encounter-']);
    followOrders = recordingSourcePositions(ordersEventsHandler(mar), ['order-']);
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** One source event applied by the eMAR's follower; the source has stored it (its stream is at this version). */
  async function follow(source: 'adt' | 'orders', type: string, streamId: string, streamVersion: number, data: Record<string, unknown>, patientId: string): Promise<void> {
    const now = new Date().toISOString();
    const envelope: EventEnvelope = {
      eventId: uuidv7(),
      type,
      schemaVersion: registries[source].get(type).schemaVersion,
      streamId,
      streamVersion,
      occurredAt: now,
      recordedAt: now,
      patientId,
      encounterId: null,
      actor: { id: 'system:test', role: 'system' },
      correlationId: uuidv7(),
      causationId: null,
      traceparent: null,
      data,
    };
    await withTransaction(db.pool, (tx) => (source === 'adt' ? followAdt : followOrders).apply(tx, envelope));
  }

  /** An admitted patient with a verified metoprolol order, both known to the eMAR and to the sources, and a dose scanned by rn-a. */
  async function scannedDose(): Promise<{ doseId: string; encounterId: string; orderId: string; patientId: string }> {
    const [patientId, encounterId, orderId] = [uuidv7(), uuidv7(), uuidv7()];
    const mrn = `MRN-${patientId.slice(-12)}`;
    const at = new Date(Date.now() - 10 * 60_000).toISOString();
    await db.pool.query(`INSERT INTO ${schema}.wristbands (mrn, patient_id) VALUES ($1, $2)`, [mrn, patientId]);
    await follow('adt', 'adt.encounter.admitted', `encounter-${encounterId}`, 1, { encounterId, patientId, class: 'inpatient', unitId: '4W', bedId: '4W-01A', at }, patientId);
    const details = {
      kind: 'medication',
      drugId: 'metoprolol-tartrate-25-tab',
      drugName: 'Metoprolol Tartrate 25 MG Oral Tablet',
      dose: { value: 25, unit: 'mg' },
      route: 'oral',
      frequency: { type: 'interval', code: 'q8h' },
      indication: 'hypertension',
      timeCritical: false,
      highAlert: false,
      controlledSchedule: null,
      instructions: null,
    };
    await follow('orders', 'orders.order.placed', `order-${orderId}`, 1, { orderId, patientId, encounterId, orderedBy: 'md-1', placedAt: at, priority: 'routine', start: at, stop: null, details }, patientId);
    await follow('orders', 'orders.order.verified', `order-${orderId}`, 2, { orderId, by: 'rph-1', at }, patientId);
    atSource.set(`encounter-${encounterId}`, 1);
    atSource.set(`order-${orderId}`, 2);
    const { rows } = await db.pool.query<{ dose_id: string }>(`SELECT dose_id FROM ${schema}.doses WHERE order_id = $1 ORDER BY due_at LIMIT 1`, [orderId]);
    const doseId = rows[0]!.dose_id;
    await mar.verifyProduct({ doseId, product: { method: 'scanned', code: metoprolol }, wristband: { method: 'scanned', code: `PID:${mrn}` }, verificationOverride: null }, nurse);
    return { doseId, encounterId, orderId, patientId };
  }

  const document = async (doseId: string, by = mar) => {
    const started = performance.now();
    const input = { doseId, amount: { value: 25, unit: 'mg' as const }, route: 'oral' as const, site: null, wasted: null, timingReason: null, packages: null, partialReason: null, idempotencyKey: null };
    const result = await by.documentGiven(input, nurse).then(
      () => ({ accepted: true as const, code: null, message: null }),
      (error: unknown) => {
        if (error instanceof DomainError) return { accepted: false as const, code: error.code, message: error.message };
        throw error;
      },
    );
    return { ...result, ms: performance.now() - started };
  };
  const statusOf = async (doseId: string) => (await db.pool.query<{ status: string }>(`SELECT status FROM ${schema}.doses WHERE dose_id = $1`, [doseId])).rows[0]!.status;

  it('documents at once when the copies are as new as the sources', async () => {
    const { doseId } = await scannedDose();
    expect(await document(doseId)).toMatchObject({ accepted: true });
    expect(await statusOf(doseId)).toBe('given');
  });

  it('waits for a discharge ADT has answered and the eMAR has not yet applied, then refuses the dose', async () => {
    const { doseId, encounterId, patientId } = await scannedDose();
    atSource.set(`encounter-${encounterId}`, 2);
    const lateFollower = new Promise((resolve) => setTimeout(resolve, 200)).then(() =>
      follow('adt', 'adt.encounter.discharged', `encounter-${encounterId}`, 2, { encounterId, unitId: '4W', bedId: '4W-01A', disposition: '01', at: new Date().toISOString() }, patientId),
    );
    const outcome = await document(doseId);
    await lateFollower;
    expect(outcome).toMatchObject({ accepted: false, code: 'PATIENT_DISCHARGED' });
    expect(outcome.ms).toBeGreaterThanOrEqual(190);
    expect(await statusOf(doseId)).toBe('open');
  });

  it('waits for a discontinue orders has answered, then refuses the dose', async () => {
    const { doseId, orderId, patientId } = await scannedDose();
    atSource.set(`order-${orderId}`, 3);
    const lateFollower = new Promise((resolve) => setTimeout(resolve, 200)).then(() =>
      follow('orders', 'orders.order.discontinued', `order-${orderId}`, 3, { orderId, cause: 'prescriber', by: 'md-1', at: new Date().toISOString(), reason: 'bradycardia' }, patientId),
    );
    const outcome = await document(doseId);
    await lateFollower;
    expect(outcome).toMatchObject({ accepted: false });
    expect(['ORDER_DISCONTINUED', 'DOSE_CANCELLED']).toContain(outcome.code);
    expect(await statusOf(doseId)).not.toBe('given');
  });

  it('refuses STATE_UNCONFIRMED, naming the admission, when the follower does not catch up within the bound', async () => {
    const { doseId, encounterId } = await scannedDose();
    atSource.set(`encounter-${encounterId}`, 2);
    const outcome = await document(doseId, impatient);
    expect(outcome).toMatchObject({ accepted: false, code: 'STATE_UNCONFIRMED', message: expect.stringMatching(/admission is still open/) });
    expect(outcome.message).not.toMatch(/order is still active/);
    expect(outcome.ms).toBeGreaterThanOrEqual(confirmTimeoutMs - 10);
    expect(outcome.ms).toBeLessThan(confirmTimeoutMs + 1_500);
    expect(await statusOf(doseId)).toBe('open');
  });

  it('refuses STATE_UNCONFIRMED, naming the order, when orders does not answer', async () => {
    const { doseId } = await scannedDose();
    down.add('orders');
    try {
      const outcome = await document(doseId);
      expect(outcome).toMatchObject({ accepted: false, code: 'STATE_UNCONFIRMED', message: expect.stringMatching(/order is still active.*did not answer/) });
      expect(outcome.message).not.toMatch(/https?:|Error/);
      expect(await statusOf(doseId)).toBe('open');
    } finally {
      down.delete('orders');
    }
  });
});
