import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@ehr/contracts';
import { DateTime } from 'luxon';
import { withTransaction } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { RevenueApplication } from '../src/application/revenue-application.js';
import { standingCharges } from '../src/domain/account.decider.js';
import { adtEventsHandler } from '../src/integration/adt-events.handler.js';

const zone = 'America/New_York';
const daysAgo = (days: number, hour: number) => DateTime.now().setZone(zone).minus({ days }).set({ hour, minute: 0, second: 0, millisecond: 0 });

let version = 0;
const adtEvent = (type: string, data: Record<string, unknown>, patientId: string | null = null): EventEnvelope => {
  const now = new Date().toISOString();
  const eventId = randomUUID();
  return {
    eventId,
    type,
    schemaVersion: 1,
    streamId: 'adt-test',
    streamVersion: ++version,
    occurredAt: now,
    recordedAt: now,
    patientId,
    encounterId: typeof data.encounterId === 'string' ? data.encounterId : null,
    actor: { id: 'nurse', role: 'nurse' },
    correlationId: eventId,
    causationId: null,
    traceparent: null,
    data,
  };
};

/** The census sweep against ADT's reactions, in one process on real PostgreSQL. */
describe('the census sweep', () => {
  let db: TestDatabase;
  let revenue: RevenueApplication;
  const adt = () => adtEventsHandler(revenue);

  beforeAll(async () => {
    db = await createTestDatabase();
    revenue = new RevenueApplication(db.pool, zone, 0);
    await revenue.migrate();
    await withTransaction(db.pool, (tx) => adt().apply(tx, adtEvent('adt.unit.configured', { unitId: '4W', name: '4 West', levelOfCare: 'med-surg' })));
  });
  afterAll(async () => {
    await db?.drop();
  });

  const standingDays = async (encounterId: string) => {
    const { rows } = await db.pool.query<{ account_id: string }>(`SELECT account_id FROM revenue.stays WHERE encounter_id = $1`, [encounterId]);
    const account = await revenue.account(rows[0]!.account_id);
    return standingCharges(account)
      .filter((c) => c.source.kind === 'census-day')
      .map((c) => c.serviceDate)
      .sort();
  };

  it('never charges days past a discharge that commits while the sweep is running', async () => {
    const encounterId = randomUUID();
    const patientId = randomUUID();
    const bed = { unitId: '4W', bedId: '4W-01A' };
    await withTransaction(db.pool, (tx) =>
      adt().apply(tx, adtEvent('adt.encounter.admitted', { encounterId, patientId, class: 'inpatient', ...bed, at: daysAgo(4, 12).toISO() }, patientId)),
    );
    expect(await standingDays(encounterId)).toHaveLength(4);

    // The discharge (two days ago) is applied but not yet committed when a later sweep starts.
    const client = await db.pool.connect();
    let sweep: Promise<number>;
    try {
      await client.query('BEGIN');
      await adt().apply(client, adtEvent('adt.encounter.discharged', { encounterId, ...bed, disposition: '01', at: daysAgo(2, 12).toISO() }, patientId));
      sweep = revenue.runCensus(daysAgo(-2, 12).toJSDate());
      await new Promise((resolve) => setTimeout(resolve, 300));
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await sweep).toBe(0);

    expect(await standingDays(encounterId)).toEqual([daysAgo(4, 12).toISODate(), daysAgo(3, 12).toISODate()]);
  });

  it('posts each in-house patient’s new days, and nothing when run again', async () => {
    const encounterId = randomUUID();
    const patientId = randomUUID();
    await withTransaction(db.pool, (tx) =>
      adt().apply(tx, adtEvent('adt.encounter.admitted', { encounterId, patientId, class: 'inpatient', unitId: '4W', bedId: '4W-02A', at: daysAgo(1, 12).toISO() }, patientId)),
    );
    expect(await standingDays(encounterId)).toEqual([daysAgo(1, 12).toISODate()]);

    const twoDaysOn = daysAgo(-2, 12).toJSDate();
    expect(await revenue.runCensus(twoDaysOn)).toBe(1);
    expect(await standingDays(encounterId)).toEqual([1, 0, -1].map((d) => daysAgo(d, 12).toISODate()));
    expect(await revenue.runCensus(twoDaysOn)).toBe(0);
  });
});
