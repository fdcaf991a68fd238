import type { PoolClient, Pool } from '@ehr/platform';
import { ProjectionRunner, type EventStore } from '@ehr/platform';
import { hl7FeedProjection } from './hl7-feed.projection.js';
import type { Hl7Facility } from './adt-message.js';
import { type Hl7Rejection, Hl7Sender } from './hl7-sender.js';
import { MllpClient } from './mllp-client.js';

/**
 * The outbound ADT feed inside the service: events become queued messages (exactly once), and
 * one sender per database, holding an advisory lock, drains the queue to the receiver in
 * order. While the receiver is down messages wait; they are sent when it answers again.
 */
export class Hl7Outbound {
  private readonly runner: ProjectionRunner;
  private readonly sender: Hl7Sender;
  private readonly client: MllpClient;
  private timer: NodeJS.Timeout | null = null;
  private lock: PoolClient | null = null;
  private draining = false;
  /** Said once per outage, not once per second. */
  private lastProblem: string | null = null;

  constructor(
    private readonly options: { pool: Pool; store: EventStore; schema: string; facility: Hl7Facility; personMessages?: boolean; host: string; port: number; intervalMs?: number; onError?(error: unknown): void; onRejected?(rejection: Hl7Rejection): void },
  ) {
    this.runner = new ProjectionRunner({ store: options.store, pool: options.pool, schema: options.schema, projection: hl7FeedProjection(options), onError: options.onError });
    this.client = new MllpClient({ host: options.host, port: options.port });
    this.sender = new Hl7Sender(options.pool, options.schema, this.client, options.onRejected);
  }

  async start(): Promise<void> {
    await this.runner.start();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 1000);
  }

  private async tick(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      if (!this.lock) {
        const client = await this.options.pool.connect();
        const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [`hl7-sender:${this.options.schema}`]);
        if (!rows[0]!.locked) {
          client.release();
          return; // another instance sends
        }
        this.lock = client;
      }
      const report = await this.sender.drain();
      if (report.stoppedBecause && report.stoppedBecause !== this.lastProblem) this.options.onError?.(new Error(report.stoppedBecause));
      this.lastProblem = report.stoppedBecause;
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.draining = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.runner.stop();
    this.client.close();
    // Closing the session releases the advisory lock for another instance.
    this.lock?.release(true);
    this.lock = null;
  }
}
