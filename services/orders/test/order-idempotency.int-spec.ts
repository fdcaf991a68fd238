import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { OrdersApplication, type PlaceOrderInput } from '../src/application/orders-application.js';

const physician = { actor: { id: 'dr-okafor', role: 'physician' } };

describe('signing an order twice with the same key', () => {
  let db: TestDatabase;
  let orders: OrdersApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    orders = new OrdersApplication(db.pool, 'America/New_York');
    await orders.migrate();
    await db.pool.query(`INSERT INTO orders.encounters (encounter_id, patient_id, status, unit_id) VALUES ('e1', 'p1', 'in-progress', '4W'), ('e2', 'p2', 'in-progress', '4W')`);
  });
  afterAll(async () => {
    await db.drop();
  });

  const lab = (patientId: string, encounterId: string, idempotencyKey: string | null): PlaceOrderInput => ({
    patientId,
    encounterId,
    priority: 'routine',
    start: null,
    stop: null,
    details: { kind: 'lab', loinc: '2823-3', display: 'Potassium', specimen: 'blood' },
    overrides: [],
    idempotencyKey,
  });
  const ordersOf = async (patientId: string) => (await db.pool.query(`SELECT order_id FROM orders.orders WHERE patient_id = $1`, [patientId])).rows.length;

  it('places one order for a double tap, and refuses the key for a different patient', async () => {
    const first = await orders.placeOrder(lab('p1', 'e1', 'tap-1'), physician);
    const again = await orders.placeOrder(lab('p1', 'e1', 'tap-1'), physician);
    expect(again.orderId).toBe(first.orderId);
    expect(await ordersOf('p1')).toBe(1);
    await expect(orders.placeOrder(lab('p2', 'e2', 'tap-1'), physician)).rejects.toThrow(/already used for another order/);
    expect(await ordersOf('p2')).toBe(0);
    // Without a key each signature is an order of its own.
    await orders.placeOrder(lab('p1', 'e1', null), physician);
    expect(await ordersOf('p1')).toBe(2);
  });
});
