import type { Checkpoint, Subscription } from '../event-store/event-store.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import type { Pool, PoolClient } from '../sql/pool.js';
import { sqlIdentifier } from '../sql/pool.js';
import { applyOnce, type EventHandler, parkDeadLetter, withRetries } from './inbox.js';
import type { EventConsumer } from './event-consumer.js';

export interface EmbeddedEventConsumerOptions {
  /** One database holds every service's schema in embedded mode. */
  pool: Pool;
  /** The consuming service's schema (inbox, checkpoint, dead letters). */
  schema: string;
  /** The producing service whose event table is read, e.g. 'adt'. */
  source: string;
  handler: EventHandler;
  maxAttempts?: number;
  pollIntervalMs?: number;
  onError?(error: unknown): void;
}

/**
 * The transport without Kafka: follows the producing service's event table directly, with
 * the same inbox as the Kafka consumer and its checkpoint written in the same transaction as
 * the handler's changes. An event that keeps failing is parked in `dead_letters` and the
 * consumer moves on, as the Kafka consumer does with its dead-letter topic.
 */
export class EmbeddedEventConsumer implements EventConsumer {
  private subscription: Subscription | null = null;
  private readonly consumer: string;

  constructor(private readonly options: EmbeddedEventConsumerOptions) {
    this.consumer = `${options.source}:${options.handler.name}`;
  }

  async start(): Promise<void> {
    const { pool, schema, source, handler } = this.options;
    const s = sqlIdentifier(schema);
    const sourceStore = new PostgresEventStore({ pool, schema: source, pollIntervalMs: this.options.pollIntervalMs });
    const { rows } = await pool.query<{ checkpoint: string }>(`SELECT checkpoint FROM ${s}.consumer_checkpoints WHERE consumer = $1`, [this.consumer]);
    const saveCheckpoint = (checkpoint: Checkpoint) => (tx: PoolClient) =>
      tx.query(
        `INSERT INTO ${s}.consumer_checkpoints (consumer, checkpoint) VALUES ($1, $2)
         ON CONFLICT (consumer) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated_at = now()`,
        [this.consumer, checkpoint],
      ).then(() => undefined);
    this.subscription = sourceStore.subscribe({
      from: (rows[0]?.checkpoint as Checkpoint | undefined) ?? null,
      handler: async (events) => {
        for (const event of events) {
          const { checkpoint: _c, extra: _e, ...envelope } = event;
          const result = await withRetries(this.options.maxAttempts ?? 5, () => applyOnce(pool, schema, handler, envelope, saveCheckpoint(event.checkpoint)));
          if (!result.ok) {
            this.options.onError?.(result.error);
            await parkDeadLetter(pool, schema, this.consumer, envelope, result.error, this.options.maxAttempts ?? 5, saveCheckpoint(event.checkpoint));
          }
        }
      },
      onError: this.options.onError,
    });
  }

  /** Resolves once every event visible in the source when called has been handled. */
  caughtUp(): Promise<void> {
    if (!this.subscription) throw new Error('the consumer is not started');
    return this.subscription.caughtUp();
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
