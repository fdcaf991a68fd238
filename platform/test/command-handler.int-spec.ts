import { EventContractError } from '@ehr/contracts';
import { CommandHandler, type CommandHandlerOptions, type InlineWork } from '../src/command/command-handler.js';
import { IdempotencyKeyReusedError } from '../src/command/command-errors.js';
import { ConcurrencyError } from '../src/event-store/event-store.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { bedDecider, BedOccupiedError, bedRegistry, type BedCommand, type BedEvent, type BedState } from './support/bed.decider.js';

const nurse = { actor: { id: 'nurse-1', role: 'nurse' } };
const occupy = (patientId: string): BedCommand => ({ type: 'Occupy', bedId: '4W-12A', patientId });

describe('command handler', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const handler = (options: Partial<CommandHandlerOptions<BedCommand, BedEvent, BedState>> = {}) =>
    new CommandHandler<BedCommand, BedEvent, BedState>({
      decider: bedDecider,
      store,
      registry: bedRegistry,
      streamId: (c: BedCommand) => `bed-${c.bedId}`,
      subjectOf: (c, _e, s) => ({ patientId: c.type === 'Occupy' ? c.patientId : s.occupant }),
      ...options,
    });

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ pool: db.pool, schema: 'test_cmd' });
    await store.migrate();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('appends the decided events with the actor, the patient and a correlation id', async () => {
    const result = await handler().handle(occupy('p1'), { ...nurse, correlationId: 'corr-1' });
    expect(result.streamVersion).toBe(1);
    expect(result.events[0]).toMatchObject({ type: 'test.bed.occupied', patientId: 'p1', actor: nurse.actor, correlationId: 'corr-1' });
  });

  it('refuses a command the current state forbids and writes nothing', async () => {
    await handler().handle(occupy('p1'), nurse);
    await expect(handler().handle(occupy('p2'), nurse)).rejects.toThrow(BedOccupiedError);
    expect(await store.readStream('bed-4W-12A')).toHaveLength(1);
  });

  it('of two racing commands that cannot both hold, lets one win and refuses the other after reloading', async () => {
    const results = await Promise.allSettled([handler().handle(occupy('p1'), nurse), handler().handle(occupy('p2'), nurse)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(BedOccupiedError);
    expect(await store.readStream('bed-4W-12A')).toHaveLength(1);
  });

  it('gives a clear conflict error when the stream keeps moving and retries run out', async () => {
    const moving = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'append') return () => Promise.reject(new ConcurrencyError('bed-4W-12A', 'no-stream', 1));
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    await expect(handler({ store: moving, maxAttempts: 3 }).handle(occupy('p1'), nurse)).rejects.toThrow(/reload and try again/);
  });

  it('acts once for the same idempotency key, even when the two requests race, and returns the same result', async () => {
    const [a, b] = await Promise.all([
      handler().handle(occupy('p1'), { ...nurse, idempotencyKey: 'tap-1' }),
      handler().handle(occupy('p1'), { ...nurse, idempotencyKey: 'tap-1' }),
    ]);
    expect(a.events.map((e) => e.eventId)).toEqual(b.events.map((e) => e.eventId));
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    const later = await handler().handle(occupy('p1'), { ...nurse, idempotencyKey: 'tap-1' });
    expect(later.replayed).toBe(true);
    expect(later.events.map((e) => e.eventId)).toEqual(a.events.map((e) => e.eventId));
    expect(await store.readStream('bed-4W-12A')).toHaveLength(1);
  });

  it('refuses an idempotency key reused for a different command', async () => {
    await handler().handle(occupy('p1'), { ...nurse, idempotencyKey: 'tap-1' });
    await expect(handler().handle(occupy('p2'), { ...nurse, idempotencyKey: 'tap-1' })).rejects.toThrow(IdempotencyKeyReusedError);
  });

  it('refuses event data that breaks its schema, naming the field, and writes nothing', async () => {
    await expect(handler().handle(occupy(''), nurse)).rejects.toThrow(EventContractError);
    await expect(handler().handle(occupy(''), nurse)).rejects.toThrow(/patientId/);
    expect(await store.readStream('bed-4W-12A')).toHaveLength(0);
  });

  it('commits inline read-model work with the events, and neither when the work fails', async () => {
    await db.pool.query('CREATE TABLE test_cmd.occupancy (bed_id text PRIMARY KEY, patient_id text)');
    const work: InlineWork = async (tx, events) => {
      for (const e of events) {
        const { bedId, patientId } = e.data as { bedId: string; patientId: string };
        if (patientId === 'p-bad') throw new Error('read model refused');
        await tx.query('INSERT INTO test_cmd.occupancy VALUES ($1, $2)', [bedId, patientId]);
      }
    };
    const inline = { pool: db.pool, work };
    await expect(handler({ inline }).handle(occupy('p-bad'), nurse)).rejects.toThrow('read model refused');
    expect(await store.readStream('bed-4W-12A')).toHaveLength(0);

    await handler({ inline }).handle(occupy('p1'), nurse);
    const { rows } = await db.pool.query('SELECT patient_id FROM test_cmd.occupancy');
    expect(rows).toEqual([{ patient_id: 'p1' }]);
  });
});
