import { readTradingSignals, tradingStages } from "../../tools/strategy/desk-signals.ts";
import { mentions } from "./desk-strategies.ts";
import { rankedSection, type DigestScope } from "./digest-scope.ts";
import type { SignalItem } from "./digest-schema.ts";

/**
 * What the rules of each strategy at paper or live say at the last close (desk_signals): those
 * entering or exiting at the next open, live ones first. Nothing is ordered.
 */
export async function signalsSection({ store, window, desk, maxItems }: DigestScope) {
  const trading = desk.atStages(tradingStages);
  const { read, unread } = await readTradingSignals(store, trading, window.untilMs);
  const items: SignalItem[] = [];
  let quiet = 0;
  for (const strategy of read) {
    const signals = strategy.symbols.flatMap(({ symbol, action, close }) =>
      action === "enter" || action === "exit" ? [{ symbol, action, close }] : [],
    );
    if (signals.length === 0) {
      quiet += 1;
      continue;
    }
    items.push({
      side: strategy.side,
      lastBar: strategy.lastBar,
      stale: strategy.stale,
      signals,
      ...mentions(trading.filter((each) => each.id === strategy.strategyId)),
    });
  }
  return rankedSection("strategy_signals", "Strategy signals", items, maxItems, [
    ...(trading.length === 0
      ? ["No strategy trades at paper or live yet: promote_strategy moves one there."]
      : []),
    ...(quiet > 0
      ? [
          `${quiet} more trading ${quiet === 1 ? "strategy holds or waits" : "strategies hold or wait"}.`,
        ]
      : []),
    ...(unread.length > 0
      ? [
          `No signals could be read for ${unread.map((strategy) => strategy.name).join(", ")}: their bars are missing.`,
        ]
      : []),
    ...(items.length > 0
      ? [
          "These are the rules' signals, not orders: propose_strategy_orders (the worker's, at 9:35 New York) proposes them, and a person's approval places each.",
        ]
      : []),
  ]);
}
