import type { Checkpoint, ReadAllResult, SubscribeOptions, Subscription } from './event-store.js';

export interface PollingSubscriptionOptions extends SubscribeOptions {
  read(after: Checkpoint | null, limit: number): Promise<ReadAllResult>;
  /** Registers a wake-up call for new writes; returns how to stop listening. */
  listen?(wake: () => void): Promise<() => Promise<void>>;
  pollIntervalMs: number;
}

/**
 * Catch-up then follow: reads batches until nothing is visible, then sleeps until a write
 * notification or the poll interval, whichever comes first. Handler failures pause and retry
 * from the last checkpoint the handler completed, so nothing is skipped.
 */
export class PollingSubscription implements Subscription {
  private stopped = false;
  private checkpoint: Checkpoint | null;
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private readonly loop: Promise<void>;
  private readonly caughtUpWaiters: Array<{ afterRound: number; resolve: () => void }> = [];
  private round = 0;

  constructor(private readonly options: PollingSubscriptionOptions) {
    this.checkpoint = options.from;
    this.loop = this.run();
  }

  private wake = (): void => {
    this.pendingWake = true;
    this.wakeUp?.();
  };

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    let unlisten: (() => Promise<void>) | null = null;
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!unlisten && this.options.listen) unlisten = await this.options.listen(this.wake);
        const round = ++this.round;
        this.pendingWake = false;
        const { events, checkpoint } = await this.options.read(this.checkpoint, batchSize);
        if (events.length > 0 && checkpoint !== null) {
          await this.options.handler(events, checkpoint);
          this.checkpoint = checkpoint;
          failures = 0;
          continue;
        }
        failures = 0;
        this.settleCaughtUp(round);
        if (!this.pendingWake) await this.sleep(this.options.pollIntervalMs);
      } catch (error) {
        this.options.onError?.(error);
        if (unlisten) {
          await unlisten();
          unlisten = null;
        }
        failures++;
        await this.sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
    if (unlisten) await unlisten();
    this.settleCaughtUp(Number.MAX_SAFE_INTEGER);
  }

  private settleCaughtUp(round: number): void {
    for (let i = this.caughtUpWaiters.length - 1; i >= 0; i--) {
      const waiter = this.caughtUpWaiters[i]!;
      if (round > waiter.afterRound) {
        this.caughtUpWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  caughtUp(): Promise<void> {
    // A round that starts after this call and finds nothing new proves the catch-up.
    return new Promise((resolve) => this.caughtUpWaiters.push({ afterRound: this.round, resolve }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
  }
}
