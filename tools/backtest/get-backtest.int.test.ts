import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { AlphadeskError } from "../errors.ts";
import type { Store } from "../ports/store.ts";
import { describeStoredBacktest } from "../replies/stored-backtest.ts";
import { runTool } from "../run-tool.ts";
import { backtestStrategy, type BacktestResult } from "./backtest-strategy.ts";
import { getBacktest } from "./get-backtest.ts";

type Stored = Omit<BacktestResult, "trades"> & {
  createdAt: string;
  newest: boolean;
  trades: (BacktestResult["trades"][number] & { return: number })[];
  tradeCount: { total: number; matching: number };
  tradesWanted: { sortBy: "exitTime" | "pnl" | "return"; order: "asc" | "desc"; limit: number };
  tradeStats: {
    perYear: number;
    averageBarsHeld: number;
    medianBarsHeld: number;
    longestBarsHeld: number;
    averageWin: number | null;
    averageLoss: number | null;
    payoffRatio: number | null;
    longestWinningStreak: number;
    longestLosingStreak: number;
    kellyFraction: number | null;
  };
  periodReturns: { months: PeriodReturn[]; years: PeriodReturn[] } | null;
};
type PeriodReturn = { period: string; return: number };

let store: Store;
let ran: BacktestResult;
const market = generateMarket({ symbols: ["GOOG", "QQQ"], years: 5, seed: 11 });

// A mean-reversion rule on two symbols: dozens of trades, winners and losers, in both.
const dips = {
  name: "RSI dip",
  universe: ["GOOG", "QQQ"],
  entry: { lt: [{ rsi: { period: 5 } }, 35] },
  exit: { gt: [{ rsi: { period: 5 } }, 55] },
  sizing: { fractionOfEquity: 0.5 },
};

beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
  ran = (await runTool(backtestStrategy, { spec: dips }, testContext(store))) as BacktestResult;
});
afterAll(() => store.close());

const get = async (input: unknown) =>
  (await runTool(getBacktest, input, testContext(store))) as Stored;

const refusal = async (input: unknown) => {
  try {
    await get(input);
  } catch (error) {
    if (error instanceof AlphadeskError) return error;
  }
  throw new Error("the input was accepted");
};

describe("get_backtest", () => {
  it("reads the backtest run last by default: its numbers, benchmarks and thinned curve, and its first 20 trades as they closed", async () => {
    expect(ran.trades.length).toBeGreaterThan(30);
    const shown = await get({});
    expect(shown).toMatchObject({
      id: ran.id,
      newest: true,
      strategyId: ran.strategyId,
      name: "RSI dip",
      initialCash: 100_000,
      metrics: ran.metrics,
      benchmarks: ran.benchmarks,
      tradeCount: { total: ran.trades.length, matching: ran.trades.length },
      tradesWanted: { sortBy: "exitTime", order: "asc", limit: 20 },
    });
    expect(shown.trades.map(({ return: _, ...trade }) => trade)).toEqual(ran.trades.slice(0, 20));
    // The curve keeps its ends and its extremes, in at most 500 points.
    expect(ran.equity.length).toBeGreaterThan(1000);
    expect(shown.equity.length).toBeLessThanOrEqual(500);
    expect(shown.equity[0]).toEqual(ran.equity[0]);
    expect(shown.equity.at(-1)).toEqual(ran.equity.at(-1));
    const values = (curve: { value: number }[]) => curve.map((point) => point.value);
    expect(Math.max(...values(shown.equity))).toBe(Math.max(...values(ran.equity)));
    expect(Math.min(...values(shown.equity))).toBe(Math.min(...values(ran.equity)));
    expect(describeStoredBacktest(shown)).toContain(
      `The first 20 of ${ran.trades.length} trades, as they closed:`,
    );
    // A model reads the numbers and the trades, not the curves.
    const brief = getBacktest.brief!.output.parse(getBacktest.brief!.from(shown as never));
    expect(JSON.stringify(brief)).not.toContain('"equity"');
    expect(brief).toMatchObject({ metrics: ran.metrics, trades: shown.trades });
  });

  it("ranks trades by P&L or by return, worst or best first, and narrows them to a symbol", async () => {
    const pnls = ran.trades.map((trade) => trade.pnl);
    const worst = await get({ id: ran.id, trades: { sortBy: "pnl", limit: 3 } });
    // Named by its id: no word of taking the newest.
    expect(worst.newest).toBe(false);
    expect(describeStoredBacktest(worst)).toMatch(/^Backtest /);
    expect(worst.trades[0]!.pnl).toBe(Math.min(...pnls));
    expect(worst.trades.map((trade) => trade.pnl)).toEqual(
      pnls.toSorted((a, b) => a - b).slice(0, 3),
    );
    const best = await get({ trades: { sortBy: "pnl", order: "desc", limit: 1 } });
    expect(best.trades[0]!.pnl).toBe(Math.max(...pnls));
    expect(describeStoredBacktest(best)).toContain(
      `The best of ${ran.trades.length} trades by P&L:`,
    );

    // A trade's return, by hand: net P&L over what its entry cost.
    const byReturn = await get({ trades: { sortBy: "return", order: "desc", limit: 1000 } });
    const returns = ran.trades.map((t) => t.pnl / (t.entryPrice * t.quantity));
    expect(byReturn.trades.map((trade) => trade.return)).toEqual(returns.toSorted((a, b) => b - a));
    // A chat reply lists 25 of them; the rest are in the file beside it.
    const reply = describeStoredBacktest(byReturn).split("\n");
    // None was named: it says it took the one run last, then the headline, the other metrics
    // and the trade statistics, wins against losses.
    expect(reply[0]).toBe("No backtest was named, so this is the one run last:");
    expect(reply[5]).toMatch(/^Wins average \+[\d,.]+, losses -[\d,.]+ \(payoff ratio /);
    expect(reply[6]).toBe(`All ${ran.trades.length} trades by return, best first:`);
    expect(reply.filter((line) => line.startsWith("- "))).toHaveLength(25);
    expect(reply.at(-1)).toBe(
      `… ${ran.trades.length - 25} more trades of those asked for: all ${ran.trades.length} are in trades-${ran.id.slice(0, 8)}.csv.`,
    );

    const inQqq = await get({ trades: { symbol: "QQQ", limit: 1000, order: "desc" } });
    const qqq = ran.trades.filter((trade) => trade.symbol === "QQQ");
    expect(qqq.length).toBeGreaterThan(0);
    expect(qqq.length).toBeLessThan(ran.trades.length);
    expect(inQqq.tradeCount).toEqual({ total: ran.trades.length, matching: qqq.length });
    expect(inQqq.trades.map((trade) => trade.exitTime)).toEqual(
      qqq.map((trade) => trade.exitTime).reverse(),
    );
    expect(describeStoredBacktest(inQqq)).toContain(`All ${qqq.length} QQQ trades, latest first:`);

    const numbersOnly = await get({ trades: { limit: 0 } });
    expect(numbersOnly.trades).toEqual([]);
    // The headline, the other metrics and the trade statistics (two lines), no trade.
    const numbers = describeStoredBacktest(numbersOnly).split("\n");
    expect(numbers).toHaveLength(6);
    expect(numbers[3]).toMatch(
      /^Also: volatility \d+\.\d\d%, Sortino -?\d+\.\d\d, Calmar -?\d+\.\d\d, profit factor \d+\.\d\d, expectancy [+-][\d,]+\.\d\d a trade, exposure \d+\.\d\d%, turnover \d+\.\d\d a year, longest drawdown \d+ days\.$/,
    );
  });

  it("names what is wrong with bad input, an unknown backtest or a symbol it never traded", async () => {
    const cases: [unknown, string, string][] = [
      [{ id: "42" }, "invalid_input", "a backtest id is the id backtest_strategy returned"],
      [{ trades: { limit: 1001 } }, "invalid_input", "trades.limit"],
      [{ trades: { limit: -1 } }, "invalid_input", "trades.limit"],
      [{ trades: { sortBy: "size" } }, "invalid_input", "trades.sortBy"],
      [{ trades: { symbol: "GO OG" } }, "invalid_input", "trades.symbol"],
      [{ returnsBy: "week" }, "invalid_input", "returnsBy"],
      [{ strategyId: ran.strategyId }, "invalid_input", "strategyId"],
      [
        { id: "00000000-0000-4000-8000-000000000000" },
        "not_found",
        "no backtest with id 00000000-0000-4000-8000-000000000000",
      ],
      [{ trades: { symbol: "SPY" } }, "not_found", "has no trade in SPY; it traded GOOG, QQQ"],
    ];
    for (const [input, code, message] of cases) {
      const error = await refusal(input);
      expect(error.code, JSON.stringify(input)).toBe(code);
      expect(error.message, JSON.stringify(input)).toContain(message);
    }
  });

  it("gives how often it trades and how long it holds, and its returns by month and year", async () => {
    const shown = await get({ returnsBy: "month", trades: { limit: 0 } });
    const held = ran.trades.map((trade) => trade.barsHeld).sort((a, b) => a - b);
    expect(shown.tradeStats.perYear).toBeCloseTo(ran.trades.length / ran.metrics.years, 12);
    expect(shown.tradeStats.averageBarsHeld).toBeCloseTo(
      held.reduce((a, b) => a + b, 0) / held.length,
      12,
    );
    expect(shown.tradeStats.longestBarsHeld).toBe(held.at(-1));
    // Wins and losses written out plainly, in the order the trades closed.
    const pnls = [...ran.trades]
      .sort((a, b) => Date.parse(a.exitTime) - Date.parse(b.exitTime))
      .map((trade) => trade.pnl);
    const wins = pnls.filter((pnl) => pnl > 0);
    const losses = pnls.filter((pnl) => pnl < 0);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(wins.length).toBeGreaterThan(0);
    expect(losses.length).toBeGreaterThan(0);
    expect(shown.tradeStats.averageWin).toBeCloseTo(mean(wins), 8);
    expect(shown.tradeStats.averageLoss).toBeCloseTo(mean(losses), 8);
    const payoff = mean(wins) / -mean(losses);
    expect(shown.tradeStats.payoffRatio).toBeCloseTo(payoff, 10);
    const won = wins.length / pnls.length;
    expect(shown.tradeStats.kellyFraction).toBeCloseTo(won - (1 - won) / payoff, 10);
    const streak = (sign: number) =>
      Math.max(
        ...pnls.map((_, i) => {
          let run = 0;
          while (i + run < pnls.length && Math.sign(pnls[i + run]!) === sign) run++;
          return run;
        }),
      );
    expect(shown.tradeStats.longestWinningStreak).toBe(streak(1));
    expect(shown.tradeStats.longestLosingStreak).toBe(streak(-1));
    const { months, years } = shown.periodReturns!;
    // Five years of bars: sixty months, and each year's months compound to the year's return,
    // the years to the backtest's total return (computed by the engine from the whole curve).
    expect(months).toHaveLength(60);
    expect(years.map((year) => year.period)).toEqual(
      ["2020", "2021", "2022", "2023", "2024"].slice(0, years.length),
    );
    for (const year of years) {
      const compounded = months
        .filter((month) => month.period.startsWith(year.period))
        .reduce((growth, month) => growth * (1 + month.return), 1);
      expect(compounded - 1).toBeCloseTo(year.return, 10);
    }
    const total = years.reduce((growth, year) => growth * (1 + year.return), 1) - 1;
    expect(total).toBeCloseTo(ran.metrics.totalReturn, 10);
    const words = describeStoredBacktest(shown);
    expect(words).toMatch(/Trades: \d+\.\d a year, held \d+\.\d bars on average/);
    expect(words).toContain("Returns by month and year (%):");
    const ranked = months.toSorted((a, b) => a.return - b.return);
    expect(words).toContain(
      `Best month: ${ranked.at(-1)!.period} +${(ranked.at(-1)!.return * 100).toFixed(1)}%; worst: ${ranked[0]!.period} ${(ranked[0]!.return * 100).toFixed(1)}%.`,
    );
    const byYear = await get({ returnsBy: "year", trades: { limit: 0 } });
    expect(byYear.periodReturns).toEqual({ months: [], years });
    expect(describeStoredBacktest(byYear)).toContain(`Returns by year: ${years[0]!.period} `);
    expect((await get({})).periodReturns).toBeNull();
  });

  it("says so when no backtest is stored yet", async () => {
    const empty = await createTestStore();
    try {
      const error = await runTool(getBacktest, {}, testContext(empty)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AlphadeskError);
      expect((error as AlphadeskError).message).toContain("no backtest is stored yet");
    } finally {
      await empty.close();
    }
  });
});
