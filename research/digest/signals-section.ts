import type { StrategyStage } from "../../tools/ports/trading.ts";
import { isStale, readSignals, universeMarkets } from "../../tools/strategy/strategy-signals.ts";
import { isoTime } from "../../tools/time-input.ts";
import { mentions } from "./desk-strategies.ts";
import { rankedSection, type DigestScope } from "./digest-scope.ts";
import type { SignalItem } from "./digest-schema.ts";

/** The stages whose strategies trade: their signals are the morning's to act on. */
const tradingStages: readonly StrategyStage[] = ["full_live", "small_live", "paper"];

/** The simulated account a strategy's position is read from: its default backtest's. */
const signalCash = 100_000;

/**
 * What the rules of each strategy at paper or live say at the last close (strategy_signals):
 * those entering or exiting at the next open, live ones first. Nothing is ordered.
 */
export async function signalsSection({ store, window, desk, maxItems }: DigestScope) {
  const items: SignalItem[] = [];
  const unread: string[] = [];
  let quiet = 0;
  const trading = desk.atStages(tradingStages);
  for (const strategy of trading) {
    try {
      const { symbols, newestMs } = await readSignals(store, strategy.spec, signalCash);
      const signals = symbols.flatMap(({ symbol, action, close }) =>
        action === "enter" || action === "exit" ? [{ symbol, action, close }] : [],
      );
      if (signals.length === 0) {
        quiet += 1;
        continue;
      }
      items.push({
        side: strategy.spec.side,
        lastBar: isoTime(newestMs),
        stale: isStale(
          strategy.spec.timeframe,
          newestMs,
          window.untilMs,
          universeMarkets(strategy.spec.universe),
        ),
        signals,
        ...mentions([strategy]),
      });
    } catch {
      // A strategy whose bars are gone says so in the note; the others still show.
      unread.push(strategy.name);
    }
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
      ? [`No signals could be read for ${unread.join(", ")}: their bars are missing.`]
      : []),
    ...(items.length > 0
      ? [
          "These are the rules' signals, not orders: propose_strategy_orders (the worker's, at 9:35 New York) proposes them, and a person's approval places each.",
        ]
      : []),
  ]);
}
