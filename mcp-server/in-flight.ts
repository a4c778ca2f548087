/**
 * Tool runs still going, including ones whose client cancelled or went away: shutting down
 * waits for them, so a store is never closed under a write.
 */
export class InFlightCalls {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return work;
  }

  async drained(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
