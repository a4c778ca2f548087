import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { candles } from "../../engine/simulate/test-bars.ts";
import { generateMarket } from "../../engine/synthetic/index.ts";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { getBars } from "./get-bars.ts";
import { marketSnapshot } from "./market-snapshot.ts";

interface Row {
  symbol: string;
  lastTime: string;
  close: number;
  change: Record<string, number | null>;
  high52w: number;
  low52w: number;
  averageVolume: number | null;
  beta: number | null;
  correlation: number | null;
}
interface Output {
  total: number;
  symbols: Row[];
  missing: string[];
  stale: string[];
}

let store: Store;
const market = generateMarket({ symbols: ["SPY", "QQQ", "TLT"], years: 2, seed: 9 });
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
  // A name whose bars stopped in January 2020 (1450 days before 2024), long before the others'.
  await store.writeBars("1d", [
    candles(
      "OLD",
      [
        [10, 11, 9, 10],
        [10, 12, 10, 12],
      ],
      -1450,
    ),
  ]);
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown, on = store) =>
  runTool(marketSnapshot, input, testContext(on)) as Promise<Output>;

describe("market_snapshot", () => {
  it("measures one symbol at its last close, by hand from its bars", async () => {
    const { symbols } = await run({ symbols: ["spy"] });
    const spy = market.bars[0]!;
    const last = spy.close.length - 1;
    expect(symbols).toHaveLength(1);
    const [row] = symbols;
    expect(row!.lastTime).toBe(new Date(spy.timestampMs[last]!).toISOString());
    expect(row!.close).toBe(spy.close[last]);
    expect(row!.change.day).toBeCloseTo(spy.close[last]! / spy.close[last - 1]! - 1, 14);
    expect(row!.change.month).toBeCloseTo(spy.close[last]! / spy.close[last - 21]! - 1, 14);
    const year = (field: Float64Array) => Array.from(field.subarray(last - 251, last + 1));
    expect(row!.high52w).toBe(Math.max(...year(spy.high)));
    expect(row!.low52w).toBe(Math.min(...year(spy.low)));
    const volumes = Array.from(spy.volume.subarray(last - 20, last));
    expect(row!.averageVolume).toBeCloseTo(volumes.reduce((a, b) => a + b) / 20, 6);
    // Against itself: beta and correlation 1.
    expect(row!.beta).toBeCloseTo(1, 12);
    expect(row!.correlation).toBeCloseTo(1, 12);
  });

  it("measures beta against SPY by hand over the last 252 returns both have", async () => {
    const [spy, qqq] = market.bars as [BarSeries, BarSeries];
    const returns = (series: BarSeries) =>
      Array.from(series.close.subarray(-253)).flatMap((close, k, all) =>
        k === 0 ? [] : [close / all[k - 1]! - 1],
      );
    const [x, y] = [returns(qqq), returns(spy)];
    const mean = (values: number[]) => values.reduce((a, b) => a + b) / values.length;
    const [mx, my] = [mean(x), mean(y)];
    const covariance = x.reduce((sum, xi, k) => sum + (xi - mx) * (y[k]! - my), 0);
    const variance = y.reduce((sum, yi) => sum + (yi - my) ** 2, 0);
    const { symbols } = await run({ symbols: ["QQQ"] });
    expect(symbols[0]!.beta).toBeCloseTo(covariance / variance, 10);
    // Without SPY in the store, no beta.
    const alone = await createTestStore();
    try {
      await alone.writeBars("1d", [qqq]);
      expect((await run({ symbols: ["QQQ"] }, alone)).symbols[0]!.beta).toBeNull();
    } finally {
      await alone.close();
    }
  });

  it("ranks every stored symbol, leaving out one whose bars stopped long before", async () => {
    const changes = market.bars.map((series) => {
      const last = series.close.length - 1;
      return { symbol: series.symbol, day: series.close[last]! / series.close[last - 1]! - 1 };
    });
    const gainers = await run({});
    expect(gainers.symbols.map(({ symbol }) => symbol)).toEqual(
      changes.toSorted((a, b) => b.day - a.day).map(({ symbol }) => symbol),
    );
    expect(gainers.stale).toEqual(["OLD"]);
    expect(gainers.total).toBe(3);
    const losers = await run({ order: "asc", limit: 1 });
    expect(losers.symbols.map(({ symbol }) => symbol)).toEqual([
      changes.toSorted((a, b) => a.day - b.day)[0]!.symbol,
    ]);
    // Asked for by name, a stale symbol is shown as it is.
    const old = await run({ symbols: ["OLD", "SPY"] });
    expect(old.symbols.map(({ symbol }) => symbol).sort()).toEqual(["OLD", "SPY"]);
    expect(old.stale).toEqual([]);
  });

  it("takes a universe's stored symbols and names the ones it lacks", async () => {
    const result = await run({ universe: "index-etfs", sortBy: "yearToDate" });
    expect(result.symbols.map(({ symbol }) => symbol).sort()).toEqual(["QQQ", "SPY"]);
    expect(result.missing.length).toBeGreaterThan(0);
    expect(result.missing).not.toContain("SPY");
  });

  it("reads a futures root asked for by name as its continuous series", async () => {
    const futures = await createTestStore();
    try {
      await futures.writeBars("1d", generateMarket({ symbols: ["MES"], years: 2, seed: 1 }).bars);
      const continuous = (await runTool(getBars, { symbol: "MES" }, testContext(futures))) as {
        bars: { close: number }[];
      };
      const closes = continuous.bars.map(({ close }) => close);
      const { symbols } = await run({ symbols: ["MES"] }, futures);
      expect(symbols[0]!.close).toBe(closes.at(-1));
      expect(symbols[0]!.change.day).toBeCloseTo(closes.at(-1)! / closes.at(-2)! - 1, 12);
      // Not asked for by name, contracts are symbols of their own (and the root is none).
      expect((await run({}, futures)).symbols.map(({ symbol }) => symbol)).not.toContain("MES");
      expect(
        await run({ symbols: ["MNQ"] }, futures).catch((error: unknown) => error),
      ).toMatchObject({
        code: "not_found",
        message: expect.stringContaining("no daily bars are stored for MNQ or its contracts"),
      });
    } finally {
      await futures.close();
    }
  });

  it("names what is wrong with bad input", async () => {
    const refusal = (input: unknown, on = store) => run(input, on).catch((error: unknown) => error);
    expect(await refusal({ symbols: ["SPY", "NOPE"] })).toMatchObject({
      code: "not_found",
      message: expect.stringContaining("no daily bars are stored for NOPE"),
    });
    expect(await refusal({ symbols: ["SPY"], universe: "index-etfs" })).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("give `symbols` or `universe`, not both"),
    });
    expect(await refusal({ universe: "nothing-like-it" })).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining('unknown universe "nothing-like-it"'),
    });
    expect(await refusal({ sortBy: "price" })).toMatchObject({ code: "invalid_input" });
    expect(await refusal({ limit: 0 })).toMatchObject({ code: "invalid_input" });
    expect(await refusal({ symbols: [] })).toMatchObject({ code: "invalid_input" });
    expect(await refusal({ symbols: ["SPY", "spy"] })).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("every symbol only once"),
    });
    const empty = await createTestStore();
    try {
      expect(await refusal({}, empty)).toMatchObject({
        code: "not_found",
        message: expect.stringContaining("no daily bars are stored yet"),
      });
    } finally {
      await empty.close();
    }
  });
});
