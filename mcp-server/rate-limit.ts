export interface RateLimit {
  /** Requests allowed at once. */
  burst: number;
  /** Requests regained per second. */
  perSecond: number;
}

/** A token bucket per key (here: per bearer token); `take` says how many ms to wait when empty. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** 0 when the request may go ahead, else the milliseconds until it could. */
  take(key: string): number {
    const now = this.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, updatedMs: now };
    bucket.tokens = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.updatedMs) / 1000) * this.limit.perSecond,
    );
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return Math.ceil(((1 - bucket.tokens) / this.limit.perSecond) * 1000);
    bucket.tokens -= 1;
    return 0;
  }
}
