import type { Pool, PoolClient } from '../sql/pool.js';

export interface LeaderLockOptions {
  pool: Pool;
  /** Every instance that should elect one leader uses the same name. */
  name: string;
  /** How often a standby tries to take the lock and the leader checks it still holds it (default 1 s). */
  retryMs?: number;
  /** Called once the lock is held; leadership lasts until `onLost` or `stop`. */
  onAcquired(): Promise<void>;
  /** Called when the lock's connection died: another instance may already lead. */
  onLost(): Promise<void>;
  onError?(error: unknown): void;
}

/**
 * Leadership by a session-level PostgreSQL advisory lock held on a connection of its own: the
 * server releases it the moment that connection ends, so when the leader's process or network
 * dies a standby, retrying every `retryMs`, takes over within a few seconds.
 */
export class LeaderLock {
  private client: PoolClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private tick: Promise<void> = Promise.resolve();

  constructor(private readonly options: LeaderLockOptions) {}

  get leading(): boolean {
    return this.client !== null;
  }

  /** Makes the first attempt, so a lone instance leads when this resolves; then keeps trying. */
  async start(): Promise<void> {
    this.stopped = false;
    this.tick = this.attempt();
    await this.tick;
    this.next();
  }

  private next(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick = this.attempt().finally(() => this.next());
    }, this.options.retryMs ?? 1000);
  }

  private async attempt(): Promise<void> {
    try {
      if (this.client) await this.client.query('SELECT 1');
      else await this.tryAcquire();
    } catch (error) {
      this.options.onError?.(error);
      await this.lose();
    }
  }

  private async tryAcquire(): Promise<void> {
    const client = await this.options.pool.connect();
    // A dying connection is reported on the client; without a listener it would crash the process.
    client.on('error', () => undefined);
    let held = false;
    try {
      const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS held', [this.options.name]);
      held = rows[0]!.held;
    } finally {
      if (!held) client.release();
    }
    if (!held || this.stopped) {
      if (held) await this.unlock(client);
      return;
    }
    this.client = client;
    await this.options.onAcquired();
  }

  private async lose(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    client.release(true);
    await this.options.onLost();
  }

  private async unlock(client: PoolClient): Promise<void> {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [this.options.name]).then(
      () => client.release(),
      (error: Error) => client.release(error),
    );
  }

  /** Stops trying; a leader ends its work (`onLost`) and then gives the lock up to a standby. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.tick;
    const client = this.client;
    if (!client) return;
    this.client = null;
    await this.options.onLost();
    await this.unlock(client);
  }
}
