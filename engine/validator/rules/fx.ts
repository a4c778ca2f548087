import { lowerBound } from "../../bars.ts";
import { sessionOn } from "../../calendar/sessions.ts";
import type { Trade } from "../../simulate/types.ts";
import type { BarSeries } from "../../types.ts";
import { median } from "../analysis/numbers.ts";
import { weekdayOf } from "../../calendar/civil-date.ts";
import {
  dayMs,
  formatDate,
  formatTime,
  isWeekendDay,
  newYorkClock,
  utcDay,
} from "../analysis/time.ts";
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

const rule = ruleMaker("fx");

/**
 * A realistic cost per side is half the spread: about a pip round trip on the majors at a
 * retail ECN broker (e.g. EUR/USD 0.1-1 pip plus commission). A pip is 0.01 for yen crosses,
 * 0.0001 otherwise.
 */
export const spreadPips = 1;
/** Weekend gaps: 2% is several days of a major's volatility at once, with no way to exit. */
export const weekendGapWarn = 0.02;
/** Share of profit from weekend gaps above which the edge is a weekend bet. */
export const weekendProfitShareWarn = 0.25;
/** Spreads widen around the 17:00 New York rollover: fills from 16:55 to 17:15 are dear. */
/** Entries at the Sunday open: about one in five is what a weekday-uniform strategy makes; more is a habit. */
export const sundayEntryShareWarn = 0.2;
export const rolloverWindowMinutes = { from: 16 * 60 + 55, to: 17 * 60 + 15 };

const what = "FX pairs";

function fxSeries(context: ValidationContext): { index: number; bars: BarSeries }[] | RuleOutcome {
  const indices = marketSymbols(context, "FX", what);
  if (isOutcome(indices)) return indices;
  return indices.map((index) => ({ index, bars: context.bars[index]! }));
}

/** Whether the FX market trades at an instant: Sunday 17:00 to Friday 17:00 New York. */
function fxOpen(timeMs: number): boolean {
  const { day } = newYorkClock(timeMs);
  for (const tradeDate of [day, day + 1]) {
    const session = sessionOn("FX", tradeDate);
    if (session && session.openMs <= timeMs && timeMs < session.closeMs) return true;
  }
  return false;
}

function pipSize(price: number): number {
  return price > 20 ? 0.01 : 0.0001;
}

interface WeekendHold {
  trade: Trade;
  /** Signed return of the position over the weekend gap (Friday close to the next open). */
  gapReturn: number;
  pnl: number;
}

function weekendHolds(context: ValidationContext, list: { bars: BarSeries }[]): WeekendHold[] {
  const bySymbol = new Map(list.map(({ bars }) => [bars.symbol, bars]));
  const holds: WeekendHold[] = [];
  for (const trade of context.baseline.simulation.trades) {
    const bars = bySymbol.get(trade.symbol);
    if (!bars) continue;
    const from = lowerBound(bars.timestampMs, trade.entryTimeMs) + 1;
    const to = lowerBound(bars.timestampMs, trade.exitTimeMs + 1);
    const direction = trade.side === "long" ? 1 : -1;
    for (let row = from; row < to; row++) {
      // A gap of more than a day and a half between bars spans a weekend (or a holiday).
      if (bars.timestampMs[row]! - bars.timestampMs[row - 1]! < 1.5 * dayMs) continue;
      const move = bars.open[row]! - bars.close[row - 1]!;
      holds.push({
        trade,
        gapReturn: (direction * move) / bars.close[row - 1]!,
        pnl: direction * trade.quantity * move,
      });
    }
  }
  return holds;
}

export const fxRules: ValidationRule[] = [
  rule("warning", "fx-weekend-bars", "No FX bars at the weekend", (context) => {
    const list = fxSeries(context);
    if (isOutcome(list)) return list;
    let count = 0;
    let first: number | null = null;
    const symbols = new Set<string>();
    for (const { bars } of list) {
      for (const time of bars.timestampMs) {
        const closed = context.intraday ? !fxOpen(time) : isWeekendDay(utcDay(time));
        if (!closed) continue;
        count++;
        symbols.add(bars.symbol);
        if (first === null || time < first) first = time;
      }
    }
    if (count > 0)
      return fail(
        `${plural(count, "bar")} of ${symbolsText([...symbols])} fall in the FX weekend (Friday 17:00 to Sunday 17:00 New York${context.intraday ? "" : "; daily bars are dated Monday to Friday"}), first ${formatTime(first!)}: the interbank market is shut, so these quotes are stale or synthetic and cannot be traded.`,
        count,
      );
    return pass("No FX bar falls in the weekend close (24/5 market).", 0);
  }),

  rule("warning", "fx-weekend-holding", "Weekend gaps are survivable", (context) => {
    const list = fxSeries(context);
    if (isOutcome(list)) return list;
    const holds = weekendHolds(context, list);
    if (holds.length === 0)
      return pass("No position is held over a weekend, so weekend gaps cannot hit it.", 0);
    const worst = holds.reduce((low, hold) => (hold.gapReturn < low.gapReturn ? hold : low));
    const text = `Positions are held over ${plural(holds.length, "weekend")}; the worst gap against a position is ${percent(-worst.gapReturn, 2)} (${worst.trade.symbol}, ${formatDate(worst.trade.entryTimeMs)} trade)`;
    if (-worst.gapReturn > weekendGapWarn)
      return warn(
        `${text}: from Friday's close to Sunday's open no stop can fill, so the loss lands all at once.`,
        -worst.gapReturn,
      );
    return pass(`${text}.`, -worst.gapReturn);
  }),

  rule("info", "fx-weekend-gap-dependence", "Profit does not come from weekend gaps", (context) => {
    const list = fxSeries(context);
    if (isOutcome(list)) return list;
    const holds = weekendHolds(context, list);
    const { metrics } = context.baseline;
    const netProfit = metrics.finalEquity - context.input.options.initialCash;
    if (holds.length === 0 || !(netProfit > 0))
      return skip("Needs positions held over weekends and a net profit.");
    const share = holds.reduce((sum, hold) => sum + hold.pnl, 0) / netProfit;
    if (share > weekendProfitShareWarn)
      return warn(
        `${percent(share)} of the net profit comes from weekend gaps: an edge that lives where prices jump without trading is fragile and hard to execute.`,
        share,
      );
    return pass(`${percent(share)} of the net profit comes from weekend gaps.`, share);
  }),

  rule("warning", "fx-pip-costs", "Costs cover a realistic spread", (context) => {
    const list = fxSeries(context);
    if (isOutcome(list)) return list;
    const { feeBps, slippageBps } = context.spec.costs;
    const perSide = feeBps + slippageBps;
    let needed = 0;
    let symbol = "";
    for (const { bars } of list) {
      const price = median(bars.close);
      if (price === null) continue;
      const halfSpreadBps = ((spreadPips / 2) * pipSize(price) * 1e4) / price;
      if (halfSpreadBps > needed) [needed, symbol] = [halfSpreadBps, bars.symbol];
    }
    if (symbol === "") return skip("Needs FX bars.");
    if (perSide === 0)
      return fail(
        `The spec charges no cost on FX, where every trade crosses a spread (about ${spreadPips} pip on ${symbol}, ${fixed(needed * 2, 2)} bps round trip): the backtest trades for free what costs money.`,
        0,
      );
    if (perSide < needed)
      return warn(
        `Costs of ${fixed(perSide, 2)} bps per side are below half a ${spreadPips}-pip spread on ${symbol} (${fixed(needed, 2)} bps): fills will cost more than tested.`,
        perSide,
      );
    return pass(
      `Costs of ${fixed(perSide, 2)} bps per side cover half a ${spreadPips}-pip spread on ${symbol} (${fixed(needed, 2)} bps).`,
      perSide,
    );
  }),

  rule("info", "fx-rollover-swaps", "Overnight financing is accounted for", (context) => {
    const list = fxSeries(context);
    if (isOutcome(list)) return list;
    const symbols = new Set(list.map(({ bars }) => bars.symbol));
    let nights = 0;
    for (const trade of context.baseline.simulation.trades) {
      if (!symbols.has(trade.symbol)) continue;
      // Each 17:00 New York passed while open is a rollover with a swap charged or paid.
      const start = newYorkClock(trade.entryTimeMs);
      const end = newYorkClock(trade.exitTimeMs);
      const rollovers =
        end.day - start.day + (end.minute >= 17 * 60 ? 1 : 0) - (start.minute >= 17 * 60 ? 1 : 0);
      nights += Math.max(0, rollovers);
    }
    if (nights > 0)
      return warn(
        `Positions cross the 17:00 New York rollover ${plural(nights, "time")}: each pays or earns the interest-rate differential (swap, tripled on Wednesdays), which the backtest does not include.`,
        nights,
      );
    return pass("No position is held through a rollover: no swaps are due.", 0);
  }),

  rule("warning", "fx-rollover-fills", "No fills in the rollover's wide spreads", (context) => {
    if (!context.intraday)
      return skip("Applies to intraday bars; daily FX bars fill at the session open.");
    const list = fxSeries(context);
    if (isOutcome(list)) return list;
    const symbols = new Set(list.map(({ bars }) => bars.symbol));
    const inWindow = (time: number) => {
      const { minute } = newYorkClock(time);
      return minute >= rolloverWindowMinutes.from && minute < rolloverWindowMinutes.to;
    };
    const fills = context.baseline.simulation.trades.filter(
      (trade) =>
        symbols.has(trade.symbol) && (inWindow(trade.entryTimeMs) || inWindow(trade.exitTimeMs)),
    ).length;
    if (fills > 0)
      return warn(
        `${plural(fills, "trade")} fill between 16:55 and 17:15 New York, when liquidity providers roll and spreads widen several-fold: modelled costs are too low for them.`,
        fills,
      );
    return pass("No fill falls in the rollover minutes.", 0);
  }),

  rule("info", "fx-sunday-open", "Entries avoid the thin Sunday open", (context) => {
    const list = fxSeries(context);
    if (isOutcome(list)) return list;
    const symbols = new Set(list.map(({ bars }) => bars.symbol));
    // Daily bars of Monday's trade date open Sunday 17:00 New York; intraday, Sunday fills are that open.
    const sunday = context.baseline.simulation.trades.filter((trade) => {
      if (!symbols.has(trade.symbol)) return false;
      return context.intraday
        ? weekdayOf(newYorkClock(trade.entryTimeMs).day) === 0
        : weekdayOf(utcDay(trade.entryTimeMs)) === 1;
    }).length;
    const trades = context.baseline.simulation.trades.filter((trade) =>
      symbols.has(trade.symbol),
    ).length;
    if (trades === 0) return skip("Needs FX trades.");
    const share = sunday / trades;
    if (share > sundayEntryShareWarn)
      return warn(
        `${percent(share)} of FX entries fill at the Sunday-evening open, when only Asia-Pacific dealers quote and spreads are wide.`,
        share,
      );
    return pass(`${percent(share)} of FX entries fill at the Sunday-evening open.`, share);
  }),
];
