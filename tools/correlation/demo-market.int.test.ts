import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { getBars } from "../bars/get-bars.ts";
import { generateDemoMarket } from "../demo/generate-demo-market.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { computeCorrelations } from "./compute-correlations.ts";
import { currencyStrength } from "./currency-strength.ts";
import { sectorRotation } from "./sector-rotation.ts";
import { crossAssetSymbols } from "./symbol-sets.ts";
import { pearson } from "../../test/support/pearson.ts";

interface Correlations {
  symbols: string[];
  asOf: string;
  matrix: number[][];
  averageCorrelation: number;
  firstEigenShare: number;
  events: { time: string; metric: string; direction: string }[];
  newEvents: number;
  snapshotId: string;
}

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await runTool(generateDemoMarket, { seed: 42, years: 3 }, testContext(store));
}, 180_000);
afterAll(async () => {
  await store.close();
});

const correlations = (input: unknown) =>
  runTool(computeCorrelations, input, testContext(store)) as Promise<Correlations>;

describe("correlation tools over the demo market", () => {
  it("correlates the whole cross-asset set by default and finds the planted structure", async () => {
    const result = await correlations({});
    const n = crossAssetSymbols.length;
    expect(result.symbols).toEqual(crossAssetSymbols);
    expect(result.matrix).toHaveLength(n);
    result.matrix.forEach((row, i) => {
      expect(row[i]).toBe(1);
      row.forEach((value, j) => expect(value).toBe(result.matrix[j]![i]));
    });
    const at = (a: string, b: string) =>
      result.matrix[result.symbols.indexOf(a)]![result.symbols.indexOf(b)]!;
    // Planted: the broad indexes move together; crypto pairs with each other.
    expect(at("SPY", "DIA")).toBeGreaterThan(0.8);
    expect(at("BTC/USD", "ETH/USD")).toBeGreaterThan(0.5);
    expect(result.firstEigenShare).toBeGreaterThan(1 / n);
    expect(result.firstEigenShare).toBeLessThan(1);
    expect(result.averageCorrelation).toBeGreaterThan(0);
    // The same run again adds a snapshot but no event the first run did not store.
    const again = await correlations({});
    expect(again.newEvents).toBe(0);
    const history = await store.listCorrelationSnapshots({ symbols: crossAssetSymbols, limit: 10 });
    expect(history.map((row) => row.id).sort()).toEqual(
      [result.snapshotId, again.snapshotId].sort(),
    );
    expect(await store.listRegimeEvents({ symbols: crossAssetSymbols, limit: 1000 })).toHaveLength(
      result.newEvents,
    );
  }, 60_000);

  it("matches a direct computation from get_bars over the last window", async () => {
    const symbols = ["SPY", "TLT", "XLE"];
    const result = await correlations({ symbols, window: 60, end: "2022-06-30" });
    const closes = await Promise.all(
      symbols.map(async (symbol) => {
        const { bars } = (await runTool(
          getBars,
          { symbol, end: "2022-06-30" },
          testContext(store),
        )) as {
          bars: { close: number }[];
        };
        return bars.slice(-61).map((bar) => bar.close);
      }),
    );
    const returns = closes.map((column) =>
      column.slice(1).map((close, k) => Math.log(close / column[k]!)),
    );
    expect(result.asOf).toBe("2022-06-30T00:00:00.000Z");
    expect(result.matrix[0]![1]).toBeCloseTo(pearson(returns[0]!, returns[1]!), 12);
    expect(result.matrix[1]![2]).toBeCloseTo(pearson(returns[1]!, returns[2]!), 12);
  });

  it("ranks currencies and sectors from the demo market", async () => {
    const strength = (await runTool(currencyStrength, { horizon: 20 }, testContext(store))) as {
      ranking: { currency: string; score: number; rank: number }[];
      history: { order: string[] }[];
    };
    expect(strength.ranking.map((score) => score.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(strength.ranking.reduce((sum, score) => sum + score.score, 0)).toBeCloseTo(0, 12);
    expect(strength.history).toHaveLength(10);
    expect(await store.listCurrencyStrength({ limit: 5 })).toHaveLength(1);

    const rotation = (await runTool(sectorRotation, {}, testContext(store))) as {
      horizons: { horizonBars: number; ranks: { symbol: string; rank: number }[] }[];
      quadrants: { symbol: string }[];
    };
    expect(rotation.horizons.map((horizon) => horizon.horizonBars)).toEqual([21, 63, 126]);
    for (const horizon of rotation.horizons) {
      expect(horizon.ranks.map((rank) => rank.rank)).toEqual(
        Array.from({ length: 11 }, (_, k) => k + 1),
      );
    }
    expect(rotation.quadrants).toHaveLength(11);
  }, 60_000);
});
