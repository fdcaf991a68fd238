import { v7 as uuidv7 } from 'uuid';
import { fold } from '../src/decider/decider.js';
import { runUnitOfWork, runUnitOfWorkInTransaction, type UnitOfWorkSession } from '../src/command/unit-of-work.js';
import { withTransaction } from '../src/sql/pool.js';
import { ConcurrencyError } from '../src/event-store/event-store.js';
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
  const moveDecision = (patientId: string, to: string) => async (session: UnitOfWorkSession) => {
    const source = fold(bedDecider, asDomainEvents<BedEvent>(await session.load('bed-A')));
    const target = fold(bedDecider, asDomainEvents<BedEvent>(await session.load(`bed-${to}`)));
    const occupy = bedDecider.decide({ type: 'Occupy', bedId: to, patientId }, target);
    const vacate = source.occupant === patientId ? bedDecider.decide({ type: 'Vacate', bedId: 'A' }, source) : [];
    return [
      { streamId: `bed-${to}`, events: occupy.map((e) => ({ ...e, schemaVersion: 1, metadata: metadata(patientId) })) },
      { streamId: 'bed-A', events: vacate.map((e) => ({ ...e, schemaVersion: 1, metadata: metadata(patientId) })) },
    ];
  };
  const move = (patientId: string, to: string) => runUnitOfWork({ pool: db.pool, store, registry: bedRegistry }, moveDecision(patientId, to));

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

  it('as a reaction, commits and rolls back with the caller’s transaction, and leaves a conflict to the caller', async () => {
    const inTx = (patientId: string, to: string, then: () => Promise<void> = async () => undefined) =>
      withTransaction(db.pool, async (tx) => {
        await runUnitOfWorkInTransaction(tx, { store, registry: bedRegistry }, moveDecision(patientId, to));
        await then();
      });
    await expect(inTx('p1', 'B', () => Promise.reject(new Error('the consumer failed after the reaction')))).rejects.toThrow('the consumer failed');
    expect(await store.readStream('bed-B')).toHaveLength(0);
    expect(await store.readStream('bed-A')).toHaveLength(1);

    // Another writer moves bed A between the decision's read and its append: one attempt, no retry.
    await expect(
      withTransaction(db.pool, (tx) =>
        runUnitOfWorkInTransaction(tx, { store, registry: bedRegistry }, async (session) => {
          const writes = await moveDecision('p1', 'C')(session);
          await store.append('bed-A', [{ type: 'test.bed.vacated', schemaVersion: 1, data: { bedId: 'A', patientId: 'p1' }, metadata: metadata('p1') }], { expectedVersion: 1 });
          return writes;
        }),
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('bed-C')).toHaveLength(0);

    await inTx('p2', 'B');
    expect((await store.readStream('bed-B')).map((e) => e.data)).toEqual([{ bedId: 'B', patientId: 'p2' }]);
  });
});
