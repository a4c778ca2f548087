import { beforeAll, describe, expect, it } from "vitest";
import { backAdjust } from "../../engine/adjust/corporate-actions.ts";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { chartsForResult } from "../charts/charts-for-result.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import type { TimeChartSpec } from "../ports/chart-renderer.ts";
import { runTool } from "../run-tool.ts";
import { canonicalJson } from "../strategy/spec-schema.ts";
import { backtestStrategy } from "./backtest-strategy.ts";
import { getBacktest } from "./get-backtest.ts";
import { referenceSmaCrossover } from "./reference-backtest.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";

const example = issueExampleSpec;

interface Result {
  id: string;
  strategyId: string;
  metrics: Record<string, number | null>;
  trades: {
    entryTime: string;
    entryPrice: number;
    exitTime: string;
    exitPrice: number;
    quantity: number;
    pnl: number;
    exitReason: string;
  }[];
  equity: { time: string; value: number }[];
  openPositions: unknown[];
  benchmarks: Record<
    string,
    { metrics: { finalEquity: number }; equity: { time: string; value: number }[] } | undefined
  >;
  warnings: string[];
}

let store: Store;
const market = generateMarket({ symbols: ["GOOG", "SPY"], years: 6, seed: 5 });
const goog = market.bars[0]!;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", [goog]);
});

const run = async (input: unknown, on: Store = store) =>
  (await runTool(backtestStrategy, input, testContext(on))) as Result;

describe("backtest_strategy on the issue's example spec", () => {
  it("accepts the spec and reproduces a naive second implementation trade by trade", async () => {
    const result = await run({ spec: example });
    const reference = referenceSmaCrossover(
      Array.from(goog.open),
      Array.from(goog.close),
      20,
      50,
      1,
      100_000,
    );
    expect(reference.trades.length).toBeGreaterThan(5);
    expect(result.trades).toHaveLength(reference.trades.length);
    result.trades.forEach((trade, k) => {
      const expected = reference.trades[k]!;
      expect(trade.entryTime).toBe(iso(goog.timestampMs[expected.entryIndex]!));
      expect(trade.exitTime).toBe(iso(goog.timestampMs[expected.exitIndex]!));
      expect(trade.entryPrice).toBe(expected.entryPrice);
      expect(trade.exitPrice).toBe(expected.exitPrice);
      expect(trade.quantity).toBeCloseTo(expected.quantity, 6);
      expect(trade.pnl / expected.pnl).toBeCloseTo(1, 9);
      expect(trade.exitReason).toBe("signal");
    });
    expect(result.equity).toHaveLength(goog.close.length);
    result.equity.forEach((point, t) =>
      expect(point.value / reference.equity[t]!).toBeCloseTo(1, 10),
    );
    expect(result.metrics.finalEquity! / reference.equity.at(-1)!).toBeCloseTo(1, 10);
    expect(result.metrics.trades).toBe(reference.trades.length);
  });

  it("computes Sharpe and drawdown as the README defines them", async () => {
    const result = await run({ spec: example });
    const values = result.equity.map((point) => point.value);
    const returns = values.slice(1).map((value, t) => value / values[t]! - 1);
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const std = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
    expect(result.metrics.sharpe).toBeCloseTo((mean / std) * Math.sqrt(252), 10);
    let peak = 100_000;
    let worst = 0;
    for (const value of values) {
      peak = Math.max(peak, value);
      worst = Math.max(worst, 1 - value / peak);
    }
    expect(result.metrics.maxDrawdown).toBeCloseTo(worst, 12);
  });

  it("benchmarks buy and hold by hand: all in at the second bar's open, marked at the last close", async () => {
    const result = await run({ spec: example });
    const quantity = 100_000 / (goog.open[1]! * (1 + 1e-4));
    const final = quantity * goog.close.at(-1)!;
    expect(result.benchmarks.buyAndHold!.metrics.finalEquity / final).toBeCloseTo(1, 12);
    expect(result.benchmarks.sma50_200).toBeDefined();
    expect(result.benchmarks.spy).toBeUndefined();
    // Their curves, thinned for drawing, end where their metrics do and are drawn beside ours.
    const curve = result.benchmarks.buyAndHold!.equity;
    expect(curve.length).toBeLessThanOrEqual(500);
    expect(curve.at(-1)!.value / final).toBeCloseTo(1, 12);
    expect(curve.at(-1)!.time).toBe(result.equity.at(-1)!.time);
    const [chart] = chartsForResult("backtest_strategy", result) as TimeChartSpec[];
    expect(chart!.series.map((series) => series.name)).toEqual([
      "Strategy",
      "Buy and hold (equal weight)",
      "SMA 50/200 trend (equal weight)",
    ]);
  });

  it("adds the SPY benchmark when SPY bars are stored, adjusted for its corporate actions", async () => {
    const withSpy = await createTestStore();
    await withSpy.writeBars("1d", market.bars);
    // This market plants a split in SPY; the benchmark must see adjusted prices, not a crash.
    expect(market.corporateActions.some((action) => action.symbol === "SPY")).toBe(true);
    await withSpy.writeCorporateActions(market.corporateActions);
    const result = await run({ spec: example }, withSpy);
    const spy = backAdjust(
      market.bars[1]!,
      market.corporateActions.filter((action) => action.symbol === "SPY"),
    );
    const final = (100_000 / (spy.open[1]! * (1 + 1e-4))) * spy.close.at(-1)!;
    expect(result.benchmarks.spy!.metrics.finalEquity / final).toBeCloseTo(1, 12);
    // Trading SPY alone, buy and hold of the universe is that benchmark already.
    const onSpy = await run({ spec: { ...example, universe: ["SPY"] } }, withSpy);
    expect(onSpy.benchmarks.buyAndHold!.metrics.finalEquity / final).toBeCloseTo(1, 12);
    expect(onSpy.benchmarks.spy).toBeUndefined();
    await withSpy.close();
  });

  it("stores the strategy under its content hash and the run under its id", async () => {
    const result = await run({ spec: example });
    const reordered = await run({ spec: Object.fromEntries(Object.entries(example).reverse()) });
    expect(reordered.strategyId).toBe(result.strategyId);
    const stored = await store.requestBacktest(result.id);
    expect(stored!.metrics).toEqual(result.metrics);
    expect(stored!.strategyId).toBe(result.strategyId);
    const strategy = await store.requestStrategy(result.strategyId);
    expect(canonicalJson(strategy!.spec)).toContain('"crossAbove"');
  });
});

describe("backtest_strategy returns by period", () => {
  it("gives each month's and year's return, which compound to the total and match get_backtest's", async () => {
    const result = (await run({
      spec: example,
      start: "2021-03-15",
      returnsBy: "month",
    })) as Result & {
      periodReturns: {
        months: { period: string; return: number }[];
        years: { period: string; return: number }[];
      };
    };
    const { months, years } = result.periodReturns;
    expect(months[0]!.period).toBe("2021-03");
    expect(years.map(({ period }) => period)).toEqual(["2021", "2022", "2023", "2024", "2025"]);
    const compound = (periods: { return: number }[]) =>
      periods.reduce((value, period) => value * (1 + period.return), 1) - 1;
    expect(compound(months)).toBeCloseTo(result.metrics.totalReturn!, 10);
    expect(compound(years)).toBeCloseTo(result.metrics.totalReturn!, 10);
    // By hand, from the equity curve: the last close of June 2022 over the last of May.
    const lastOf = (month: string) =>
      result.equity.filter(({ time }) => time.startsWith(month)).at(-1)!.value;
    expect(months.find(({ period }) => period === "2022-06")!.return).toBeCloseTo(
      lastOf("2022-06") / lastOf("2022-05") - 1,
      12,
    );
    const stored = (await runTool(
      getBacktest,
      { id: result.id, returnsBy: "month" },
      testContext(store),
    )) as {
      periodReturns: unknown;
    };
    expect(stored.periodReturns).toEqual(result.periodReturns);
    const byYear = (await run({ spec: example, returnsBy: "year" })) as Result & {
      periodReturns: { months: unknown[] };
    };
    expect(byYear.periodReturns.months).toEqual([]);
    expect(await run({ spec: example })).not.toHaveProperty("periodReturns");
    await expect(run({ spec: example, returnsBy: "week" })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});

describe("backtest_strategy periods, sides and exits", () => {
  it("warms indicators up on bars before `start` and trades only inside the period", async () => {
    const start = iso(goog.timestampMs[400]!).slice(0, 10);
    const end = iso(goog.timestampMs[900]!).slice(0, 10);
    const result = await run({ spec: example, start, end });
    expect(result.equity[0]!.time).toBe(iso(goog.timestampMs[400]!));
    expect(result.equity.at(-1)!.time).toBe(iso(goog.timestampMs[900]!));
    for (const trade of result.trades) {
      expect(trade.entryTime >= result.equity[0]!.time).toBe(true);
      expect(trade.exitTime <= result.equity.at(-1)!.time).toBe(true);
    }
  });

  it("runs a short RSI strategy with a stop, a target and a time exit", async () => {
    const spec = {
      ...example,
      name: "RSI fade",
      side: "short",
      entry: { gt: [{ rsi: { period: 14 } }, 65] },
      exit: { lt: [{ rsi: { period: 14 } }, 45] },
      stopLoss: { percent: 4 },
      takeProfit: { atrMultiple: 3 },
      timeExit: { bars: 15 },
    };
    const result = await run({ spec });
    expect(result.trades.length).toBeGreaterThan(5);
    const reasons = new Set(result.trades.map((trade) => trade.exitReason));
    expect(
      [...reasons].every((reason) =>
        ["signal", "stopLoss", "takeProfit", "timeExit"].includes(reason),
      ),
    ).toBe(true);
    for (const trade of result.trades.filter((t) => t.exitReason === "stopLoss")) {
      expect(trade.exitPrice).toBeGreaterThanOrEqual(trade.entryPrice * 1.04 - 1e-9);
    }
  });

  it("says which rule no price can change: a 20/20 crossover, an RSI below 130", async () => {
    const sma = { sma: { period: 20 } };
    const flat = await run({
      spec: { ...example, entry: { crossAbove: [sma, sma] }, exit: { crossBelow: [sma, sma] } },
    });
    expect(flat.metrics.trades).toBe(0);
    expect(flat.warnings[0]).toBe(
      "entry: SMA(20) crosses above SMA(20) compares a line with itself, so it is never true.",
    );
    const always = await run({
      spec: { ...example, entry: { lt: [{ rsi: { period: 14 } }, 130] } },
    });
    expect(always.warnings).toContain(
      "entry: RSI(14) < 130 is always true: RSI runs from 0 to 100.",
    );
  });

  it("says when no costs are charged, and not when any are", async () => {
    const free = await run({ spec: { ...example, costs: { feeBps: 0, slippageBps: 0 } } });
    expect(free.metrics.trades).toBeGreaterThan(0);
    expect(free.warnings.join(" ")).toMatch(/No fees or slippage are charged/);
    const charged = await run({ spec: { ...example, costs: { feeBps: 0, slippageBps: 2 } } });
    expect(charged.warnings.join(" ")).not.toMatch(/No fees or slippage/);
  });

  it("says when the stored bars do not reach the period asked for, and not when they do", async () => {
    const [first, last] = [goog.timestampMs[0]!, goog.timestampMs[goog.timestampMs.length - 1]!];
    const day = (ms: number) => iso(ms).slice(0, 10);
    const yearMs = 365 * 86_400_000;
    const wide = await run({ spec: example, start: iso(first - yearMs), end: iso(last + yearMs) });
    expect(wide.warnings).toContain(
      `The stored bars begin on ${day(first)}, after the start asked for (${day(first - yearMs)}): the backtest covers ${day(first)} to ${day(last)}. Older bars come with fetch_bars (or import_bars).`,
    );
    expect(wide.warnings).toContain(
      `The stored bars end on ${day(last)}, before the end asked for (${day(last + yearMs)}): newer bars come with fetch_bars (or import_bars).`,
    );
    // A start alone runs to now, here a year past the newest bar.
    const later = { ...testContext(store), clock: { nowMs: () => last + yearMs } };
    const since = (await runTool(
      backtestStrategy,
      { spec: example, start: iso(last - yearMs) },
      later,
    )) as Result;
    expect(since.warnings.join(" ")).toContain(
      `The stored bars end on ${day(last)}, before the end asked for (now)`,
    );
    // Within the bars, or a weekend off them: nothing said; no period at all: nothing either.
    const inside = await run({ spec: example, start: iso(first - 3 * 86_400_000), end: iso(last) });
    const all = await run({ spec: example });
    for (const result of [inside, all])
      expect(result.warnings.join(" ")).not.toMatch(/The stored bars (begin|end)/);
  });

  it("says so when the entry never fires", async () => {
    const result = await run({ spec: { ...example, entry: { gt: ["close", 1e9] } } });
    expect(result.metrics.trades).toBe(0);
    expect(result.warnings.join(" ")).toMatch(/never opened a position/);
  });
});

describe("backtest_strategy across corporate actions", () => {
  it("sees no fake crash on a split date once the split is stored", async () => {
    // Raw bars rising 0.1% a day, with a 4-for-1 split on day 60: raw prices quarter there.
    const days = 120;
    const rows = Array.from({ length: days }, (_, t) => {
      const price = 100 * 1.001 ** t * (t >= 60 ? 0.25 : 1);
      return [price, price * 1.002, price * 0.998, price] as const;
    });
    const start = Date.UTC(2024, 0, 1, 21);
    const bars = {
      symbol: "SPLT",
      timestampMs: Float64Array.from(rows, (_, t) => start + t * 86_400_000),
      open: Float64Array.from(rows, (row) => row[0]),
      high: Float64Array.from(rows, (row) => row[1]),
      low: Float64Array.from(rows, (row) => row[2]),
      close: Float64Array.from(rows, (row) => row[3]),
      volume: Float64Array.from(rows, () => 1000),
    };
    const own = await createTestStore();
    await own.writeBars("1d", [bars]);
    const hold = { name: "hold", universe: ["SPLT"], entry: true };
    const unadjusted = await run({ spec: hold }, own);
    expect(unadjusted.metrics.totalReturn).toBeLessThan(-0.7);

    await own.writeCorporateActions([
      { symbol: "SPLT", kind: "split", exDateMs: Date.UTC(2024, 0, 1) + 60 * 86_400_000, ratio: 4 },
    ]);
    const adjusted = await run({ spec: hold }, own);
    // Bought at bar 1's open and held to the last close; the split cancels out: 1.001^118 - 1.
    expect(adjusted.metrics.totalReturn).toBeCloseTo(1.001 ** (days - 2) - 1, 9);
    expect(adjusted.metrics.maxDrawdown).toBeCloseTo(0, 9);
    await own.close();
  });
});

describe("backtest_strategy refuses what it cannot do", () => {
  it("backtests a stored strategy again by its id, as its spec would run", async () => {
    const first = await run({ spec: example, start: "2022-01-01" });
    const again = await run({ strategyId: first.strategyId, start: "2022-01-01" });
    expect(again.strategyId).toBe(first.strategyId);
    expect(again.metrics).toEqual(first.metrics);
    expect(again.id).not.toBe(first.id);
    await expect(run({ strategyId: "0".repeat(64) })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/^no strategy 0{64}; .*list_strategies/),
    });
    await expect(run({ spec: example, strategyId: first.strategyId })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/exactly one of `spec`, `strategyId` or `findingId`/),
    });
  });

  it("names every symbol that has no bars", async () => {
    await expect(
      run({ spec: { ...example, universe: ["GOOG", "MSFT", "TSLA"] } }),
    ).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/no 1d bars for MSFT, TSLA .*stored 1d symbols: GOOG/),
    });
  });

  it("refuses a period with no bars, and a start after the end", async () => {
    const [first, last] = [goog.timestampMs[0]!, goog.timestampMs.at(-1)!].map((ms) =>
      iso(ms).slice(0, 10),
    );
    await expect(run({ spec: example, start: "2040-01-01" })).rejects.toMatchObject({
      code: "invalid_input",
      message: `no 1d bars of GOOG from 2040-01-01 to the last bar: the stored ones run from ${first} to ${last}`,
    });
    await expect(
      run({ spec: example, start: "2040-01-01", end: "2040-06-30" }),
    ).rejects.toMatchObject({
      message: `no 1d bars of GOOG from 2040-01-01 to 2040-06-30: the stored ones run from ${first} to ${last} (up to the end asked for)`,
    });
    await expect(run({ spec: example, end: "1990-01-01" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/^no 1d bars for GOOG up to 1990-01-01T23:59:59\.999Z/),
    });
    await expect(
      run({ spec: example, start: "2024-02-01", end: "2024-01-01" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/`start` must not be after `end`/),
    });
  });

  it.each([
    [{ ...example, sizing: { fractionOfEquity: 1.5 } }, "spec.sizing"],
    [{ ...example, universe: ["GOOG", "GOOG"] }, "spec.universe"],
    [
      { ...example, entry: { crossAbove: [{ macd: {} }, 0] } },
      "spec.entry.crossAbove[0].macd.output",
    ],
    [
      { ...example, entry: { gt: [{ sma: { period: 20, lenght: 3 } }, 1] } },
      "spec.entry.gt[0].sma",
    ],
    [{ ...example, costs: { feeBps: -1 } }, "spec.costs.feeBps"],
    [{ ...example, timeframe: "2d" }, "spec.timeframe"],
    [{ ...example, extra: true }, "spec"],
  ])("names the bad field (%#)", async (spec, field) => {
    await expect(run({ spec })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining(field),
    });
  });
});
