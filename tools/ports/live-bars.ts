/** A finished bar pushed by a live feed (one minute for Alpaca). */
export interface LiveBar {
  symbol: string;
  timeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** `down` while the feed is disconnected (and reconnecting): live prices are stale then. */
export type LiveFeedState = "up" | "down";

export interface LiveSubscription {
  /**
   * Adds symbols to this subscription over the connections it already holds (a new one only for
   * a kind of market it does not stream yet): feeds limit concurrent connections, so one
   * subscription per symbol would soon be refused. Symbols it already carries are ignored.
   */
  add(symbols: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Live bars for the executor's checks and the dashboard. */
export interface LiveBarFeed {
  /** Resolves once the feed is connected and subscribed; rejects when it refuses the credentials. */
  subscribe(
    symbols: readonly string[],
    onBar: (bar: LiveBar) => void,
    onState?: (state: LiveFeedState) => void,
  ): Promise<LiveSubscription>;
}
