import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { analyzePair } from "./analyze-pair.ts";

const dayMs = 86_400_000;
const firstDay = Date.UTC(2024, 0, 1);
const length = 80;
/** The bar where A dips: ln A leaves the line ln B + ln 2 by `dip` for one close. */
const dipBar = 70;
const dip = -0.05;

/** Flat candles (open = close) on consecutive days. */
function series(symbol: string, closes: number[], skip = new Set<number>()): BarSeries {
  const kept = closes.flatMap((close, day) => (skip.has(day) ? [] : [{ close, day }]));
  const close = Float64Array.from(kept, (bar) => bar.close);
  return {
    symbol,
    timestampMs: Float64Array.from(kept, (bar) => firstDay + bar.day * dayMs),
    open: close,
    high: close,
    low: close,
    close,
    volume: close.map(() => 1000),
  };
}

// B grows 1% a day; A is twice B (the spread flat, no z-score) but for one dip below the line.
const closesB = Array.from({ length }, (_, day) => 100 * 1.01 ** day);
const closesA = closesB.map((close, day) => 2 * close * (day === dipBar ? Math.exp(dip) : 1));

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  // B lacks day 3: the pair trades on the 79 closes they share.
  await store.writeBars("1d", [series("AAA", closesA), series("BBB", closesB, new Set([3]))]);
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown) =>
  runTool(analyzePair, input, testContext(store)) as Promise<z.output<typeof analyzePair.output>>;

describe("analyze_pair", () => {
  it("trades one dip of the spread, each number worked by hand", async () => {
    const result = await run({ a: "aaa", b: "BBB", lookback: 10, feeBps: 1 });
    // 79 common closes; the first z-score needs 10 of them.
    expect(result).toMatchObject({ a: "AAA", b: "BBB", bars: 70 });
    expect(result.start.slice(0, 10)).toBe("2024-01-11");
    // A lone residual d at the window's last point x_9 of x_k = x_0 + k h (h = ln 1.01): OLS
    // leaves it e = d (1 - l), l = 1/10 + 4.5^2/82.5 its leverage, with SSR = d^2 (1 - l), so
    // z = -sqrt((1 - l) * 8) whatever d; the slope is 1 + d 4.5 / (82.5 h).
    const leverage = 0.1 + 4.5 ** 2 / 82.5;
    const hedgeRatio = 1 + (dip * 4.5) / (82.5 * Math.log(1.01));
    const [trade, ...later] = result.trades;
    expect(trade!.side).toBe("long_spread");
    expect(trade!.entryZ).toBeCloseTo(-Math.sqrt((1 - leverage) * 8), 9);
    expect(trade!.hedgeRatio).toBeCloseTo(hedgeRatio, 9);
    expect(trade!.entryTime.slice(0, 10)).toBe("2024-03-12"); // the open after the dip (day 71)
    expect(trade!.exitTime!.slice(0, 10)).toBe("2024-03-13");
    // Sized so A's and B's notionals add to the 100,000 of equity, B's the hedge ratio times A's;
    // both legs then rise 1%: A earns 1% of its notional, the short B loses 1% of its own.
    const notionalA = 100_000 / (1 + hedgeRatio);
    const [legA, legB] = trade!.legs;
    expect(legA.quantity * legA.entryPrice).toBeCloseTo(notionalA, 6);
    expect(-legB.quantity * legB.entryPrice).toBeCloseTo(hedgeRatio * notionalA, 6);
    // Fees: 1 bp of each leg's notional in and out (out at 1.01 times in).
    const fees = 1e-4 * 2.01 * notionalA * (1 + hedgeRatio);
    expect(trade!.pnl).toBeCloseTo(0.01 * notionalA * (1 - hedgeRatio) - fees, 6);
    const total = result.trades.reduce((sum, each) => sum + each.pnl, 0);
    expect(result.equity.at(-1)!.value).toBeCloseTo(100_000 + total, 6);
    expect(later.every((each) => each.entryTime > trade!.exitTime!)).toBe(true);
    // Each leg held: A from its first traded close (day 10) to the last (day 79), B likewise.
    expect(result.legReturns.a).toBeCloseTo(1.01 ** 69 - 1, 9);
    expect(result.legReturns.b).toBeCloseTo(1.01 ** 69 - 1, 9);
    expect(result.metrics.trades).toBe(result.trades.filter((each) => each.exitTime).length);
  });

  it("warms the window up on the closes before `start`", async () => {
    const result = await run({ a: "AAA", b: "BBB", lookback: 10, start: "2024-01-15" });
    expect(result.start.slice(0, 10)).toBe("2024-01-15");
    expect(result.bars).toBe(66);
  });

  it("refuses a pair it cannot trade, naming what is missing", async () => {
    await expect(run({ a: "AAA", b: "BBB", lookback: 30 })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining(
        "AAA and BBB share 79 daily closes, 50 of them tradable after a 30-bar window; the pair needs at least 60",
      ),
    });
    await expect(run({ a: "AAA", b: "NOPE" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("no 1d bars for NOPE"),
    });
    await expect(run({ a: "AAA", b: "aaa" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("a pair needs two different symbols"),
    });
    await expect(run({ a: "AAA", b: "BBB", entryZ: 2, stopZ: 1.5 })).rejects.toMatchObject({
      message: expect.stringContaining("stopZ must be above entryZ"),
    });
  });
});
