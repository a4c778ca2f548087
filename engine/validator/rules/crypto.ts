import { dailyCoverage, intradayCoverage } from "../../calendar/coverage.ts";
import { weekdayOf } from "../../calendar/civil-date.ts";
import type { BarSeries } from "../../types.ts";
import { annualizedSharpe } from "../analysis/numbers.ts";
import { dayMs, formatDate, formatTime, hourMs, isWeekendDay, utcDay } from "../analysis/time.ts";
import type { ValidationContext } from "../context.ts";
import type { RuleOutcome, ValidationRule } from "../types.ts";
import {
  fail,
  fixed,
  isOutcome,
  marketSymbols,
  pass,
  percent,
  plural,
  ruleMaker,
  skip,
  symbolsText,
  warn,
} from "./helpers.ts";

const rule = ruleMaker("crypto");

/** Missing days of a 24/7 market: any is a data hole; over 1% the returns skip real moves. */
export const missingDaysFailAbove = 0.01;
/** A day without data is an outage (or a feed hole); two days is a serious one. */
export const outageWarnMs = 24 * hourMs;
export const outageFailMs = 48 * hourMs;
/** Taker fees at the large spot exchanges' base tier are 0.1% (Binance) or more (Coinbase). */
export const takerFeeBps = 10;
/** Bars spanning a quarter of their price: flash crashes, where stops fill far from their level. */
export const extremeRange = 0.25;
/** Weekend share of the net log growth above which the edge lives in the thin weekend market. */
export const weekendShareWarn = 0.5;

/** Two weeks of data hold four weekend days; shorter spans are not judged. */
export const weekendCheckSpanDays = 14;

const what = "crypto pairs";

function cryptoSeries(
  context: ValidationContext,
): { index: number; bars: BarSeries }[] | RuleOutcome {
  const indices = marketSymbols(context, "CRYPTO", what);
  if (isOutcome(indices)) return indices;
  return indices.map((index) => ({ index, bars: context.bars[index]! }));
}

export const cryptoRules: ValidationRule[] = [
  rule("warning", "crypto-missing-days", "Every day has data (24/7 market)", (context) => {
    const list = cryptoSeries(context);
    if (isOutcome(list)) return list;
    let worstShare = 0;
    let worst = { symbol: "", missing: [] as number[], days: 0 };
    for (const { bars } of list) {
      const times = bars.timestampMs;
      if (times.length < 2) continue;
      const missing = context.intraday
        ? intradayCoverage("CRYPTO", times, context.stepMs!).missingDays
        : dailyCoverage("CRYPTO", times).missingDays;
      const days = utcDay(times[times.length - 1]!) - utcDay(times[0]!) + 1;
      const share = missing.length / days;
      if (share >= worstShare)
        [worstShare, worst] = [share, { symbol: bars.symbol, missing, days }];
    }
    if (worst.symbol === "") return skip("Needs crypto bars.");
    if (worst.missing.length === 0)
      return pass("Every calendar day has bars, as a 24/7 market should.", 0);
    const text = `${worst.symbol} misses ${plural(worst.missing.length, "day")} of ${worst.days} (first ${formatDate(worst.missing[0]! * dayMs)}): crypto trades every day, so a missing day is a hole in the data that merges its move into the next bar`;
    if (worstShare > missingDaysFailAbove) return fail(`${text}.`, worstShare);
    return warn(`${text}.`, worstShare);
  }),

  rule("warning", "crypto-exchange-outages", "No long outages", (context) => {
    const list = cryptoSeries(context);
    if (isOutcome(list)) return list;
    const step = context.stepMs ?? dayMs;
    let longest = 0;
    let where = { symbol: "", endMs: 0 };
    for (const { index, bars } of list) {
      const scan = context.barScan(index);
      const hole = scan.longestGapMs - step;
      if (hole > longest)
        [longest, where] = [hole, { symbol: bars.symbol, endMs: scan.longestGapEndMs! }];
    }
    if (longest < outageWarnMs) return pass("No gap between bars exceeds a day.", longest / hourMs);
    const text = `${where.symbol} has no data for ${fixed(longest / hourMs, 0)} hours before ${formatTime(where.endMs)}: an exchange outage or feed hole; the backtest trades straight across it, which a live account stuck on a down exchange cannot`;
    if (longest >= outageFailMs) return fail(`${text}.`, longest / hourMs);
    return warn(`${text}.`, longest / hourMs);
  }),

  rule("warning", "crypto-weekend-coverage", "Weekends are in the data", (context) => {
    const list = cryptoSeries(context);
    if (isOutcome(list)) return list;
    const without = list.filter(({ bars }) => {
      const span =
        bars.timestampMs.length > 1
          ? bars.timestampMs[bars.timestampMs.length - 1]! - bars.timestampMs[0]!
          : 0;
      return (
        span > weekendCheckSpanDays * dayMs &&
        !Array.from(bars.timestampMs).some((time) => isWeekendDay(utcDay(time)))
      );
    });
    if (without.length > 0)
      return fail(
        `${symbolsText(without.map(({ bars }) => bars.symbol))} ${without.length === 1 ? "has" : "have"} no weekend bars: crypto trades Saturday and Sunday, so this series (a fund's or a stock exchange's calendar?) misses over a quarter of the market's moves.`,
        without.length,
      );
    return pass("Weekend days are present in the crypto data.", 0);
  }),

  rule("warning", "crypto-fees", "Costs cover exchange taker fees", (context) => {
    const list = cryptoSeries(context);
    if (isOutcome(list)) return list;
    const { feeBps, slippageBps } = context.spec.costs;
    const perSide = feeBps + slippageBps;
    if (perSide === 0)
      return fail(
        `The spec charges no cost on crypto, where base-tier taker fees alone are about ${takerFeeBps} bps per side.`,
        0,
      );
    if (perSide < takerFeeBps)
      return warn(
        `Costs of ${fixed(perSide, 1)} bps per side are below a base-tier taker fee of ${takerFeeBps} bps (before spread): the backtest pays less than a retail account would.`,
        perSide,
      );
    return pass(
      `Costs of ${fixed(perSide, 1)} bps per side cover a ${takerFeeBps} bps taker fee.`,
      perSide,
    );
  }),

  rule("info", "crypto-extreme-wicks", "Stops are not filled inside flash crashes", (context) => {
    const list = cryptoSeries(context);
    if (isOutcome(list)) return list;
    const spec = context.spec;
    if (!spec.stopLoss && !spec.trailingStop && !spec.takeProfit)
      return skip("Applies to strategies with stops or targets.");
    let count = 0;
    for (const { bars } of list)
      for (let row = 0; row < bars.close.length; row++)
        if ((bars.high[row]! - bars.low[row]!) / bars.close[row]! > extremeRange) count++;
    if (count > 0)
      return warn(
        `${plural(count, "bar")} span more than ${percent(extremeRange, 0)} of their price: in such flash crashes stops fill far beyond their level (or exchanges halt), so stop fills at the level are optimistic.`,
        count,
      );
    return pass(`No bar spans more than ${percent(extremeRange, 0)} of its price.`, 0);
  }),

  rule("info", "crypto-weekend-edge", "The edge is not only in weekend trading", (context) => {
    const list = cryptoSeries(context);
    if (isOutcome(list)) return list;
    const { returns, timestampMs } = context.daily;
    const weekend: number[] = [];
    const weekday: number[] = [];
    let weekendGrowth = 0;
    let totalGrowth = 0;
    returns.forEach((value, k) => {
      const day = weekdayOf(utcDay(timestampMs[k]!));
      const growth = Math.log1p(value);
      totalGrowth += growth;
      if (day === 0 || day === 6) {
        weekend.push(value);
        weekendGrowth += growth;
      } else weekday.push(value);
    });
    if (weekend.length < 20 || !(totalGrowth > 0))
      return skip("Needs 20 weekend days and a positive total return.");
    const share = weekendGrowth / totalGrowth;
    const text = `Weekends make ${percent(share)} of the growth (Sharpe ${fixed(annualizedSharpe(weekend))} on weekends, ${fixed(annualizedSharpe(weekday))} on weekdays)`;
    if (share > weekendShareWarn)
      return warn(
        `${text}: weekend books are thin, so fills there cost more than the bars suggest.`,
        share,
      );
    return pass(`${text}.`, share);
  }),
];
