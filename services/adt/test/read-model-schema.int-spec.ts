import { join } from 'node:path';
import { migrate, migrationsFromFolder, type NewEvent, PostgresEventStore, withTransaction } from '@ehr/platform';
import { createTestDatabase, type TestDatabase } from '@ehr/platform/testing';
import { placePatient } from '../src/application/placement.handler.js';
import { projections, schema } from '../src/projections/index.js';
import { createReadModel, type ReadModel } from '../src/projections/read-model.js';

const actor = { actor: { id: 'reg-1', role: 'registrar' } };
const meta = (patientId: string | null) => ({ patientId, actor: actor.actor, correlationId: 'seed' });

describe('the Prisma read models and the migrated database', () => {
  let db: TestDatabase;
  let readModel: ReadModel;

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = new PostgresEventStore({ pool: db.pool, schema });
    await store.migrate();
    await migrate(db.pool, schema, await migrationsFromFolder(join(import.meta.dirname, '..', 'migrations')));
    const seed: Array<[string, NewEvent]> = [
      ['bed-4W-01', { type: 'adt.bed.commissioned', schemaVersion: 1, data: { bedId: '4W-01', unitId: '4W', roomId: '4W-R1', label: '01', sharing: false }, metadata: meta(null) }],
      [
        'patient-p1',
        {
          type: 'adt.patient.registered',
          schemaVersion: 1,
          data: { patientId: 'p1', mrn: '00000018', demographics: { familyName: 'Lovelace', givenNames: ['Ada'], birthDate: '1815-12-10', sex: 'female', phone: null, address: null }, duplicateOverride: null },
          metadata: meta('p1'),
        },
      ],
    ];
    for (const [streamId, event] of seed) await store.append(streamId, [event], { expectedVersion: 'no-stream' });
    await placePatient({ pool: db.pool, store }, { type: 'Admit', encounterId: 'e1', patientId: 'p1', class: 'inpatient', bed: { bedId: '4W-01', unitId: '4W' }, at: '2026-03-02T13:00:00Z', isolationNeeded: null }, actor);
    const { events } = await store.readAll(null, 1000);
    await withTransaction(db.pool, async (tx) => {
      for (const event of events) for (const p of projections) if (!p.handles || p.handles.includes(event.type)) await p.apply(tx, event);
    });
    readModel = createReadModel(db.url);
  });
  afterAll(async () => {
    await readModel.$disconnect();
    await db.drop();
  });

  const columnsOf = async (table: string) =>
    (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = 'adt' AND table_name = $1`, [table])).rows[0]!.n;

  it('reads every table through its model, with a field for every column', async () => {
    const rows = {
      patients: await readModel.patient.findFirstOrThrow(),
      patient_identifiers: await readModel.patientIdentifier.findFirstOrThrow(),
      encounters: await readModel.encounter.findFirstOrThrow(),
      bed_board: await readModel.bedBoardRow.findFirstOrThrow(),
    };
    for (const [table, row] of Object.entries(rows)) expect([table, Object.keys(row).length]).toEqual([table, await columnsOf(table)]);
  });

  it('returns the projected values with their types', async () => {
    expect(await readModel.patient.findUniqueOrThrow({ where: { mrn: '00000018' } })).toEqual({
      patientId: 'p1',
      mrn: '00000018',
      familyName: 'Lovelace',
      givenNames: 'Ada',
      birthDate: new Date('1815-12-10T00:00:00.000Z'),
      sex: 'female',
      status: 'active',
      mergedInto: null,
      unidentified: false,
      estimatedAgeYears: null,
      wristbandReprintNeeded: false,
    });
    expect(await readModel.bedBoardRow.findUniqueOrThrow({ where: { bedId: '4W-01' } })).toMatchObject({ status: 'occupied', patientId: 'p1', encounterId: 'e1', lastTurnaroundMinutes: null });
    expect(await readModel.encounter.findUniqueOrThrow({ where: { encounterId: 'e1' } })).toMatchObject({
      status: 'in-progress',
      admittedAt: new Date('2026-03-02T13:00:00Z'),
      classHistory: [{ class: 'inpatient', from: '2026-03-02T13:00:00Z' }],
    });
  });
});
