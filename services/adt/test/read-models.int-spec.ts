import { join } from 'node:path';
import { migrate, migrationsFromFolder, type NewEvent, PostgresEventStore, withTransaction } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { placePatient } from '../src/application/placement.handler.js';
import { projections, schema } from '../src/projections/index.js';

const actor = { actor: { id: 'bm-1', role: 'bed-manager' } };
const meta = { patientId: null, actor: actor.actor, correlationId: 'seed' };
const commission = (bedId: string, unitId: string): NewEvent => ({ type: 'adt.bed.commissioned', schemaVersion: 1, data: { bedId, unitId, roomId: `${bedId}-room`, label: bedId, sharing: false }, metadata: meta });

describe('ADT read models', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema });
    await store.migrate();
    await migrate(db.pool, schema, await migrationsFromFolder(join(import.meta.dirname, '..', 'migrations')));
  });
  afterAll(async () => {
    await db.drop();
  });

  async function project(): Promise<void> {
    const { events } = await store.readAll(null, 10_000);
    await withTransaction(db.pool, async (tx) => {
      for (const p of projections) await p.reset(tx);
      for (const event of events) for (const p of projections) if (!p.handles || p.handles.includes(event.type)) await p.apply(tx, event);
    });
  }

  it('shows the bed board and the encounter after admit, transfer, discharge and EVS', async () => {
    for (const [bed, unit] of [['3N-07', '3N'], ['ICU-02', 'ICU']] as const) await store.append(`bed-${bed}`, [commission(bed, unit)], { expectedVersion: 'no-stream' });
    const deps = { pool: db.pool, store };
    await placePatient(deps, { type: 'Admit', encounterId: 'e1', patientId: 'p1', class: 'inpatient', bed: { bedId: '3N-07', unitId: '3N' }, at: '2026-03-02T13:00:00Z', isolationNeeded: null }, actor);
    await placePatient(deps, { type: 'Transfer', encounterId: 'e1', to: { bedId: 'ICU-02', unitId: 'ICU' }, at: '2026-03-02T22:10:00Z', isolationNeeded: null }, actor);
    await project();

    const board = await db.pool.query(`SELECT bed_id, status, patient_id, dirty_since FROM adt.bed_board ORDER BY bed_id`);
    expect(board.rows).toEqual([
      { bed_id: '3N-07', status: 'dirty', patient_id: null, dirty_since: new Date('2026-03-02T22:10:00Z') },
      { bed_id: 'ICU-02', status: 'occupied', patient_id: 'p1', dirty_since: null },
    ]);

    await placePatient(deps, { type: 'Discharge', encounterId: 'e1', disposition: '01', at: '2026-03-04T16:00:00Z' }, actor);
    await project();
    const encounter = await db.pool.query(`SELECT status, bed_id, disposition, discharged_at FROM adt.encounters WHERE encounter_id = 'e1'`);
    expect(encounter.rows).toEqual([{ status: 'finished', bed_id: 'ICU-02', disposition: '01', discharged_at: new Date('2026-03-04T16:00:00Z') }]);
    const icu = await db.pool.query(`SELECT status FROM adt.bed_board WHERE bed_id = 'ICU-02'`);
    expect(icu.rows).toEqual([{ status: 'dirty' }]);
  });
});
