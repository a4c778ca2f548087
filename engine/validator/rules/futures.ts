import { cmeSessionOn } from "../../calendar/cme.ts";
import {
  contractSpecs,
  contractsBetween,
  expiryDay,
  futuresRoots,
  parseContractCode,
  rollDay,
  type FuturesRoot,
} from "../../futures/contracts.ts";
import type { BarSeries } from "../../types.ts";
import { median } from "../analysis/numbers.ts";
import { formatDate, formatTime, newYorkClock, utcDay } from "../analysis/time.ts";
import type { ValidationContext } from "../context.ts";
import type { FuturesSymbol, RuleOutcome, ValidationRule } from "../types.ts";
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

const rule = ruleMaker("futures");

/** Rounding to whole contracts: 5% changes little; beyond 20% the traded risk differs a lot from the backtest's. */
export const roundingPass = 0.05;
export const roundingFail = 0.2;
/** The daily maintenance break, 16:00-17:00 Chicago, is 17:00-18:00 New York all year (engine/calendar/cme.ts). */
export const breakStartMinuteNewYork = 17 * 60;
export const breakEndMinuteNewYork = 18 * 60;

const what = "CME futures";

interface FuturesSeries {
  index: number;
  bars: BarSeries;
  meta: FuturesSymbol | undefined;
  root: FuturesRoot | null;
  /** Set when the symbol is one contract ("MESH25"). */
  contract: { year: number; month: number } | null;
}

function describeSymbol(symbol: string): Pick<FuturesSeries, "root" | "contract"> {
  if ((futuresRoots as readonly string[]).includes(symbol))
    return { root: symbol as FuturesRoot, contract: null };
  try {
    const { root, year, month } = parseContractCode(symbol);
    return { root, contract: { year, month } };
  } catch {
    return { root: null, contract: null };
  }
}

function futuresSeries(context: ValidationContext): FuturesSeries[] | RuleOutcome {
  const indices = marketSymbols(context, "CME", what);
  if (isOutcome(indices)) return indices;
  return indices.map((index) => {
    const bars = context.bars[index]!;
    return {
      index,
      bars,
      meta: context.input.futures?.find((entry) => entry.symbol === bars.symbol),
      ...describeSymbol(bars.symbol),
    };
  });
}

/** Whole contracts each trade held, at the account's size: engine quantity is in price units, so contracts = quantity / multiplier. */
function contractCounts(
  context: ValidationContext,
  list: FuturesSeries[],
): { symbol: string; contracts: number }[] | RuleOutcome {
  const multipliers = new Map<string, number>();
  for (const series of list)
    if (series.meta && series.meta.multiplier > 0)
      multipliers.set(series.bars.symbol, series.meta.multiplier);
  if (multipliers.size === 0)
    return skip("Needs each CME symbol's contract multiplier (futures[].multiplier).");
  const counts = context.baseline.simulation.trades
    .filter((trade) => multipliers.has(trade.symbol))
    .map((trade) => ({
      symbol: trade.symbol,
      contracts: (trade.quantity * context.sizeScale) / multipliers.get(trade.symbol)!,
    }));
  if (counts.length === 0) return skip("Needs closed futures trades.");
  return counts;
}

function inMaintenanceBreak(timeMs: number): boolean {
  const { minute } = newYorkClock(timeMs);
  return minute >= breakStartMinuteNewYork && minute < breakEndMinuteNewYork;
}

export const futuresRules: ValidationRule[] = [
  rule("warning", "futures-metadata", "Every futures symbol has its contract terms", (context) => {
    const list = futuresSeries(context);
    if (isOutcome(list)) return list;
    const missing = list.filter((series) => !series.meta);
    if (missing.length > 0)
      return fail(
        `${symbolsText(missing.map((series) => series.bars.symbol))} ${missing.length === 1 ? "has" : "have"} no multiplier or roll information (futures[]): contract counts, dollar P&L and roll handling cannot be checked.`,
        missing.length,
      );
    return pass(
      `All ${plural(list.length, "futures symbol")} have a multiplier and a continuity flag.`,
      0,
    );
  }),

  rule(
    "warning",
    "futures-multiplier-matches",
    "Multipliers match the exchange's contract",
    (context) => {
      const list = futuresSeries(context);
      if (isOutcome(list)) return list;
      const checked = list.filter((series) => series.meta && series.root);
      if (checked.length === 0)
        return skip(
          "Needs futures symbols named by a micro root or contract code (MES, MESH25) with their multiplier.",
        );
      const wrong = checked.filter(
        (series) => series.meta!.multiplier !== contractSpecs[series.root!].pointValue,
      );
      if (wrong.length > 0) {
        const first = wrong[0]!;
        return fail(
          `${first.bars.symbol} is given a multiplier of ${first.meta!.multiplier}, but one ${contractSpecs[first.root!].name} contract is worth $${contractSpecs[first.root!].pointValue} per point: position sizes and dollar P&L are off by ${fixed(first.meta!.multiplier / contractSpecs[first.root!].pointValue, 1)}×.`,
          first.meta!.multiplier,
        );
      }
      return pass(
        `Multipliers match the exchange's point values for ${plural(checked.length, "symbol")}.`,
        0,
      );
    },
  ),

  rule(
    "critical",
    "futures-below-one-contract",
    "Positions are at least one contract",
    (context) => {
      const list = futuresSeries(context);
      if (isOutcome(list)) return list;
      const counts = contractCounts(context, list);
      if (isOutcome(counts)) return counts;
      const smallest = counts.reduce((low, count) =>
        count.contracts < low.contracts ? count : low,
      );
      if (smallest.contracts < 1)
        return fail(
          `At ${money(context.accountEquity)}, the smallest position in ${smallest.symbol} is ${fixed(smallest.contracts, 2)} contracts: less than one contract cannot be traded, so the account is too small for this sizing (or the trade would be skipped).`,
          smallest.contracts,
        );
      return pass(
        `At ${money(context.accountEquity)}, every position is at least one contract (smallest ${fixed(smallest.contracts, 2)}).`,
        smallest.contracts,
      );
    },
  ),

  rule(
    "warning",
    "futures-fractional-contracts",
    "Whole contracts match the tested size",
    (context) => {
      const list = futuresSeries(context);
      if (isOutcome(list)) return list;
      const counts = contractCounts(context, list);
      if (isOutcome(counts)) return counts;
      const errors = counts.map(({ contracts }) => {
        const whole = Math.max(1, Math.round(contracts));
        return Math.abs(whole - contracts) / contracts;
      });
      const typical = median(errors)!;
      const example = counts[errors.indexOf(Math.max(...errors))]!;
      const text = `Positions are fractional contracts (e.g. ${fixed(example.contracts, 2)} of ${example.symbol}); rounding to whole contracts changes the median position by ${percent(typical)}`;
      if (typical > roundingFail)
        return fail(
          `${text}: the traded risk differs a lot from the backtest's. Size in whole contracts, or trade a larger account.`,
          typical,
        );
      if (typical > roundingPass)
        return warn(`${text}: results will differ noticeably from the backtest.`, typical);
      return pass(`${text}, a small difference.`, typical);
    },
  ),

  rule("critical", "futures-past-expiry", "No contract used past its expiry", (context) => {
    const list = futuresSeries(context);
    if (isOutcome(list)) return list;
    const contracts = list.filter((series) => series.contract && series.root);
    if (contracts.length === 0)
      return skip(
        "Applies to single contracts named by code (MESH25); the futures here are continuous or unnamed.",
      );
    const late: string[] = [];
    let example = "";
    for (const series of contracts) {
      const last = expiryDay(series.root!, series.contract!.year, series.contract!.month);
      const times = series.bars.timestampMs;
      const lastBar = times[times.length - 1]!;
      const openTrades = context.baseline.simulation.openPositions.filter(
        (position) => position.symbol === series.bars.symbol,
      );
      if (utcDay(lastBar) > last || openTrades.length > 0) {
        late.push(series.bars.symbol);
        example ||= `${series.bars.symbol} expires ${formatDate(last * 86_400_000)}${utcDay(lastBar) > last ? ` but has bars to ${formatDate(lastBar)}` : " with a position still open"}`;
      }
    }
    if (late.length > 0)
      return fail(
        `${example}: after the last trading day the contract settles, so prices and positions beyond it are impossible.`,
        late.length,
      );
    return pass(
      `No contract has bars or positions after its last trading day (${plural(contracts.length, "contract")}).`,
      0,
    );
  }),

  rule(
    "critical",
    "futures-raw-series-rolls",
    "No raw front-month series across rolls",
    (context) => {
      const list = futuresSeries(context);
      if (isOutcome(list)) return list;
      const raw = list.filter(
        (series) => series.meta && !series.meta.continuous && !series.contract && series.root,
      );
      if (raw.length === 0)
        return pass("Futures series are back-adjusted across rolls or single contracts.", 0);
      let held = 0;
      let rolls = 0;
      for (const series of raw) {
        const times = series.bars.timestampMs;
        const schedule = contractsBetween(
          series.root!,
          utcDay(times[0]!),
          utcDay(times[times.length - 1]!),
        );
        const rollDays = schedule.slice(1).map((span) => span.fromDay);
        rolls += rollDays.length;
        for (const trade of context.baseline.simulation.trades) {
          if (trade.symbol !== series.bars.symbol) continue;
          if (
            rollDays.some(
              (day) => day > utcDay(trade.entryTimeMs) && day <= utcDay(trade.exitTimeMs),
            )
          )
            held++;
        }
      }
      const symbols = symbolsText(raw.map((series) => series.bars.symbol));
      if (held > 0)
        return fail(
          `${symbols} ${raw.length === 1 ? "is a raw series" : "are raw series"} spanning ${plural(rolls, "roll")}, and ${plural(held, "trade")} are held across one: the price gap between the old and the new contract shows up as a fake gain or loss.`,
          held,
        );
      return warn(
        `${symbols} ${raw.length === 1 ? "is a raw series" : "are raw series"} spanning ${plural(rolls, "roll")}: no trade was held across one, but indicators still see the roll gaps as moves. Use a back-adjusted continuous series.`,
        rolls,
      );
    },
  ),

  rule("warning", "futures-held-past-roll", "Contracts are rolled on time", (context) => {
    const list = futuresSeries(context);
    if (isOutcome(list)) return list;
    const contracts = list.filter((series) => series.contract && series.root);
    if (contracts.length === 0) return skip("Applies to single contracts named by code (MESH25).");
    const late = context.baseline.simulation.trades.filter((trade) => {
      const series = contracts.find((each) => each.bars.symbol === trade.symbol);
      if (!series) return false;
      return (
        utcDay(trade.exitTimeMs) >
        rollDay(series.root!, series.contract!.year, series.contract!.month)
      );
    });
    if (late.length > 0)
      return warn(
        `${plural(late.length, "trade")} stay in a contract after its roll day (first ${late[0]!.symbol} to ${formatDate(late[0]!.exitTimeMs)}): liquidity has moved to the next contract, so spreads widen and fills worsen toward expiry.`,
        late.length,
      );
    return pass("No trade stays in a contract after its roll day.", 0);
  }),

  rule("info", "futures-back-month", "Trades are in the front contract", (context) => {
    const list = futuresSeries(context);
    if (isOutcome(list)) return list;
    const contracts = list.filter((series) => series.contract && series.root);
    if (contracts.length === 0) return skip("Applies to single contracts named by code (MESH25).");
    const early = context.baseline.simulation.trades.filter((trade) => {
      const series = contracts.find((each) => each.bars.symbol === trade.symbol);
      if (!series) return false;
      const day = utcDay(trade.entryTimeMs);
      const schedule = contractsBetween(series.root!, day, day);
      return schedule[0] !== undefined && schedule[0].code !== trade.symbol;
    });
    if (early.length > 0)
      return warn(
        `${plural(early.length, "trade")} enter a contract before it is the front month: deferred contracts trade a fraction of the front's volume.`,
        early.length,
      );
    return pass("Every trade enters the contract while it is the front month.", 0);
  }),

  rule(
    "warning",
    "futures-maintenance-break",
    "No bars or fills in the daily maintenance break",
    (context) => {
      const list = futuresSeries(context);
      if (isOutcome(list)) return list;
      let bars = 0;
      let first: number | null = null;
      for (const series of list)
        for (const time of series.bars.timestampMs)
          if (inMaintenanceBreak(time)) {
            bars++;
            if (first === null || time < first) first = time;
          }
      const symbols = new Set(list.map((series) => series.bars.symbol));
      const fills = context.baseline.simulation.trades.filter(
        (trade) =>
          symbols.has(trade.symbol) &&
          (inMaintenanceBreak(trade.entryTimeMs) || inMaintenanceBreak(trade.exitTimeMs)),
      ).length;
      if (bars + fills > 0)
        return fail(
          `${plural(bars, "bar")} and ${plural(fills, "fill")} fall in CME Globex's daily maintenance break, 16:00-17:00 Chicago (first ${formatTime(first ?? 0)}): nothing trades then, so these are mis-stamped bars (often a time-zone error) and fills that could not happen.`,
          bars + fills,
        );
      return pass("No futures bar or fill falls in the 16:00-17:00 Chicago maintenance break.", 0);
    },
  ),

  rule("warning", "futures-holiday-halts", "No bars after a holiday halt", (context) => {
    if (!context.intraday) return skip("Applies to intraday bars; these are daily.");
    const list = futuresSeries(context);
    if (isOutcome(list)) return list;
    let count = 0;
    let first: number | null = null;
    for (const series of list) {
      for (const time of series.bars.timestampMs) {
        const { day } = newYorkClock(time);
        for (const tradeDate of [day, day + 1]) {
          const session = cmeSessionOn(tradeDate);
          // An early-close session halts at noon (or 12:15) Chicago; its next session opens at 17:00.
          if (
            session?.earlyClose &&
            time >= session.closeMs &&
            time < session.closeMs + 4 * 3_600_000
          ) {
            count++;
            if (first === null || time < first) first = time;
          }
        }
      }
    }
    if (count > 0)
      return fail(
        `${plural(count, "bar")} fall after a holiday halt (first ${formatTime(first!)}): Globex stops early on US holidays, so these bars are not trading.`,
        count,
      );
    return pass("No futures bar falls in a holiday halt.", 0);
  }),
];
