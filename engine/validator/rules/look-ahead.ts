import { lowerBound } from "../../bars.ts";
import { formatTime } from "../analysis/time.ts";
import type { ValidationContext } from "../context.ts";
import type { RuleOutcome, ValidationRule } from "../types.ts";
import {
  fail,
  fixed,
  pass,
  percent,
  plural,
  ruleMaker,
  skip,
  symbolsText,
  warn,
} from "./helpers.ts";

const rule = ruleMaker("look_ahead");

/** The truncated rerun keeps the first 70% of the bars (the brief); a second cut at 40% catches leaks of other reach. */
export const truncationFraction = 0.7;
export const earlyTruncationFraction = 0.4;
/**
 * Annualized daily Sharpe ratios above 4 are rare outside high-frequency market making; in a
 * daily or hourly backtest a look-ahead or data error is likelier than such an edge (a
 * practitioners' rule of thumb, e.g. Bailey & López de Prado's warnings on "too good" backtests).
 */
export const tooGoodSharpeWarn = 4;
export const tooGoodSharpeFail = 6;
/** Win rates above 90% over many trades usually mean the exit peeks (or the stop never fills). */
export const suspiciousWinRate = 0.9;
export const suspiciousWinRateTrades = 20;
/** Universes this large are usually picked from today's lists, which omit delisted names. */
export const survivorshipUniverse = 5;
/** A symbol starting or ending within 2% of the span of the others counts as trading the whole period. */
export const survivorshipEdgeShare = 0.02;

function truncatedSignals(context: ValidationContext, fraction: number): RuleOutcome {
  const comparison = context.truncation(fraction);
  if (comparison.comparedBars === 0) return skip("Needs more than two bars before the cut.");
  const cut = formatTime(context.cutTimeMs(fraction));
  if (comparison.changedSignals > 0) {
    const first = comparison.first!;
    return fail(
      `Rerun on the first ${percent(fraction, 0)} of the bars (to ${cut}), ${plural(comparison.changedSignals, "past signal")} changed (first: ${first.symbol} ${first.field} at ${formatTime(first.timeMs)}): the strategy uses data from after the bar it trades on, so its backtest cannot be reproduced live.`,
      comparison.changedSignals,
    );
  }
  return pass(
    `Rerun on the first ${percent(fraction, 0)} of the bars (to ${cut}), all ${comparison.comparedBars} past bars kept their signals (${plural(comparison.signalBars, "signal")} among them): no sign of look-ahead.`,
    0,
  );
}

export const lookAheadRules: ValidationRule[] = [
  rule(
    "critical",
    "lookahead-truncated-signals",
    "Past signals survive cutting off the future",
    (context) => truncatedSignals(context, truncationFraction),
  ),

  rule(
    "critical",
    "lookahead-truncated-signals-early",
    "Past signals survive an earlier cut",
    (context) => truncatedSignals(context, earlyTruncationFraction),
  ),

  rule(
    "critical",
    "lookahead-truncated-levels",
    "Sizes and stop distances survive cutting off the future",
    (context) => {
      const spec = context.spec;
      const usesLevels =
        "volatilityTarget" in spec.sizing ||
        [spec.stopLoss, spec.takeProfit, spec.trailingStop].some(
          (distance) => distance !== undefined && "atrPeriod" in distance,
        );
      if (!usesLevels)
        return skip(
          "Applies to volatility-target sizing and ATR stops or targets; the spec uses neither.",
        );
      const comparison = context.truncation(truncationFraction);
      if (comparison.changedLevels > 0) {
        const first = comparison.first!;
        return fail(
          `On the first ${percent(truncationFraction, 0)} of the bars, ${plural(comparison.changedLevels, "bar")} got another position size or stop distance (first: ${first.symbol} ${first.field} at ${formatTime(first.timeMs)}): sizing or stops see the future.`,
          comparison.changedLevels,
        );
      }
      return pass(
        `Volatility-target sizes and ATR distances are identical on the ${comparison.comparedBars} bars before the cut.`,
        0,
      );
    },
  ),

  rule(
    "critical",
    "lookahead-truncated-equity",
    "The equity curve survives cutting off the future",
    (context) => {
      const { compared, largestDifference, firstTimeMs } =
        context.truncatedEquity(truncationFraction);
      if (compared === 0) return skip("Needs bars before the cut.");
      if (largestDifference > 1e-9)
        return fail(
          `The rerun on the first ${percent(truncationFraction, 0)} of the bars has a different equity curve from ${formatTime(firstTimeMs!)} (largest gap ${percent(largestDifference, 3)}): past fills depend on later bars.`,
          largestDifference,
        );
      return pass(
        `The rerun on the first ${percent(truncationFraction, 0)} of the bars reproduces all ${compared} equity marks before the cut.`,
        0,
      );
    },
  ),

  rule(
    "warning",
    "lookahead-warmup-respected",
    "No signal before the indicators are warm",
    (context) => {
      const { entryLookbackBars: lookbackBars } = context.specFacts;
      if (lookbackBars === 0) return skip("The entry rule uses no indicator with a warm-up.");
      const early: string[] = [];
      let firstTime = Infinity;
      context.plans.forEach((plan) => {
        const limit = Math.min(lookbackBars, plan.entry.length);
        for (let row = 0; row < limit; row++) {
          if (plan.entry[row] === 1) {
            early.push(plan.bars.symbol);
            firstTime = Math.min(firstTime, plan.bars.timestampMs[row]!);
            break;
          }
        }
      });
      if (early.length > 0)
        return fail(
          `${symbolsText(early)} signal an entry at ${formatTime(firstTime)}, before its rules can be defined (they need ${lookbackBars} bars of history): a rule acting on half-formed indicators trades on values no one would compute live.`,
          early.length,
        );
      return pass(
        `No entry fires in the first ${lookbackBars} bars, while the entry's indicators warm up: signals act only on fully formed values.`,
        0,
      );
    },
  ),

  rule("info", "lookahead-first-bar-trade", "No trade on the very first bar", (context) => {
    const { simulation } = context.baseline;
    const times = simulation.timestampMs;
    if (times.length < 2) return skip("Needs at least two bars in the window.");
    const onSecond = simulation.trades.filter((trade) => trade.entryTimeMs === times[1]);
    const openOnSecond = simulation.openPositions.filter(
      (position) => position.entryTimeMs === times[1],
    );
    const count = onSecond.length + openOnSecond.length;
    if (count === 0)
      return pass(
        "No position opens on the signal of the window's first bar: every entry waited for its own signal, not the start date.",
        0,
      );
    const warmedUp = context.bars.every(
      (series) => lowerBound(series.timestampMs, times[0]!) >= context.specFacts.lookbackBars,
    );
    return warn(
      `${plural(count, "position")} ${count === 1 ? "opens" : "open"} on the signal of the window's first bar (${formatTime(times[0]!)})${warmedUp ? "" : ", which had no history before it"}: the result then depends on the arbitrary start date rather than on a signal the strategy waited for.`,
      count,
    );
  }),

  rule("warning", "lookahead-too-good", "Results are not too good to be true", (context) => {
    const sharpe = context.baseline.metrics.sharpe;
    if (sharpe === null) return skip("Needs a Sharpe ratio (daily returns with some variation).");
    if (sharpe > tooGoodSharpeFail)
      return fail(
        `An annualized Sharpe ratio of ${fixed(sharpe)} is beyond what daily-bar strategies achieve: look-ahead, a data error or unrealistic fills are far likelier than such an edge.`,
        sharpe,
      );
    if (sharpe > tooGoodSharpeWarn)
      return warn(
        `An annualized Sharpe ratio of ${fixed(sharpe)} is rare outside market making: check for look-ahead, bad data and fills before trusting it.`,
        sharpe,
      );
    return pass(
      `An annualized Sharpe ratio of ${fixed(sharpe)} is within what real strategies show.`,
      sharpe,
    );
  }),

  rule("warning", "lookahead-win-rate", "Win rate is plausible", (context) => {
    const { winRate, trades } = context.baseline.metrics;
    if (winRate === null || trades < suspiciousWinRateTrades)
      return skip(`Needs at least ${suspiciousWinRateTrades} closed trades (had ${trades}).`);
    if (winRate >= suspiciousWinRate)
      return warn(
        `${percent(winRate)} of ${trades} trades win: outside arbitrage such win rates usually mean the exit sees the future or losses are never realized.`,
        winRate,
      );
    return pass(`${percent(winRate)} of ${trades} trades win, a plausible rate.`, winRate);
  }),

  rule(
    "warning",
    "lookahead-absolute-price-levels",
    "No fixed price levels on adjusted prices",
    (context) => {
      const comparisons = context.specFacts.priceLevelComparisons;
      if (comparisons.length === 0)
        return pass(
          "Rules compare prices with other prices or indicators, never with a fixed number.",
          0,
        );
      return warn(
        `${plural(comparisons.length, "rule")} compare a price with a fixed number (${comparisons.slice(0, 2).join("; ")}): back-adjusted history is rescaled by every later split and dividend, so which past bars cross a fixed level depends on events after them.`,
        comparisons.length,
      );
    },
  ),

  rule("info", "lookahead-survivorship", "Universe not picked with hindsight", (context) => {
    if (context.bars.length < survivorshipUniverse)
      return skip(`Applies to universes of ${survivorshipUniverse} or more symbols.`);
    const starts = context.bars.map((series) => series.timestampMs[0] ?? Infinity);
    const ends = context.bars.map(
      (series) => series.timestampMs[series.timestampMs.length - 1] ?? -Infinity,
    );
    const span = Math.max(...ends) - Math.min(...starts);
    const full = context.bars.filter(
      (_, index) =>
        starts[index]! - Math.min(...starts) < span * survivorshipEdgeShare &&
        Math.max(...ends) - ends[index]! < span * survivorshipEdgeShare,
    );
    if (full.length === context.bars.length)
      return warn(
        `All ${context.bars.length} symbols trade for the whole period: if the list was chosen today, names that were delisted or dropped during the test are missing, which flatters long strategies (survivorship bias).`,
        full.length,
      );
    return pass(
      `${plural(context.bars.length - full.length, "symbol")} start or stop inside the period, so the universe is not only today's survivors.`,
      context.bars.length - full.length,
    );
  }),
];
