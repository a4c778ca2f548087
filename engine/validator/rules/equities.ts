import { lowerBound } from "../../bars.ts";
import { fromDayNumber } from "../../calendar/civil-date.ts";
import { nyseEarlyCloses, nyseHolidays } from "../../calendar/nyse.ts";
import { sessionOn } from "../../calendar/sessions.ts";
import type { Trade } from "../../simulate/types.ts";
import type { BarSeries } from "../../types.ts";
import { patternDayTradeCount, patternDayTradeWindowDays } from "../analysis/day-trades.ts";
import { median } from "../analysis/numbers.ts";
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
  money,
  pass,
  percent,
  plural,
  ruleMaker,
  skip,
  symbolsText,
  warn,
} from "./helpers.ts";

const rule = ruleMaker("equities");

/** FINRA Rule 4210(f)(8)(B): a margin account under $25,000 may not be a pattern day trader. */
export const patternDayTraderEquity = 25_000;
/** SEC Rule 201 (alternative uptick rule): a 10% fall from the prior close restricts short sales. */
export const shortSaleRestrictionDrop = 0.1;
/** SEC Rule 3a51-1 defines penny stocks as trading under $5; under $1 exchanges start delisting. */
export const pennyStockPrice = 5;
export const subDollarPrice = 1;
/** An overnight gap above 8% in a stock is an event (earnings, guidance, deal news) more than drift. */
export const eventGap = 0.08;
/** Share of the net profit from event gaps beyond which the strategy is an event bet. */
export const eventProfitShareWarn = 0.5;

const what = "NYSE-listed equities";

/** Trading date of a bar: its UTC date for daily bars (stamped at 00:00 UTC), else its New York date. */
function tradingDay(context: ValidationContext, timeMs: number): number {
  return context.intraday ? newYorkClock(timeMs).day : utcDay(timeMs);
}

function equities(context: ValidationContext): { index: number; bars: BarSeries }[] | RuleOutcome {
  const indices = marketSymbols(context, "NYSE", what);
  if (isOutcome(indices)) return indices;
  return indices.map((index) => ({ index, bars: context.bars[index]! }));
}

function tradesOf(context: ValidationContext, symbols: Set<string>): Trade[] {
  return context.baseline.simulation.trades.filter((trade) => symbols.has(trade.symbol));
}

function countBars(
  list: { bars: BarSeries }[],
  test: (timeMs: number) => boolean,
): { count: number; first: number | null; symbols: string[] } {
  let count = 0;
  let first: number | null = null;
  const symbols = new Set<string>();
  for (const { bars } of list) {
    for (const time of bars.timestampMs) {
      if (!test(time)) continue;
      count++;
      symbols.add(bars.symbol);
      if (first === null || time < first) first = time;
    }
  }
  return { count, first, symbols: [...symbols] };
}

function insideRegularSession(timeMs: number): boolean {
  const session = sessionOn("NYSE", newYorkClock(timeMs).day);
  return session !== undefined && session.openMs <= timeMs && timeMs < session.closeMs;
}

export const equitiesRules: ValidationRule[] = [
  rule("warning", "equities-weekend-bars", "No equity bars on weekends", (context) => {
    const list = equities(context);
    if (isOutcome(list)) return list;
    const found = countBars(list, (time) => isWeekendDay(tradingDay(context, time)));
    if (found.count > 0)
      return fail(
        `${plural(found.count, "bar")} of ${symbolsText(found.symbols)} fall on a Saturday or Sunday (first ${formatTime(found.first!)}): US exchanges are closed then, so these prints are errors or mis-dated bars, and signals on them cannot be traded.`,
        found.count,
      );
    return pass(
      "No equity bar falls on a weekend: the bars follow the exchange's trading days.",
      0,
    );
  }),

  rule("warning", "equities-holiday-bars", "No equity bars on exchange holidays", (context) => {
    const list = equities(context);
    if (isOutcome(list)) return list;
    let holiday = "";
    const found = countBars(list, (time) => {
      const day = tradingDay(context, time);
      const name = nyseHolidays(fromDayNumber(day).year).get(day);
      if (name !== undefined && holiday === "") holiday = name;
      return name !== undefined;
    });
    if (found.count > 0)
      return fail(
        `${plural(found.count, "bar")} of ${symbolsText(found.symbols)} fall on NYSE holidays (${holiday}, first ${formatDate(found.first!)}): the exchange was closed, so these bars are vendor artefacts.`,
        found.count,
      );
    return pass(
      "No equity bar falls on an NYSE holiday: the bars follow the exchange's calendar.",
      0,
    );
  }),

  rule(
    "warning",
    "equities-session-hours",
    "Intraday equity bars within regular hours",
    (context) => {
      if (!context.intraday) return skip("Applies to intraday bars; these are daily.");
      const list = equities(context);
      if (isOutcome(list)) return list;
      const found = countBars(list, (time) => !insideRegularSession(time));
      if (found.count > 0)
        return warn(
          `${plural(found.count, "bar")} of ${symbolsText(found.symbols)} start outside 9:30-16:00 New York (first ${formatTime(found.first!)}): extended-hours prints are thin and wide, and a strategy acting on them trades at prices regular orders cannot get.`,
          found.count,
        );
      return pass("Every intraday equity bar lies within regular trading hours.", 0);
    },
  ),

  rule(
    "warning",
    "equities-fills-in-session",
    "Equity fills happen in regular hours",
    (context) => {
      if (!context.intraday)
        return skip("Applies to intraday bars; daily bars fill at the regular open.");
      const list = equities(context);
      if (isOutcome(list)) return list;
      const symbols = new Set(list.map(({ bars }) => bars.symbol));
      const outside = tradesOf(context, symbols).filter(
        (trade) =>
          !insideRegularSession(trade.entryTimeMs) || !insideRegularSession(trade.exitTimeMs),
      );
      if (outside.length > 0)
        return fail(
          `${plural(outside.length, "trade")} fill outside regular hours (first at ${formatTime(outside[0]!.entryTimeMs)}): most brokers take only limit orders then, and at a fraction of the regular liquidity.`,
          outside.length,
        );
      return pass("Every equity fill falls within regular trading hours.", 0);
    },
  ),

  rule("warning", "equities-early-closes", "No bars after an early close", (context) => {
    if (!context.intraday) return skip("Applies to intraday bars; these are daily.");
    const list = equities(context);
    if (isOutcome(list)) return list;
    const found = countBars(list, (time) => {
      const { day } = newYorkClock(time);
      if (!nyseEarlyCloses(fromDayNumber(day).year).has(day)) return false;
      const session = sessionOn("NYSE", day);
      return session !== undefined && time >= session.closeMs;
    });
    if (found.count > 0)
      return fail(
        `${plural(found.count, "bar")} fall after the 13:00 early close (first ${formatTime(found.first!)}): on those days the exchange is shut by then, so the bars are not real trading.`,
        found.count,
      );
    return pass("No equity bar falls after an early close.", 0);
  }),

  rule("critical", "equities-split-adjustment", "Prices are adjusted for splits", (context) => {
    const list = equities(context);
    if (isOutcome(list)) return list;
    const listed = (context.input.corporateActions ?? []).filter(
      (action) => action.kind === "split",
    );
    const jumps: { symbol: string; timeMs: number; ratio: number; listed: boolean }[] = [];
    for (const { index, bars } of list) {
      for (const jump of context.barScan(index).splitLikeJumps) {
        const isListed = listed.some(
          (action) =>
            action.symbol === bars.symbol && utcDay(action.exDateMs) === utcDay(jump.timeMs),
        );
        jumps.push({ symbol: bars.symbol, ...jump, listed: isListed });
      }
    }
    const unadjustedListed = jumps.filter((jump) => jump.listed);
    if (jumps.length > 0) {
      const first = unadjustedListed[0] ?? jumps[0]!;
      const ratioText =
        first.ratio >= 1 ? `${fixed(first.ratio, 1)}-for-1` : `1-for-${fixed(1 / first.ratio, 0)}`;
      return fail(
        `${plural(jumps.length, "price jump")} look like unadjusted splits (${first.symbol} on ${formatDate(first.timeMs)}, a ${ratioText} ratio${first.listed ? ", a listed split" : ""}): a split left in the prices is a fake crash or rally that signals and P&L take for real. Back-adjust the bars.`,
        jumps.length,
      );
    }
    return pass(
      `No jump at a split ratio in the equity prices${listed.length > 0 ? ` (${plural(listed.length, "listed split")} adjusted)` : ""}: no fake crash or rally from an unadjusted split.`,
      0,
    );
  }),

  rule("info", "equities-ex-date-trades", "Trades across ex-dates are known", (context) => {
    const list = equities(context);
    if (isOutcome(list)) return list;
    const actions = context.input.corporateActions;
    if (!actions)
      return skip("Needs the symbols' corporate actions (splits and dividends with ex-dates).");
    const symbols = new Set(list.map(({ bars }) => bars.symbol));
    const trades = tradesOf(context, symbols);
    const spanning = trades.filter((trade) =>
      actions.some(
        (action) =>
          action.symbol === trade.symbol &&
          action.exDateMs > trade.entryTimeMs &&
          action.exDateMs <= trade.exitTimeMs,
      ),
    );
    if (spanning.length > 0)
      return warn(
        `${plural(spanning.length, "trade")} of ${trades.length} are held across an ex-date: their P&L is right only if the bars are adjusted for that split or dividend (and dividends are paid to longs, charged to shorts).`,
        spanning.length,
      );
    return pass(
      `No trade is held across one of the ${plural(actions.length, "listed ex-date")}.`,
      0,
    );
  }),

  rule("warning", "equities-short-dividends", "Shorts do not ignore dividends", (context) => {
    const list = equities(context);
    if (isOutcome(list)) return list;
    if (context.spec.side !== "short")
      return skip("Applies to short strategies; this one is long.");
    const actions = (context.input.corporateActions ?? []).filter(
      (action) => action.kind === "dividend",
    );
    if (!context.input.corporateActions)
      return skip("Needs the symbols' corporate actions (dividend ex-dates).");
    const symbols = new Set(list.map(({ bars }) => bars.symbol));
    const owed = tradesOf(context, symbols).filter((trade) =>
      actions.some(
        (action) =>
          action.symbol === trade.symbol &&
          action.exDateMs > trade.entryTimeMs &&
          action.exDateMs <= trade.exitTimeMs,
      ),
    );
    if (owed.length > 0)
      return warn(
        `${plural(owed.length, "short trade")} are held across a dividend ex-date: the short seller pays the dividend, which a backtest on price alone does not charge.`,
        owed.length,
      );
    return pass("No short is held across a dividend ex-date.", 0);
  }),

  rule("warning", "equities-event-gaps", "Profit does not hinge on event gaps", (context) => {
    const list = equities(context);
    if (isOutcome(list)) return list;
    const { simulation, metrics } = context.baseline;
    const netProfit = metrics.finalEquity - context.input.options.initialCash;
    if (simulation.trades.length === 0 || !(netProfit > 0))
      return skip("Needs closed trades and a net profit.");
    const bySymbol = new Map(list.map(({ bars }) => [bars.symbol, bars]));
    let gapProfit = 0;
    let gaps = 0;
    for (const trade of simulation.trades) {
      const bars = bySymbol.get(trade.symbol);
      if (!bars) continue;
      const from = lowerBound(bars.timestampMs, trade.entryTimeMs) + 1;
      const to = lowerBound(bars.timestampMs, trade.exitTimeMs + 1);
      const direction = trade.side === "long" ? 1 : -1;
      for (let row = from; row < to; row++) {
        const move = bars.open[row]! - bars.close[row - 1]!;
        if (Math.abs(move / bars.close[row - 1]!) <= eventGap) continue;
        gaps++;
        gapProfit += direction * trade.quantity * move;
      }
    }
    const share = gapProfit / netProfit;
    if (share > eventProfitShareWarn)
      return warn(
        `${percent(share)} of the net profit comes from ${plural(gaps, "overnight gap")} over ${percent(eventGap, 0)} while holding (earnings, news): the strategy is a bet on events that bar rules cannot foresee.`,
        share,
      );
    return pass(
      `${percent(share)} of the net profit comes from overnight gaps over ${percent(eventGap, 0)} (${gaps} while holding): the edge does not hinge on news events.`,
      share,
    );
  }),

  rule(
    "critical",
    "equities-pattern-day-trader",
    "Day trading fits the account (FINRA PDT rule)",
    (context) => {
      const list = equities(context);
      if (isOutcome(list)) return list;
      const analysis = context.dayTrades;
      const equity = context.accountEquity;
      if (analysis.dayTrades === 0)
        return pass(
          "The strategy makes no equity day trades, so the pattern-day-trader rule cannot restrict it.",
          0,
        );
      if (equity >= patternDayTraderEquity)
        return pass(
          `The strategy makes ${plural(analysis.dayTrades, "day trade")} (at most ${analysis.worstWindowCount} in five business days); with ${money(equity)} the account is above FINRA's ${money(patternDayTraderEquity)} pattern-day-trader minimum.`,
          analysis.worstWindowCount,
        );
      if (analysis.patternWindows > 0)
        return fail(
          `${analysis.worstWindowCount} day trades within ${patternDayTradeWindowDays} business days (from ${formatDate(analysis.worstWindowStartDay! * dayMs)}) in a ${money(equity)} account: FINRA's pattern-day-trader rule (4 or more in 5 business days) needs ${money(patternDayTraderEquity)} of equity, so the broker would restrict the account and the strategy cannot run as tested.`,
          analysis.worstWindowCount,
        );
      return pass(
        `At most ${analysis.worstWindowCount} day trades in any ${patternDayTradeWindowDays} business days, under the ${patternDayTradeCount} that make a pattern day trader.`,
        analysis.worstWindowCount,
      );
    },
  ),

  rule("warning", "equities-short-borrow", "Shorts can be borrowed", (context) => {
    const list = equities(context);
    if (isOutcome(list)) return list;
    if (context.spec.side !== "short")
      return pass(
        "The strategy is long only: no shares need to be located, borrowed or paid for.",
        0,
      );
    const symbols = list.map(({ bars }) => bars.symbol);
    return warn(
      `The strategy sells short ${symbolsText(symbols)}: each short needs shares located and borrowed (Reg SHO), hard-to-borrow names charge fees and can be recalled, and none of that is in the backtest. Check availability and borrow rates before trading.`,
      symbols.length,
    );
  }),

  rule(
    "info",
    "equities-short-sale-restriction",
    "Shorts avoid restricted days (SEC Rule 201)",
    (context) => {
      const list = equities(context);
      if (isOutcome(list)) return list;
      if (context.spec.side !== "short")
        return skip("Applies to short strategies; this one is long.");
      const bySymbol = new Map(list.map(({ bars }) => [bars.symbol, bars]));
      let restricted = 0;
      for (const trade of context.baseline.simulation.trades) {
        const bars = bySymbol.get(trade.symbol);
        if (!bars) continue;
        const row = lowerBound(bars.timestampMs, trade.entryTimeMs);
        if (row < 2) continue;
        // A 10% fall from the prior close during day t-1 restricts short sales for the rest of it and day t.
        if (bars.low[row - 1]! <= (1 - shortSaleRestrictionDrop) * bars.close[row - 2]!)
          restricted++;
      }
      if (restricted > 0)
        return warn(
          `${plural(restricted, "short entry", "short entries")} follow a 10% intraday fall: SEC Rule 201 then lets shorts fill only above the best bid, so market-order fills at the open are optimistic.`,
          restricted,
        );
      return pass("No short entry follows a 10% fall.", 0);
    },
  ),

  rule("warning", "equities-penny-stocks", "No penny stocks", (context) => {
    const list = equities(context);
    if (isOutcome(list)) return list;
    let lowest = Infinity;
    let symbol = "";
    for (const { index, bars } of list) {
      const scan = context.barScan(index);
      if (scan.lowestClose < lowest) [lowest, symbol] = [scan.lowestClose, bars.symbol];
    }
    if (lowest < subDollarPrice)
      return fail(
        `${symbol} closes as low as $${fixed(lowest)}: sub-dollar stocks have spreads of several percent and face delisting, which bar data hides.`,
        lowest,
      );
    if (lowest < pennyStockPrice)
      return warn(
        `${symbol} closes as low as $${fixed(lowest)}, a penny stock under the SEC's $5 line: wide spreads and thin books make fills far worse than the bars.`,
        lowest,
      );
    return pass(
      `The lowest equity close is $${fixed(lowest)}, above the $5 penny-stock line: spreads and books are those of ordinary stocks.`,
      lowest,
    );
  }),

  rule("info", "equities-fractional-shares", "Positions are whole shares", (context) => {
    const list = equities(context);
    if (isOutcome(list)) return list;
    const symbols = new Set(list.map(({ bars }) => bars.symbol));
    const quantities = tradesOf(context, symbols).map(
      (trade) => trade.quantity * context.sizeScale,
    );
    const typical = median(quantities);
    if (typical === null) return skip("Needs closed equity trades.");
    if (typical < 1)
      return warn(
        `The median position ${`at ${money(context.accountEquity)}`} is ${fixed(typical, 3)} shares: it needs a broker that trades fractional shares, and rounding to whole shares changes the results.`,
        typical,
      );
    return pass(
      `The median position is ${fixed(typical, 0)} shares: rounding to whole shares changes little.`,
      typical,
    );
  }),
];
