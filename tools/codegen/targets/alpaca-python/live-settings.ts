import { indicatorCatalog } from "../../../../engine/indicators/catalog.ts";
import type { StrategySpec } from "../../../../engine/strategy/spec.ts";
import type { LoweredStrategy } from "../../lower-strategy.ts";
import { commentLines, pythonInt, pythonString } from "../python/syntax.ts";

const minimumHistoryBars = 300;
/** Also the most `--history-bars` takes. */
export const maximumHistoryBars = 10_000;

/**
 * Bars before every series of the strategy is defined: each indicator's TA-Lib lookback on top of
 * its input's, lags added, one more for the bar a cross compares with.
 */
export function warmupBars(strategy: LoweredStrategy): number {
  const warmup: number[] = [];
  for (const node of strategy.series) {
    if (node.kind === "constant" || node.kind === "price") warmup.push(0);
    else if (node.kind === "arithmetic")
      warmup.push(Math.max(warmup[node.left]!, warmup[node.right]!));
    else if (node.kind === "abs") warmup.push(warmup[node.of]!);
    else if (node.kind === "lag") warmup.push(warmup[node.of]! + node.bars);
    else {
      const input = node.source === null ? 0 : warmup[node.source]!;
      warmup.push(indicatorCatalog[node.name].lookback(node.parameters) + input);
    }
  }
  const sizing = strategy.sizing.kind === "volatilityTarget" ? strategy.sizing.lookbackBars + 1 : 0;
  return Math.max(0, sizing, ...warmup) + 1;
}

/**
 * Daily bars a live pass computes its signals on. Recursive indicators (EMA, Wilder's smoothing)
 * depend faintly on where history starts: four warm-ups and a year at least make that
 * negligible; a time exit counts the bars since entry inside the same history.
 */
export function historyBars(strategy: LoweredStrategy): number {
  const bars = Math.max(minimumHistoryBars, 4 * warmupBars(strategy) + 100);
  return Math.min(maximumHistoryBars, bars + (strategy.timeExitBars ?? 0));
}

/** Why this strategy cannot trade live at Alpaca; empty when it can. */
export function liveProblems(spec: StrategySpec): string[] {
  const problems: string[] = [];
  if (spec.timeframe !== "1d")
    problems.push(`its bars are ${spec.timeframe}, and live passes run once a day on daily bars`);
  const others = spec.universe.filter((symbol) => !/^[A-Z][A-Z0-9.]{0,15}$/.test(symbol));
  if (others.length > 0)
    problems.push(
      `${others.join(", ")} ${others.length === 1 ? "is not a US stock symbol" : "are not US stock symbols"}, and live passes trade US stocks in the opening auction`,
    );
  return problems;
}

/** The live command's settings, rendered as Python constants. */
export function liveSettings(strategy: LoweredStrategy, filename: string, usage: string): string {
  const problems = liveProblems(strategy.spec).map(pythonString);
  return [
    "# Live trading: the `live` command.",
    `PROGRAM = ${pythonString(filename)}`,
    `USAGE = ${pythonString(usage)}`,
    ...commentLines(
      "Daily bars each live pass computes the signals on, ending with the last completed one.",
    ),
    `HISTORY_BARS = ${pythonInt(historyBars(strategy))}`,
    `MAX_HISTORY_BARS = ${pythonInt(maximumHistoryBars)}`,
    "# Why this strategy cannot trade live, if it cannot.",
    `LIVE_PROBLEMS = (${problems.join(", ")}${problems.length === 1 ? "," : ""})`,
  ].join("\n");
}
