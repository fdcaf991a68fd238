import { gtinFromNdc10, type MedicationOrderDetails } from '@ehr/contracts';
import { type CommandContext, DomainError, withTransaction } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { v7 as uuidv7 } from 'uuid';
import { MarApplication } from '../src/application/mar-application.js';
import type { OrderEvent } from '../src/domain/mar-order.js';
import { schema } from '../src/projections/index.js';

const acetaminophen = gtinFromNdc10('0999-1001-01');
const metoprolol = gtinFromNdc10('99902-2012-1');
const trials = 100;

const nurse = (id: string): CommandContext => ({ actor: { id, role: 'nurse' } });
const outcome = (work: Promise<unknown>) =>
  work.then(
    () => ({ accepted: true as const }),
    (error: unknown) => {
      if (error instanceof DomainError) return { accepted: false as const, code: error.code, message: error.message };
      throw error;
    },
  );

/**
 * Two nurses at the same dose, or at the same as-needed order, at the same instant, on the
 * eMAR's own PostgreSQL store: the write side decides from the streams it appends to, so only
 * one of them may document, and the other hears who gave what when.
 */
describe('two nurses documenting at once', () => {
  let db: TestDatabase;
  let mar: MarApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    // These tests feed the eMAR's copies directly, without ADT or orders: no source stream has gone past them.
    mar = new MarApplication(db.pool, 'America/New_York', { versionOf: async () => 0 });
    await mar.migrate();
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** A verified order of a new patient on the MAR, with the patient's wristband known. */
  async function verifiedOrder(details: MedicationOrderDetails): Promise<{ orderId: string; patientId: string; wristband: string }> {
    const orderId = uuidv7();
    const patientId = uuidv7();
    const mrn = `MRN-${patientId.slice(-12)}`;
    const at = new Date(Date.now() - 10 * 60_000).toISOString();
    const events: OrderEvent[] = [
      { type: 'orders.order.placed', data: { orderId, patientId, encounterId: uuidv7(), orderedBy: 'md-1', placedAt: at, priority: 'routine', start: at, stop: null, details } },
      { type: 'orders.order.verified', data: { orderId, by: 'rph-1', at } },
    ];
    await withTransaction(db.pool, async (tx) => {
      await tx.query(`INSERT INTO ${schema}.wristbands (mrn, patient_id) VALUES ($1, $2)`, [mrn, patientId]);
      for (const event of events) await mar.followOrder(tx, event, { eventId: uuidv7(), correlationId: uuidv7() });
    });
    return { orderId, patientId, wristband: `PID:${mrn}` };
  }

  const base = { route: 'oral' as const, timeCritical: false, highAlert: false, controlledSchedule: null, instructions: null };
  const prnAcetaminophen: MedicationOrderDetails = {
    ...base,
    kind: 'medication',
    drugId: 'acetaminophen-500-tab',
    drugName: 'Acetaminophen 500 MG Oral Tablet',
    dose: { value: 500, unit: 'mg' },
    frequency: { type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 1000, unit: 'mg' }, indication: 'pain' },
    indication: 'pain',
  };
  const givenInput = (doseId: string, mg: number) => ({
    doseId,
    amount: { value: mg, unit: 'mg' as const },
    route: 'oral' as const,
    site: null,
    wasted: null,
    timingReason: null,
    packages: null,
    partialReason: null,
    idempotencyKey: null,
  });

  it(`gives one as-needed dose when two nurses each document a dose of the same PRN order at once (${trials} trials)`, async () => {
    let doubles = 0;
    for (let trial = 0; trial < trials; trial++) {
      const { orderId, wristband } = await verifiedOrder(prnAcetaminophen);
      const doses = await Promise.all(
        ['rn-a', 'rn-b'].map(async (who) => {
          const doseId = await mar.verifyWristband({ doseId: null, orderId, wristband: { method: 'scanned', code: wristband } }, nurse(who));
          await mar.verifyProduct({ doseId, product: { method: 'scanned', code: acetaminophen }, wristband: null, verificationOverride: null }, nurse(who));
          return { who, doseId };
        }),
      );
      const results = await Promise.all(doses.map(({ who, doseId }) => outcome(mar.documentPrnGiven({ ...givenInput(doseId, 500), indication: 'pain', painScore: 6 }, nurse(who)))));
      const accepted = results.filter((r) => r.accepted).length;
      if (accepted !== 1) doubles++;
      const refused = results.find((r) => !r.accepted);
      expect(refused).toMatchObject({ code: 'PRN_TOO_SOON', message: expect.stringMatching(/Last given: 500 mg by rn-[ab] at/) });
    }
    expect(doubles).toBe(0);
  }, 300_000);

  it(`documents a scheduled dose once when two nurses who each scanned it document it at once (${trials} trials)`, async () => {
    let doubles = 0;
    for (let trial = 0; trial < trials; trial++) {
      const { orderId, wristband } = await verifiedOrder({
        ...base,
        kind: 'medication',
        drugId: 'metoprolol-tartrate-25-tab',
        drugName: 'Metoprolol Tartrate 25 MG Oral Tablet',
        dose: { value: 25, unit: 'mg' },
        frequency: { type: 'interval', code: 'q8h' },
        indication: 'hypertension',
      });
      const { rows } = await db.pool.query<{ dose_id: string }>(`SELECT dose_id FROM ${schema}.doses WHERE order_id = $1 ORDER BY due_at LIMIT 1`, [orderId]);
      const doseId = rows[0]!.dose_id;
      const scan = (who: string) =>
        mar.verifyProduct({ doseId, product: { method: 'scanned', code: metoprolol }, wristband: { method: 'scanned', code: wristband }, verificationOverride: null }, nurse(who));
      const results = await Promise.all(['rn-a', 'rn-b'].map((who) => outcome(scan(who).then(() => mar.documentGiven(givenInput(doseId, 25), nurse(who))))));
      if (results.filter((r) => r.accepted).length > 1) doubles++;
      expect(results.filter((r) => r.accepted).length).toBeLessThanOrEqual(1);
    }
    expect(doubles).toBe(0);
  }, 300_000);
});
