/**
 * Keys remembered until their own expiry: the replay cache of request signatures and the ids of
 * events already handled. Expired keys are dropped whenever a key is added, so the set holds
 * only what arrived within one window.
 */
export class ExpiringSet {
  private readonly expiries = new Map<string, number>();

  /** Remembers `key` until `expiresAtMs`; false when it is already remembered. */
  add(key: string, expiresAtMs: number, nowMs: number): boolean {
    for (const [known, expiry] of this.expiries) if (expiry <= nowMs) this.expiries.delete(known);
    if (this.expiries.has(key)) return false;
    this.expiries.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.expiries.size;
  }
}
