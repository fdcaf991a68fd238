import { v7 as uuidv7 } from 'uuid';
import { fold } from '../src/decider/decider.js';
import { runUnitOfWork } from '../src/command/unit-of-work.js';
import { asDomainEvents } from '../src/command/command-handler.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { bedDecider, BedOccupiedError, bedRegistry, type BedEvent } from './support/bed.decider.js';

const metadata = (patientId: string) => ({ patientId, actor: { id: 'bm-1', role: 'bed-manager' }, correlationId: uuidv7() });

describe('unit of work across streams', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema: 'test_uow' });
    await store.migrate();
    await store.append('bed-A', [{ type: 'test.bed.occupied', schemaVersion: 1, data: { bedId: 'A', patientId: 'p1' }, metadata: metadata('p1') }], { expectedVersion: 'no-stream' });
  });
  afterEach(async () => {
    await db.drop();
  });

  /** Moves a patient from bed A to bed `to`: the target must be free, the source is vacated. */
  const move = (patientId: string, to: string) =>
    runUnitOfWork({ pool: db.pool, store, registry: bedRegistry }, async (session) => {
      const source = fold(bedDecider, asDomainEvents<BedEvent>(await session.load('bed-A')));
      const target = fold(bedDecider, asDomainEvents<BedEvent>(await session.load(`bed-${to}`)));
      const occupy = bedDecider.decide({ type: 'Occupy', bedId: to, patientId }, target);
      const vacate = source.occupant === patientId ? bedDecider.decide({ type: 'Vacate', bedId: 'A' }, source) : [];
      return [
        { streamId: `bed-${to}`, events: occupy.map((e) => ({ ...e, schemaVersion: 1, metadata: metadata(patientId) })) },
        { streamId: 'bed-A', events: vacate.map((e) => ({ ...e, schemaVersion: 1, metadata: metadata(patientId) })) },
      ];
    });

  it('writes every stream of one decision together', async () => {
    await move('p1', 'B');
    expect((await store.readStream('bed-A')).map((e) => e.type)).toEqual(['test.bed.occupied', 'test.bed.vacated']);
    expect((await store.readStream('bed-B')).map((e) => e.type)).toEqual(['test.bed.occupied']);
  });

  it('never puts two patients in one bed when two moves race; the loser is refused after re-deciding', async () => {
    const results = await Promise.allSettled([move('p1', 'B'), move('p2', 'B')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(BedOccupiedError);
    expect(await store.readStream('bed-B')).toHaveLength(1);
  });

  it('writes nothing at all when one stream moved and the decision is now refused', async () => {
    await store.append('bed-B', [{ type: 'test.bed.occupied', schemaVersion: 1, data: { bedId: 'B', patientId: 'p3' }, metadata: metadata('p3') }], { expectedVersion: 'no-stream' });
    await expect(move('p1', 'B')).rejects.toThrow(BedOccupiedError);
    expect(await store.readStream('bed-A')).toHaveLength(1);
  });

  it('refuses to write a stream it did not load', async () => {
    await expect(
      runUnitOfWork({ pool: db.pool, store, registry: bedRegistry }, async () => [
        { streamId: 'bed-Z', events: [{ type: 'test.bed.occupied', schemaVersion: 1, data: { bedId: 'Z', patientId: 'p1' }, metadata: metadata('p1') }] },
      ]),
    ).rejects.toThrow(/without having been loaded/);
  });
});
