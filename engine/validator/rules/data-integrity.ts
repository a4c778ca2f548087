import { lowerBound, validateBars } from "../../bars.ts";
import { dailyCoverage, intradayCoverage } from "../../calendar/coverage.ts";
import { Market, sessionsBetween } from "../../calendar/sessions.ts";
import { outlierZ } from "../analysis/bar-scans.ts";
import { dayMs, formatDate, formatTime, utcDay } from "../analysis/time.ts";
import { errorText, type ValidationContext } from "../context.ts";
import type { ValidationRule } from "../types.ts";
import {
  fail,
  fixed,
  grade,
  outcome,
  pass,
  percent,
  plural,
  ruleMaker,
  skip,
  symbolsText,
  warn,
} from "./helpers.ts";

const rule = ruleMaker("data_integrity");

/** Missing sessions: 1% is about 2.5 days a year, vendor noise; 5% (one day in 20) distorts returns and indicators. */
export const missingSessionsWarnAbove = 0.01;
export const missingSessionsFailAbove = 0.05;
/** Missing intraday bars inside sessions: 2% is thin trading; 10% means the bars skip much of the day. */
export const missingIntradayWarnAbove = 0.02;
export const missingIntradayFailAbove = 0.1;
/** A week of identical closes: no liquid instrument sits still that long; a month means the feed stopped. */
export const staleRunWarnBars = 5;
export const staleRunFailBars = 20;
/** Zero-volume bars: 1% may be half-days or feed hiccups; 5% means the prices are not trades. */
export const zeroVolumeWarnAbove = 0.01;
export const zeroVolumeFailAbove = 0.05;
/** A robust z of 25 is beyond any market's daily tail (Black Monday 1987 was ~20 sigma): a bad tick. */
export const outlierFailZ = 25;
/** Years of history: below three a test sees one or two market regimes at most; below one it sees a season. */
export const historyPassYears = 3;
export const historyFailYears = 1;
/** Share of the window an indicator's warm-up may take before the test loses too much of it. */
export const warmupShareWarnAbove = 0.2;
/** Bars whose high equals their low: above a fifth the series is not a traded market's. */
export const flatBarsWarnAbove = 0.2;
/** Symbols sharing less than this share of timestamps are marked at different times. */
export const alignedShareWarnBelow = 0.95;
/** Last bars more than this far apart: a symbol stopped trading (delisted, renamed) during the test. */
export const commonEndWarnDays = 7;

/** A window may start or end a week off the data (holidays, a weekend) before it is called mismatched. */
export const windowToleranceDays = 7;

function marketOf(context: ValidationContext, index: number): Market | undefined {
  const market = context.markets[index];
  return market !== undefined && market in Market ? market : undefined;
}

interface Coverage {
  symbol: string;
  sessions: number;
  missingDays: number[];
  closedBars: number;
  missingBars: number;
  intradaySlots: number;
}

/** Calendar coverage of a symbol's bars on its market (null without a known market or bars). */
export function coverageOf(context: ValidationContext, index: number): Coverage | null {
  return context.memo(`coverage:${index}`, () => {
    const market = marketOf(context, index);
    const series = context.bars[index];
    if (!market || !series || series.timestampMs.length < 2) return null;
    const times = series.timestampMs;
    const sessions = sessionsBetween(
      market,
      utcDay(times[0]!),
      utcDay(times[times.length - 1]!),
    ).length;
    if (!context.intraday) {
      const coverage = dailyCoverage(market, times);
      return {
        symbol: series.symbol,
        sessions,
        missingDays: coverage.missingDays,
        closedBars: coverage.closedDays.length,
        missingBars: 0,
        intradaySlots: 0,
      };
    }
    const coverage = intradayCoverage(market, times, context.stepMs!);
    const inside = times.length - coverage.barsOutsideSessions;
    return {
      symbol: series.symbol,
      sessions,
      missingDays: coverage.missingDays,
      closedBars: coverage.barsOutsideSessions,
      missingBars: coverage.missingBars,
      intradaySlots: inside + coverage.missingBars,
    };
  });
}

function everySymbol<T>(
  context: ValidationContext,
  measure: (index: number) => T | null,
): { symbol: string; value: T }[] {
  const results: { symbol: string; value: T }[] = [];
  context.bars.forEach((series, index) => {
    const value = measure(index);
    if (value !== null) results.push({ symbol: series.symbol, value });
  });
  return results;
}

/** The symbol with the largest `key`, or null. */
function worst<T>(items: { symbol: string; value: T }[], key: (value: T) => number) {
  let best: { symbol: string; value: T } | null = null;
  for (const item of items) if (best === null || key(item.value) > key(best.value)) best = item;
  return best;
}

function scansOf(context: ValidationContext) {
  return context.bars.map((_, index) => context.barScan(index));
}

export const dataIntegrityRules: ValidationRule[] = [
  rule("critical", "data-universe-bars", "Bars for every symbol of the universe", (context) => {
    const { universe } = context.spec;
    const names = context.bars.map((series) => series.symbol);
    if (names.length !== universe.length)
      return fail(
        `The universe lists ${plural(universe.length, "symbol")} but bars came for ${names.length}: every symbol needs its bars, or the backtest trades a different universe than the spec.`,
        names.length,
      );
    const wrong = universe.filter((symbol, index) => names[index] !== symbol);
    if (wrong.length > 0)
      return fail(
        `Bars are not in universe order (expected ${symbolsText(wrong)} where ${symbolsText(names.filter((name, index) => name !== universe[index]))} came): signals would be computed on another symbol's prices.`,
        wrong.length,
      );
    const empty = context.bars.filter((series) => series.timestampMs.length < 2);
    if (empty.length > 0)
      return fail(
        `${symbolsText(empty.map((series) => series.symbol))} ${empty.length === 1 ? "has" : "have"} fewer than 2 bars: nothing can be traded or measured.`,
        empty.length,
      );
    return pass(
      `Every symbol of the universe (${plural(universe.length, "symbol")}) has bars, in universe order.`,
      universe.length,
    );
  }),

  rule(
    "warning",
    "data-market-per-symbol",
    "A known market calendar for every symbol",
    (context) => {
      const unknown = context.bars.filter((_, index) => marketOf(context, index) === undefined);
      if (context.markets.length !== context.bars.length || unknown.length > 0)
        return fail(
          `${unknown.length > 0 ? symbolsText(unknown.map((series) => series.symbol)) : `${context.bars.length - context.markets.length} symbols`} ${unknown.length === 1 ? "has" : "have"} no known market (NYSE, CME, FX or CRYPTO): calendar, session and asset-class checks cannot run for ${unknown.length === 1 ? "it" : "them"}.`,
          Math.max(unknown.length, Math.abs(context.bars.length - context.markets.length)),
        );
      return pass(
        `Every symbol has a market calendar (${[...new Set(context.markets)].join(", ")}), so sessions, holidays and asset-class rules can be checked.`,
      );
    },
  ),

  rule("critical", "data-bars-valid", "Prices and timestamps are well formed", (context) => {
    const problems: string[] = [];
    for (const series of context.bars) {
      try {
        validateBars(series);
      } catch (error) {
        problems.push(errorText(error));
      }
    }
    if (problems.length > 0)
      return fail(
        `${plural(problems.length, "series")} break the bar invariants (${problems[0]}${problems.length > 1 ? "; ..." : ""}): corrupt prices are worse than none, every result built on them is suspect.`,
        problems.length,
      );
    return pass(
      "Every bar has finite positive prices with low <= open, close <= high, volume >= 0, and strictly increasing timestamps.",
    );
  }),

  rule("warning", "data-history-length", "Enough history to judge the strategy", (context) => {
    const years = context.baseline.metrics.years;
    const status = grade(years, {
      passAt: historyPassYears,
      failBeyond: historyFailYears,
      higherIsBetter: true,
    });
    const message = `The backtest spans ${fixed(years, 1)} years; ${
      status === "pass"
        ? `at least ${historyPassYears} years is enough to see more than one market regime.`
        : `under ${historyPassYears} years a test sees one or two market regimes at most, so its results may not carry over.`
    }`;
    return outcome(status, message, years);
  }),

  rule(
    "critical",
    "data-history-covers-lookback",
    "History long enough for the indicators' lookbacks",
    (context) => {
      const { lookbackBars, lookbackSource } = context.specFacts;
      if (lookbackBars === 0)
        return pass("The spec uses no indicator with a warm-up, so every bar can trade.", 0);
      const startMs = context.input.options.startMs;
      let worstShare = 0;
      let worstSymbol = "";
      let windowBars = 0;
      for (const series of context.bars) {
        const times = series.timestampMs;
        const begin = startMs === null ? 0 : lowerBound(times, startMs);
        const endMs = context.input.options.endMs;
        const end = endMs === null ? times.length : lowerBound(times, endMs + 1);
        const window = end - begin;
        // Bars before the window warm indicators up for free.
        const warmupInside = Math.max(0, lookbackBars - begin);
        const share = window > 0 ? warmupInside / window : Infinity;
        if (share >= worstShare) {
          worstShare = share;
          worstSymbol = series.symbol;
          windowBars = window;
        }
      }
      if (worstShare >= 1)
        return fail(
          `${worstSymbol} has ${windowBars} bars in the window but ${lookbackSource} needs ${lookbackBars} bars of history: no signal can ever form.`,
          lookbackBars,
        );
      if (worstShare > warmupShareWarnAbove)
        return warn(
          `${lookbackSource} needs ${lookbackBars} bars before its first value, ${percent(worstShare)} of ${worstSymbol}'s ${windowBars} bars in the window: that part of the test cannot trade. Start the window later, or load history before it.`,
          worstShare,
        );
      return pass(
        `The longest lookback (${lookbackSource}, ${lookbackBars} bars) takes ${percent(worstShare)} of the window; indicators are warm for the rest.`,
        worstShare,
      );
    },
  ),

  rule(
    "critical",
    "data-calendar-gaps",
    "No missing sessions against the market calendar",
    (context) => {
      const results = everySymbol(context, (index) => coverageOf(context, index));
      if (results.length === 0)
        return skip("Needs a known market calendar for at least one symbol.");
      const shares = results.map(({ symbol, value }) => ({
        symbol,
        value: {
          ...value,
          share: value.sessions > 0 ? value.missingDays.length / value.sessions : 0,
        },
      }));
      const top = worst(shares, (value) => value.share)!;
      const { share, missingDays, sessions } = top.value;
      const status = grade(share, {
        passAt: missingSessionsWarnAbove,
        failBeyond: missingSessionsFailAbove,
        higherIsBetter: false,
      });
      if (missingDays.length === 0)
        return pass(
          `No symbol misses a session of its market calendar (${results.length} checked).`,
          0,
        );
      return outcome(
        status,
        `${top.symbol} misses ${plural(missingDays.length, "session")} of ${sessions} (${percent(share)}; first ${formatDate(missingDays[0]! * dayMs)}): ${status === "pass" ? "a few gaps, within vendor noise." : "missing days merge several days' moves into one bar and shift every indicator."}`,
        share,
      );
    },
  ),

  rule("warning", "data-missing-intraday-bars", "Intraday sessions are complete", (context) => {
    if (!context.intraday) return skip("Applies to intraday bars; these are daily.");
    const results = everySymbol(context, (index) => coverageOf(context, index));
    if (results.length === 0) return skip("Needs a known market calendar for at least one symbol.");
    const top = worst(results, (value) =>
      value.intradaySlots > 0 ? value.missingBars / value.intradaySlots : 0,
    )!;
    const share = top.value.intradaySlots > 0 ? top.value.missingBars / top.value.intradaySlots : 0;
    const status = grade(share, {
      passAt: missingIntradayWarnAbove,
      failBeyond: missingIntradayFailAbove,
      higherIsBetter: false,
    });
    return outcome(
      status,
      `${top.symbol} lacks ${plural(top.value.missingBars, "bar")} inside its sessions (${percent(share)} of the slots): ${status === "pass" ? "the sessions are essentially complete." : "gaps inside the day make bar-count indicators span uneven time and hide fills."}`,
      share,
    );
  }),

  rule("warning", "data-bars-outside-sessions", "No bars when the market is closed", (context) => {
    const results = everySymbol(context, (index) => coverageOf(context, index));
    if (results.length === 0) return skip("Needs a known market calendar for at least one symbol.");
    const top = worst(results, (value) => value.closedBars)!;
    if (top.value.closedBars === 0)
      return pass(
        `Every bar falls in a session of its market (${results.length} symbols checked).`,
        0,
      );
    return fail(
      `${top.symbol} has ${plural(top.value.closedBars, "bar")} ${context.intraday ? "outside its market's sessions" : "dated on days its market is closed"}: such prints are not tradable and signals computed on them cannot be acted on.`,
      top.value.closedBars,
    );
  }),

  rule("warning", "data-stale-prices", "No runs of unchanged prices", (context) => {
    const scans = scansOf(context);
    if (scans.length === 0) return skip("Needs bars.");
    const top = scans.reduce((best, scan) =>
      scan.longestStaleRun > best.longestStaleRun ? scan : best,
    );
    const status = grade(top.longestStaleRun, {
      passAt: staleRunWarnBars - 1,
      failBeyond: staleRunFailBars - 1,
      higherIsBetter: false,
    });
    return outcome(
      status,
      `The longest run of identical closes is ${plural(top.longestStaleRun, "bar")} (${top.symbol}${top.staleRunStartMs !== null && top.longestStaleRun > 1 ? `, from ${formatTime(top.staleRunStartMs)}` : ""}): ${status === "pass" ? "prices move as a traded market's do." : "a frozen price is a stopped feed or an untraded instrument, and the backtest trades at prices nobody quoted."}`,
      top.longestStaleRun,
    );
  }),

  rule("warning", "data-zero-volume", "Bars carry traded volume", (context) => {
    const scans = scansOf(context);
    if (scans.length === 0) return skip("Needs bars.");
    const top = scans.reduce((best, scan) =>
      scan.zeroVolumeBars / Math.max(1, scan.bars) > best.zeroVolumeBars / Math.max(1, best.bars)
        ? scan
        : best,
    );
    const share = top.zeroVolumeBars / Math.max(1, top.bars);
    if (scans.every((scan) => scan.zeroVolumeBars === scan.bars))
      return warn(
        "No bar has any volume: the feed carries no volume, so liquidity and capacity cannot be checked.",
        1,
      );
    const status = grade(share, {
      passAt: zeroVolumeWarnAbove,
      failBeyond: zeroVolumeFailAbove,
      higherIsBetter: false,
    });
    return outcome(
      status,
      `${percent(share)} of ${top.symbol}'s bars have zero volume (longest run ${plural(top.longestZeroVolumeRun, "bar")}): ${status === "pass" ? "trading is continuous." : "prices without trades are quotes or fills nobody could get."}`,
      share,
    );
  }),

  rule("warning", "data-outlier-returns", "No implausible one-bar moves", (context) => {
    const scans = scansOf(context);
    if (scans.length === 0) return skip("Needs bars.");
    const top = scans.reduce((best, scan) =>
      scan.largestReturnZ > best.largestReturnZ ? scan : best,
    );
    const total = scans.reduce((sum, scan) => sum + scan.outlierReturns, 0);
    const z = top.largestReturnZ;
    const where =
      top.largestReturnTimeMs === null
        ? ""
        : ` (${top.symbol} ${percent(top.largestReturn)} at ${formatTime(top.largestReturnTimeMs)})`;
    if (z > outlierFailZ)
      return fail(
        `The largest one-bar move is ${fixed(z, 0)} robust standard deviations${where}: far beyond any real market's tail, almost surely a bad tick or an unadjusted split, and one such bar can make or break a backtest.`,
        z,
      );
    if (total > 0)
      return warn(
        `${plural(total, "bar")} move more than ${outlierZ} robust standard deviations; the largest is ${fixed(z, 1)}${where}. Check them against another source: a single bad print fakes a trade.`,
        z,
      );
    return pass(
      `The largest one-bar move is ${fixed(z, 1)} robust standard deviations${where}, within a market's usual tails.`,
      z,
    );
  }),

  rule("info", "data-flat-bars", "Bars have a price range", (context) => {
    const scans = scansOf(context);
    if (scans.length === 0) return skip("Needs bars.");
    const top = scans.reduce((best, scan) =>
      scan.flatBars / Math.max(1, scan.bars) > best.flatBars / Math.max(1, best.bars) ? scan : best,
    );
    const share = top.flatBars / Math.max(1, top.bars);
    if (share > flatBarsWarnAbove)
      return warn(
        `${percent(share)} of ${top.symbol}'s bars have high = low: one price per bar means few or no trades, and stops or targets inside such bars never test the range they would in a real market.`,
        share,
      );
    return pass(
      `At most ${percent(share)} of a symbol's bars have no range (${top.symbol}): bars trade through a range, so intrabar stops and targets are tested.`,
      share,
    );
  }),

  rule("warning", "data-bad-ticks", "No spike wicks", (context) => {
    const scans = scansOf(context);
    if (scans.length === 0) return skip("Needs bars.");
    const total = scans.reduce((sum, scan) => sum + scan.badTicks, 0);
    if (total > 0) {
      const top = scans.reduce((best, scan) => (scan.badTicks > best.badTicks ? scan : best));
      return warn(
        `${plural(total, "bar")} (most in ${top.symbol}) have a wick over 5% of the close and 10 times the usual: likely bad ticks, which trigger stops and breakouts that never traded.`,
        total,
      );
    }
    return pass(
      "No bar has a spike wick far beyond the usual range, so no stop or breakout fires on a bad tick.",
      0,
    );
  }),

  rule(
    "warning",
    "data-timeframe-matches",
    "Bar spacing matches the spec's timeframe",
    (context) => {
      const step = context.stepMs;
      if (step === null)
        return skip(
          `Needs a timeframe like 1m, 1h or 1d; the spec says "${context.spec.timeframe}".`,
        );
      const mismatched: string[] = [];
      let example = 0;
      for (let index = 0; index < context.bars.length; index++) {
        const spacing = context.barScan(index).medianSpacingMs;
        if (spacing === null) continue;
        // Daily bars skip weekends and holidays, so their median spacing is one to three days.
        const ok = step >= dayMs ? spacing >= step && spacing <= 3 * step : spacing === step;
        if (!ok) {
          mismatched.push(context.bars[index]!.symbol);
          example = spacing;
        }
      }
      if (mismatched.length > 0)
        return fail(
          `The spec trades ${context.spec.timeframe} bars but ${symbolsText(mismatched)} ${mismatched.length === 1 ? "has" : "have"} bars ${fixed(example / 60_000, 0)} minutes apart: every indicator period and holding time means something else than written.`,
          example,
        );
      return pass(
        `Bars are spaced as the ${context.spec.timeframe} timeframe says, so indicator periods and holding times mean what the spec writes.`,
      );
    },
  ),

  rule("info", "data-symbols-aligned", "Symbols share their timestamps", (context) => {
    if (context.bars.length < 2) return skip("Applies to universes of two or more symbols.");
    const counts = new Map<number, number>();
    for (const series of context.bars)
      for (const time of series.timestampMs) counts.set(time, (counts.get(time) ?? 0) + 1);
    let shared = 0;
    for (const count of counts.values()) if (count === context.bars.length) shared++;
    const share = counts.size > 0 ? shared / counts.size : 0;
    if (share < alignedShareWarnBelow)
      return warn(
        `Only ${percent(share)} of timestamps have a bar for every symbol: positions are marked at different times (mixed calendars or gaps), which blurs correlations and the portfolio's daily returns.`,
        share,
      );
    return pass(`${percent(share)} of timestamps have a bar for every symbol.`, share);
  }),

  rule("warning", "data-common-end", "Every symbol trades to the end", (context) => {
    if (context.bars.length < 2) return skip("Applies to universes of two or more symbols.");
    const ends = context.bars.map(
      (series) => series.timestampMs[series.timestampMs.length - 1] ?? -Infinity,
    );
    const latest = Math.max(...ends);
    const early = context.bars.filter(
      (_, index) => latest - ends[index]! > commonEndWarnDays * dayMs,
    );
    if (early.length > 0)
      return warn(
        `${symbolsText(early.map((series) => series.symbol))} ${early.length === 1 ? "stops" : "stop"} more than ${commonEndWarnDays} days before the others: a symbol that stopped trading (delisted, merged) needs its exit modelled, and a universe picked today silently drops such names.`,
        early.length,
      );
    return pass(`All symbols have bars within ${commonEndWarnDays} days of the last one.`, 0);
  }),

  rule("warning", "data-backtest-window", "The backtest window lies inside the data", (context) => {
    const { startMs, endMs } = context.input.options;
    const first = Math.min(...context.bars.map((series) => series.timestampMs[0] ?? Infinity));
    const last = Math.max(
      ...context.bars.map(
        (series) => series.timestampMs[series.timestampMs.length - 1] ?? -Infinity,
      ),
    );
    const problems: string[] = [];
    if (startMs !== null && startMs < first - windowToleranceDays * dayMs)
      problems.push(
        `it starts ${formatDate(startMs)}, before the first bar (${formatDate(first)})`,
      );
    if (endMs !== null && endMs > last + windowToleranceDays * dayMs)
      problems.push(`it ends ${formatDate(endMs)}, after the last bar (${formatDate(last)})`);
    if (startMs !== null && endMs !== null && endMs <= startMs)
      problems.push("it ends before it starts");
    if (problems.length > 0)
      return warn(
        `The backtest window does not match the data: ${problems.join("; ")}. The test covers less time than asked, so its statistics describe a shorter period.`,
      );
    return pass(
      `The window ${startMs === null ? "starts with the data" : `starts ${formatDate(startMs)}`} and ${endMs === null ? "ends with it" : `ends ${formatDate(endMs)}`}, inside the bars: the test covers the period asked for.`,
    );
  }),

  rule("info", "data-price-gaps", "Few large opening gaps", (context) => {
    const scans = scansOf(context);
    if (scans.length === 0) return skip("Needs bars.");
    const total = scans.reduce((sum, scan) => sum + scan.largeGaps, 0);
    if (total > 0) {
      const top = scans.reduce((best, scan) => (scan.largeGaps > best.largeGaps ? scan : best));
      return warn(
        `${plural(total, "bar")} open more than 20% away from the previous close (most in ${top.symbol}): gaps jump over stops, so stop fills and the drawdown they cap are only as good as the open price.`,
        total,
      );
    }
    return pass(
      "No bar opens more than 20% away from the previous close, so stops are not jumped over by large gaps.",
      0,
    );
  }),
];
