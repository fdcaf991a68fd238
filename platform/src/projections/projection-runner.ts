import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '../event-store/event-store.js';
import type { Pool, PoolClient } from '../sql/pool.js';
import { sqlIdentifier, withTransaction } from '../sql/pool.js';
import { migrate } from '../sql/migrate.js';
import type { Projection } from './projection.js';
import { projectionMigrations } from './projection-schema.js';

const wants = (projection: Projection, event: RecordedEvent) => !projection.handles || projection.handles.includes(event.type);

async function saveCheckpoint(tx: PoolClient, schema: string, name: string, checkpoint: Checkpoint): Promise<void> {
  await tx.query(
    `INSERT INTO ${schema}.projection_checkpoints (name, checkpoint) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated_at = now()`,
    [name, checkpoint],
  );
}

export const migrateProjections = (pool: Pool, schema: string): Promise<string[]> => migrate(pool, schema, projectionMigrations);

/**
 * Keeps an asynchronous read model up to date: each batch of events and the checkpoint
 * after it commit in one transaction, so every event takes effect exactly once. An event the
 * projection cannot apply is NOT skipped: the runner reports it and tries again, because a
 * read model that silently missed an event would show a nurse a wrong bed or dose.
 */
export class ProjectionRunner {
  private subscription: Subscription | null = null;
  private readonly schema: string;

  constructor(
    private readonly options: { store: EventStore; pool: Pool; schema: string; projection: Projection; batchSize?: number; onError?(error: unknown): void },
  ) {
    this.schema = sqlIdentifier(options.schema);
  }

  async start(): Promise<void> {
    const { pool, projection, store } = this.options;
    const { rows } = await pool.query<{ checkpoint: string }>(`SELECT checkpoint FROM ${this.schema}.projection_checkpoints WHERE name = $1`, [projection.name]);
    this.subscription = store.subscribe({
      from: (rows[0]?.checkpoint as Checkpoint | undefined) ?? null,
      batchSize: this.options.batchSize ?? 500,
      handler: (events, checkpoint) =>
        withTransaction(pool, async (tx) => {
          for (const event of events) if (wants(projection, event)) await projection.apply(tx, event);
          await saveCheckpoint(tx, this.schema, projection.name, checkpoint);
        }),
      onError: (error) => this.options.onError?.(error),
    });
  }

  /** Resolves once every event visible when called is in the read model. */
  caughtUp(): Promise<void> {
    if (!this.subscription) throw new Error(`projection ${this.options.projection.name} is not running`);
    return this.subscription.caughtUp();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}

/**
 * Inline projections run in the append's transaction: the user who acted reads their own
 * write at once. A projection is either inline or asynchronous, never both, so no event can
 * be applied twice; a rebuild replays either kind from the store.
 */
export function inlineProjections(projections: Projection[]): (tx: PoolClient, events: RecordedEvent[]) => Promise<void> {
  return async (tx, events) => {
    for (const event of events) for (const projection of projections) if (wants(projection, event)) await projection.apply(tx, event);
  };
}

/**
 * Empties a read model and replays the whole store into it, in one transaction: readers see
 * the old model until the new one is complete. The checkpoint ends at the last replayed
 * event, so a running asynchronous runner carries on from there.
 */
export async function rebuildProjection(options: { store: EventStore; pool: Pool; schema: string; projection: Projection; batchSize?: number }): Promise<{ events: number; applied: number }> {
  const { store, pool, projection } = options;
  const schema = sqlIdentifier(options.schema);
  return withTransaction(pool, async (tx) => {
    await projection.reset(tx);
    await tx.query(`DELETE FROM ${schema}.projection_checkpoints WHERE name = $1`, [projection.name]);
    let checkpoint: Checkpoint | null = null;
    let events = 0;
    let applied = 0;
    for (;;) {
      const batch = await store.readAll(checkpoint, options.batchSize ?? 2000);
      if (batch.events.length === 0) break;
      for (const event of batch.events) {
        events++;
        if (!wants(projection, event)) continue;
        await projection.apply(tx, event);
        applied++;
      }
      checkpoint = batch.checkpoint;
    }
    if (checkpoint) await saveCheckpoint(tx, schema, projection.name, checkpoint);
    return { events, applied };
  });
}
