import type { RiskLimits } from "../../engine/risk/index.ts";
import type { Broker } from "./broker.ts";

/** The latest trade of a symbol: what the risk gate prices an order with. */
export interface LastTrade {
  price: number;
  atMs: number;
}

/** Where order checks read prices: a live market-data feed, or the demo's replay. */
export interface PriceSource {
  /** Shown on approval cards, so a human sees where the price came from. */
  readonly name: string;
  lastTrade(symbol: string): Promise<LastTrade | undefined>;
}

export interface HaltRecord {
  reason: string;
  actor: string;
  atMs: number;
}

/**
 * The kill switch's own record, outside the database and Redis (a file in ALPHADESK_HOME), so
 * halting works while either is down. Any raised flag stops every submission.
 */
export interface HaltFlag {
  read(): Promise<HaltRecord | undefined>;
  raise(record: HaltRecord): Promise<void>;
  clear(): Promise<void>;
}

/** What order tools need besides the store: the broker, prices and the approval policy. */
export interface Execution {
  broker: Broker;
  prices: PriceSource;
  halt: HaltFlag;
  /** Who may approve orders ("cli", chat user ids); never the model. */
  approvers: readonly string[];
  approvalTtlMs: number;
  /** The configured risk limits (inside engine/risk hardLimits; stored overrides tighten them). */
  limits: Partial<RiskLimits>;
  /** Tells the order worker approved orders are waiting (in-process wake-up or a queued job). */
  wake(): void;
}
