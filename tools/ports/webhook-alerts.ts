/** What identifies one alert: a repeat of the same signal carries the same key. */
export interface AlertKey {
  source: "tradingview";
  strategyId: string;
  symbol: string;
  action: "entry" | "exit";
  barTimeMs: number;
}

/** What an alert became, once settled. */
export interface AlertOutcome {
  status: "pending" | "approved" | "denied" | "ignored";
  intentId: string | null;
  approvalId: string | null;
  /** Why, in words: the risk gate's reason, or why nothing was proposed. */
  note: string;
}

/** An alert as first received; `outcome` is null while its proposal is under way. */
export interface AlertRecord {
  key: AlertKey;
  side: "long" | "short";
  price: number;
  receivedAtMs: number;
  outcome: AlertOutcome | null;
}

/**
 * The durable record of webhook alerts, so that a repeated or replayed alert proposes at most
 * one order: a key is claimed once, before anything is proposed, and holds its outcome after.
 */
export interface WebhookAlertLog {
  /**
   * Claims the alert's key: `claimed` when this call is the first to hold it (concurrent calls
   * included), otherwise the record of the alert that claimed it first.
   */
  claim(
    alert: Omit<AlertRecord, "outcome">,
  ): Promise<{ claimed: true } | { claimed: false; earlier: AlertRecord }>;
  /** Stores what a claimed alert became. */
  settle(key: AlertKey, outcome: AlertOutcome, nowMs: number): Promise<void>;
  /** Gives a claim back (its proposal failed before any decision), so the alert may be retried. */
  release(key: AlertKey): Promise<void>;
}
