import type { StrategyByName } from "./strategy-names.ts";

/** One tool call the planner proposes: the tool's registry name and its raw input. */
export interface PlannedCall {
  name: string;
  input: Record<string, unknown>;
}

/** An order not yet settled as list_orders shows it: what "cancel my AAPL order" picks from. */
export interface OpenOrder {
  id: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: number;
  type: "market" | "limit";
  limitPrice: number | null;
  state: string;
}

/** What earlier turns left behind that a message may point at, and the caller's clock. */
export interface PlanContext {
  lastBacktestId?: string;
  /** "validate the last strategy", "promote it to paper". */
  lastStrategyId?: string;
  /**
   * Set when the conversation's newest strategy came from an optimization (its best, which is
   * `lastStrategyId`): "validate it" validates that optimization, counting its trials.
   */
  lastOptimizationId?: string;
  /**
   * When `lastStrategyId` came out of a scanner finding (its strategy, or a change of it):
   * "validate it" counts the candidates that scan tested as its trials.
   */
  lastStrategyFindingId?: string;
  /** When `lastStrategyId` is a variant: the strategy it was changed from ("undo that"). */
  lastVariantOf?: string;
  /** The spec of `lastStrategyId` as it ran: "optimize it with fast 5-50" searches its numbers. */
  lastSpec?: Record<string, unknown>;
  /** The period the conversation's last backtest was asked for: "validate it" checks the same. */
  lastBacktestPeriod?: { start?: string | number; end?: string | number };
  /** Stored strategies with a backtest, the best Sharpe first: "a portfolio of my strategies". */
  rankedStrategyIds?: string[];
  /** The conversation's backtests, run or shown again, newest first: "which one is better?". */
  backtestIds?: string[];
  /**
   * The conversation's newest result compares backtests: "the better one", "the winner" are
   * its best (then `lastStrategyId`).
   */
  comparisonShownLast?: boolean;
  /** "backtest the top finding", "backtest the second finding": in the order last shown. */
  lastFindingIds?: string[];
  /**
   * The conversation's newest result lists findings (a scan, "show the findings"): "backtest the
   * best one", "backtest #3" point into that list.
   */
  findingsShownLast?: boolean;
  /**
   * The stored portfolio the conversation's newest result shows (built, or listed alone): "what's
   * its sharpe?" and "rebalance it" mean that portfolio.
   */
  portfolioShownLast?: string;
  /**
   * The program the conversation generated last, while the results since are only its bars
   * exported: "how do I run it?" and "export its bars" mean that program and its strategy.
   */
  codeShownLast?: { strategyId: string; target: string; filename: string };
  /**
   * The order the conversation's newest result sized (size_position: the largest size the risk
   * gate passes; a limit order at the entry when one was given): "buy it" proposes it.
   */
  sizedLast?: { symbol: string; side: "buy" | "sell"; quantity: number; limitPrice?: number };
  /**
   * The size_position input of the conversation's newest result: "what if I risk 0.5%?" and
   * "with a 3% stop" size it again with that changed.
   */
  sizingShownLast?: Record<string, unknown>;
  /** The risk gate's denial of the order the conversation's newest result proposed: "why?" explains it. */
  deniedLast?: { code: string; message: string };
  /** The account's positions as the broker reported them for this message: "close my SPY position". */
  positions?: { symbol: string; quantity: number }[];
  /** Orders not yet settled, newest first, read for this message: "cancel my AAPL order". */
  openOrders?: OpenOrder[];
  /**
   * The stored strategies whose ids start with the short ids the message writes, read for that
   * message: the brain writes those ids out in full before planning.
   */
  namedStrategies?: { id: string; name: string }[];
  /**
   * The stored strategies, newest first, read for a message that names one by words ("validate
   * my rsi dip strategy"): `strategy-names.ts` finds it by its name.
   */
  strategyNames?: StrategyByName[];
  /** Now, in epoch milliseconds, for relative dates ("last 3 years", "ytd"); without it they are not guessed. */
  nowMs?: number;
}

export interface Message {
  /** As written, trimmed: capitals and paths keep their case. */
  raw: string;
  /** Normalized (see `normalize`), with polite openings ("please", "can you") removed. */
  text: string;
  context: PlanContext;
  /** Calls planned earlier in the same message ("backtest ... then validate it"). */
  earlier: readonly PlannedCall[];
}

export type Outcome =
  | {
      kind: "planned";
      calls: PlannedCall[];
      summary: string;
      /** Once the calls ran, the backtests they made are compared side by side (compare_backtests). */
      thenCompare?: boolean;
    }
  /**
   * The request was recognized but something it needs is missing: `what` completes "I could not
   * find ...", and `needs` names the context value that would supply it, when one would.
   */
  | { kind: "missing"; what: string; needs?: keyof PlanContext }
  /** The request is one the planner must not or cannot turn into a call; `why` says so. */
  | { kind: "refused"; why: string }
  /** A question the planner answers itself, with no tool ("how do I connect Slack?"). */
  | { kind: "answered"; text: string };

export interface Intent {
  /** The request in words, completing "I read this as ...": "a backtest". */
  title: string;
  /** The registry tools it may call. */
  tools: readonly string[];
  /** Phrasings it understands, shown when something is missing. */
  examples: readonly string[];
  matches(message: Message): boolean;
  plan(message: Message): Outcome;
}

export const planned = (calls: PlannedCall[], summary: string): Outcome => ({
  kind: "planned",
  calls,
  summary,
});

export const missing = (what: string, needs?: keyof PlanContext): Outcome => ({
  kind: "missing",
  what,
  ...(needs ? { needs } : {}),
});

export const call = (name: string, input: Record<string, unknown>): PlannedCall => ({
  name,
  input,
});

/** Copies only the fields that are set: the tools' own defaults fill the rest. */
export function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/**
 * The period to use for the conversation's last strategy: the message's own when it gives one,
 * else the one its last backtest was asked for ("backtest ... since 2021", then "validate it").
 */
export function periodForLast(
  context: PlanContext,
  given: { start?: string; end?: string },
): { start?: string | number; end?: string | number } {
  if (given.start !== undefined || given.end !== undefined) return given;
  return context.lastBacktestPeriod ?? {};
}

/** "from 2021-01-01 to 2023-12-31" for a period, or "" for all bars. */
export const periodText = (period: { start?: string | number; end?: string | number }) =>
  [
    period.start === undefined ? "" : `from ${String(period.start)}`,
    period.end === undefined ? "" : `to ${String(period.end)}`,
  ]
    .filter(Boolean)
    .join(" ");

/**
 * The strategy a message names: a 64-hex id written in it, whatever follows "strategy" (so a
 * wrong id is refused by the tool's schema with its own words, not silently replaced), or the
 * last strategy of the conversation.
 */
export function strategyIdIn(message: Message): string | undefined {
  const written = /\b([0-9a-f]{64})\b/.exec(message.text);
  if (written) return written[1];
  const named = /\bstrategy\s+(?:id\s+)?([a-z0-9][a-z0-9_-]{2,})\b/.exec(message.text);
  if (named && !/^(?:to|the|that|this|back|one|from|with|for|and|into|in|on|id)$/.test(named[1]!))
    return named[1];
  return message.context.lastStrategyId;
}

/** The refusal when words name a strategy that must be named by id ("promote momentum"). */
export const whichStrategy = (object: string) =>
  missing(
    `which strategy "${object}" is: say "it" or "the last strategy" for the one this conversation ran, or give its id ("list my strategies" shows them)`,
  );
