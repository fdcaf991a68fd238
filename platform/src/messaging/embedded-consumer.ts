import type { Checkpoint, Subscription } from '../event-store/event-store.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import type { Pool, PoolClient } from '../sql/pool.js';
import { sqlIdentifier } from '../sql/pool.js';
import { deliver } from './delivery.js';
import type { EventHandler } from './inbox.js';
import { WaitingRoom } from './waiting-room.js';
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
 * the handler's changes. Delivery is the Kafka consumer's (`deliver`): an event waiting for a
 * predecessor goes to the waiting room, one that keeps failing to `dead_letters`, and the
 * consumer moves on.
 */
export class EmbeddedEventConsumer implements EventConsumer {
  private subscription: Subscription | null = null;
  private readonly consumer: string;
  private readonly room: WaitingRoom;

  constructor(private readonly options: EmbeddedEventConsumerOptions) {
    this.consumer = `${options.source}:${options.handler.name}`;
    this.room = new WaitingRoom({ pool: options.pool, schema: options.schema, handler: options.handler, maxAttempts: options.maxAttempts ?? 5, onError: options.onError });
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
          await deliver(envelope, { pool, schema, handler, room: this.room, maxAttempts: this.options.maxAttempts ?? 5, source: `${source}/${event.checkpoint}`, also: saveCheckpoint(event.checkpoint), onError: this.options.onError });
        }
      },
      onError: this.options.onError,
    });
    this.room.start();
  }

  /** Resolves once every event visible in the source when called has been handled. */
  caughtUp(): Promise<void> {
    if (!this.subscription) throw new Error('the consumer is not started');
    return this.subscription.caughtUp();
  }

  async stop(): Promise<void> {
    await this.room.stop();
    await this.subscription?.stop();
    this.subscription = null;
  }
}
