/**
 * Runs the work for one key at a time in this process: a double submit waits for the first
 * request, then finds what it did, instead of racing it to the store and using up an MRN.
 */
export class OneAtATime {
  private readonly running = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.running.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.catch(() => undefined);
    this.running.set(key, settled);
    try {
      return await mine;
    } finally {
      if (this.running.get(key) === settled) this.running.delete(key);
    }
  }
}
