/** At most `limit` holders at once; waiters are served first come, first served. */
export class Semaphore {
  private holders = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Runs `task` once a slot is free; rejects with the signal's reason if aborted while waiting. */
  async use<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.holders < this.limit) {
      this.holders++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener("abort", giveUp);
        resolve();
      };
      const giveUp = () => {
        this.waiters.splice(this.waiters.indexOf(wake), 1);
        reject(signal?.reason);
      };
      this.waiters.push(wake);
      signal?.addEventListener("abort", giveUp, { once: true });
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    // The slot passes straight to the next waiter, so the holder count stays the same.
    if (next) next();
    else this.holders--;
  }
}
