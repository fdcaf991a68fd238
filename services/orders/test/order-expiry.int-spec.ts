import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { OrdersApplication } from '../src/application/orders-application.js';

const physician = { actor: { id: 'dr-okafor', role: 'physician' } };

describe('orders reaching their stop time', () => {
  let db: TestDatabase;
  let orders: OrdersApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    orders = new OrdersApplication(db.pool, 'America/New_York');
    await orders.migrate();
    // What the service would have learned from ADT: the encounter is in progress.
    await db.pool.query(`INSERT INTO orders.encounters (encounter_id, patient_id, status, unit_id) VALUES ('e1', 'p1', 'in-progress', '4W')`);
  });
  afterAll(async () => {
    await db.drop();
  });

  const nursing = (start: string, stop: string | null) =>
    orders.placeOrder({ patientId: 'p1', encounterId: 'e1', priority: 'routine', start, stop, details: { kind: 'nursing', instruction: 'Neuro checks' }, overrides: [], idempotencyKey: null }, physician);
  const statusOf = async (orderId: string) => (await db.pool.query<{ status: string; ended_at: Date | null }>(`SELECT status, ended_at FROM orders.orders WHERE order_id = $1`, [orderId])).rows[0]!;

  it('expires an order past its stop time, once, at that time; leaves running and open-ended orders alone', async () => {
    const hour = 3_600_000;
    const now = Date.now();
    const past = await nursing(new Date(now - 3 * hour).toISOString(), new Date(now - hour).toISOString());
    const running = await nursing(new Date(now - hour).toISOString(), new Date(now + hour).toISOString());
    const openEnded = await nursing(new Date(now - hour).toISOString(), null);

    expect(await orders.expireDueOrders(new Date(now))).toBe(1);
    expect(await statusOf(past.orderId)).toEqual({ status: 'expired', ended_at: new Date(new Date(now - hour).toISOString()) });
    expect((await statusOf(running.orderId)).status).toBe('active');
    expect((await statusOf(openEnded.orderId)).status).toBe('active');

    expect(await orders.expireDueOrders(new Date(now))).toBe(0);
    expect(await orders.expireDueOrders(new Date(now + 2 * hour))).toBe(1);
    expect((await statusOf(running.orderId)).status).toBe('expired');
  });
});
