import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { generateMarket } from "../../engine/synthetic/index.ts";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { drawdownCharts } from "../charts/drawdown-chart.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { backtestStrategy } from "./backtest-strategy.ts";
import { drawdowns } from "./drawdowns.ts";

const dayMs = 86_400_000;
const firstDay = Date.UTC(2024, 0, 1);

/** Daily closes from 2024-01-01: two falls, 20% (recovered) and 15% (not). */
function fallsAndRises(): BarSeries {
  const close = Float64Array.from([100, 90, 80, 95, 100, 110, 99, 93.5, 105]);
  return {
    symbol: "DIPS",
    timestampMs: close.map((_, i) => firstDay + i * dayMs),
    open: close,
    high: close,
    low: close,
    close,
    volume: close.map(() => 1000),
  };
}

const market = generateMarket({ symbols: ["SPY"], years: 2, seed: 11 });
let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", [fallsAndRises(), ...market.bars]);
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown) =>
  runTool(drawdowns, input, testContext(store)) as Promise<z.output<typeof drawdowns.output>>;
const day = (i: number) => new Date(firstDay + i * dayMs).toISOString();

describe("drawdowns", () => {
  it("lists a symbol's falls deepest first, with their days, by hand", async () => {
    const result = await run({ symbol: "dips" });
    expect(result).toMatchObject({
      of: "DIPS",
      symbol: "DIPS",
      backtestId: null,
      start: day(0),
      end: day(8),
      count: 2,
      // Not back above 110 by the end: 105 is 4.5% below it, 3 days after the peak.
      current: { peak: { time: day(5), value: 110 }, days: 3 },
      // Below a high on days 1-3 and 6-8.
      underwaterShare: 6 / 9,
    });
    expect(result.maxDrawdown).toBeCloseTo(0.2, 12);
    expect(result.current!.depth).toBeCloseTo(1 - 105 / 110, 12);
    expect(result.episodes).toEqual([
      {
        peak: { time: day(0), value: 100 },
        trough: { time: day(2), value: 80 },
        recovered: day(4),
        depth: expect.closeTo(0.2, 12) as number,
        fallDays: 2,
        recoveryDays: 2,
        totalDays: 4,
      },
      {
        peak: { time: day(5), value: 110 },
        trough: { time: day(7), value: 93.5 },
        recovered: null,
        depth: expect.closeTo(0.15, 12) as number,
        fallDays: 2,
        recoveryDays: null,
        totalDays: 3,
      },
    ]);
    // The chart's curve is the fall below the running high, negative.
    expect(result.curve.map(({ value }) => Number(value.toFixed(6)))).toEqual([
      0, -0.1, -0.2, -0.05, 0, 0, -0.1, -0.15, -0.045455,
    ]);
    const [chart] = drawdownCharts(result);
    expect(chart).toMatchObject({
      title: "DIPS: below its high",
      yAxisLabel: "Below the high (%)",
    });
    expect(chart!.kind).toBeUndefined();
    const reply = describeResult("drawdowns", result);
    expect(reply).toContain("DIPS, 2024-01-01 to 2024-01-09: 2 drawdowns, the deepest 20.0%");
    expect(reply).toContain(
      "Under water now: 4.5% below the high of 110 on 2024-01-06, 3 days ago.",
    );
    expect(reply).toContain(
      "1. -20.0%: from 100 on 2024-01-01 to 80 on 2024-01-03 (2 days down), back on 2024-01-05 (2 days up, 4 in all).",
    );
  });

  it("keeps to the period and the number asked for", async () => {
    const result = await run({ symbol: "DIPS", start: "2024-01-05", top: 1 });
    // From 100 on day 4: the fall from 110 is the only one.
    expect(result.count).toBe(1);
    expect(result.episodes.map((episode) => episode.peak.value)).toEqual([110]);
    const top = await run({ symbol: "DIPS", top: 1 });
    expect(top.count).toBe(2);
    expect(top.episodes).toHaveLength(1);
  });

  it("picks the drawdowns falling in a span, their peaks and recoveries outside it", async () => {
    // Falling on day 6 or 7: the second fall only, its peak on day 5 before the span.
    const result = await run({ symbol: "DIPS", fallingFrom: day(6), fallingTo: day(7) });
    expect(result.count).toBe(2);
    expect(result.maxDrawdown).toBeCloseTo(0.2, 12);
    expect(result.falling).toEqual({ from: day(6), to: day(7) });
    expect(result.episodes.map((episode) => episode.peak.time)).toEqual([day(5)]);
    expect(describeResult("drawdowns", result)).toContain(
      "The deepest one falling from 2024-01-07 to 2024-01-08:",
    );
    // The first fall's low is day 2 and it was back by day 4: none falls on day 4.
    const none = await run({ symbol: "DIPS", fallingFrom: day(4), fallingTo: day(4) });
    expect(none.episodes).toEqual([]);
    expect(describeResult("drawdowns", none)).toContain(
      "None was falling from 2024-01-05 to 2024-01-05.",
    );
  });

  it("measures a stored backtest's equity from its starting cash, as its max drawdown does", async () => {
    const spec = {
      name: "SMA 10/30 crossover",
      universe: ["SPY"],
      timeframe: "1d",
      entry: { crossAbove: [{ sma: { period: 10 } }, { sma: { period: 30 } }] },
      exit: { crossBelow: [{ sma: { period: 10 } }, { sma: { period: 30 } }] },
      sizing: { fractionOfEquity: 1 },
      costs: { feeBps: 1, slippageBps: 0 },
    };
    const backtest = (await runTool(backtestStrategy, { spec }, testContext(store))) as {
      id: string;
      metrics: { maxDrawdown: number };
    };
    const byId = await run({ backtestId: backtest.id });
    expect(byId.backtestId).toBe(backtest.id);
    expect(byId.of).toBe(`backtest ${backtest.id} of SMA 10/30 crossover`);
    expect(byId.maxDrawdown).toBeCloseTo(backtest.metrics.maxDrawdown, 12);
    // With no id, the backtest run last.
    expect((await run({})).backtestId).toBe(backtest.id);
  });

  it.each([
    [{ symbol: "DIPS", backtestId: "00000000-0000-4000-8000-000000000001" }, "not both"],
    [{ symbol: "DIPS", start: "2024-02-01", end: "2024-01-01" }, "must not be after"],
    [{ symbol: "DIPS", top: 0 }, "top"],
    [{ symbol: "DIPS", fallingFrom: "2024-02-01", fallingTo: "2024-01-01" }, "`fallingFrom` must"],
    [{ backtestId: "last" }, "a backtest id is the id backtest_strategy returned"],
    [{ symbol: "NOPE" }, "no 1d bars stored for NOPE"],
    [{ backtestId: "00000000-0000-4000-8000-000000000001" }, "no backtest with id"],
  ])("refuses %j, saying why", async (input, words) => {
    await expect(run(input)).rejects.toThrow(words);
  });

  it("refuses a period outside a backtest's", async () => {
    await expect(run({ start: "2030-01-01" })).rejects.toThrow("has no equity in the period");
  });
});
