import { type NewEvent, PostgresEventStore } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { BedOccupiedError } from '../src/domain/adt-errors.js';
import { placePatient } from '../src/application/placement.handler.js';

const actor = { actor: { id: 'bm-1', role: 'bed-manager' } };
const bed = (bedId: string, unitId: string) => ({ bedId, unitId });
const commission = (b: { bedId: string; unitId: string }): NewEvent => ({
  type: 'adt.bed.commissioned',
  schemaVersion: 1,
  data: { ...b, roomId: `${b.bedId}-room`, label: b.bedId, sharing: false },
  metadata: { patientId: null, actor: actor.actor, correlationId: 'seed' },
});

describe('placing patients in beds', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const W12A = bed('4W-12A', '4W');
  const W14B = bed('4W-14B', '4W');
  const W16C = bed('4W-16C', '4W');

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema: 'adt' });
    await store.migrate();
    for (const b of [W12A, W14B, W16C]) await store.append(`bed-${b.bedId}`, [commission(b)], { expectedVersion: 'no-stream' });
  });
  afterEach(async () => {
    await db.drop();
  });

  const admit = (encounterId: string, patientId: string, b: { bedId: string; unitId: string }) =>
    placePatient({ pool: db.pool, store }, { type: 'Admit', encounterId, patientId, class: 'inpatient', bed: b, at: '2026-03-02T13:00:00Z', isolationNeeded: null }, actor);

  it('refuses a transfer into an occupied bed and leaves both beds and encounters unchanged', async () => {
    await admit('e1', 'p1', W12A);
    await admit('e2', 'p2', W14B);
    const before = (await store.readAll(null, 10_000)).events.length;
    await expect(
      placePatient({ pool: db.pool, store }, { type: 'Transfer', encounterId: 'e2', to: W12A, at: '2026-03-02T15:00:00Z', isolationNeeded: null }, actor),
    ).rejects.toThrow(BedOccupiedError);
    expect((await store.readAll(null, 10_000)).events).toHaveLength(before);
  });

  it('gives a free bed to exactly one of two patients admitted into it at the same moment', async () => {
    const results = await Promise.allSettled([admit('e1', 'p1', W16C), admit('e2', 'p2', W16C)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(BedOccupiedError);
    const occupants = (await store.readStream('bed-4W-16C')).filter((e) => e.type === 'adt.bed.occupied');
    expect(occupants).toHaveLength(1);
  });

  it('records the transfer, the vacated bed and the occupied bed with the bedside time', async () => {
    await admit('e1', 'p1', W12A);
    const written = await placePatient({ pool: db.pool, store }, { type: 'Transfer', encounterId: 'e1', to: W14B, at: '2026-03-02T23:59:00Z', isolationNeeded: null }, actor);
    expect(written.map((e) => [e.streamId, e.type])).toEqual([
      ['encounter-e1', 'adt.encounter.transferred'],
      ['bed-4W-14B', 'adt.bed.occupied'],
      ['bed-4W-12A', 'adt.bed.vacated'],
    ]);
    expect(written.every((e) => e.occurredAt === '2026-03-02T23:59:00.000Z' && e.patientId === 'p1')).toBe(true);
  });
});
