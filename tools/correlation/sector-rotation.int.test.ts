import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { sectorRotation } from "./sector-rotation.ts";

const dayMs = 86_400_000;

function series(symbol: string, closes: number[]): BarSeries {
  const close = Float64Array.from(closes);
  return {
    symbol,
    timestampMs: Float64Array.from(close, (_, i) => Date.UTC(2024, 0, 1) + i * dayMs),
    open: close,
    high: close,
    low: close,
    close,
    volume: close.map(() => 0),
  };
}

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  // The engine's hand example (engine/correlation/sector-rotation.test.ts) as stored bars.
  await store.writeBars("1d", [
    series("SPY", [100, 100, 100, 100, 100]),
    series("AAA", [100, 101, 102, 103, 104]),
    series("BBB", [100, 98, 96, 94, 95]),
    series("CCC", [100, 102, 104, 106, 105]),
    series("DDD", [100, 100, 100, 100, 100]),
  ]);
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown) =>
  runTool(sectorRotation, input, testContext(store)) as Promise<{
    horizons: {
      horizonBars: number;
      ranks: { symbol: string; rank: number; rankChange: number }[];
    }[];
    quadrants: { symbol: string; quadrant: string }[];
    signals: { symbol: string; kind: string; from: unknown; to: unknown; description: string }[];
  }>;

const sectors = ["AAA", "BBB", "CCC", "DDD"];

describe("sector_rotation", () => {
  it("ranks hand-made sectors against SPY and signals their rotation", async () => {
    const result = await run({ sectors, horizons: [1, 3], lookbackBars: 1 });
    expect(
      result.horizons[0]!.ranks.map(({ symbol, rank, rankChange }) => [symbol, rank, rankChange]),
    ).toEqual([
      ["BBB", 1, 3],
      ["AAA", 2, 0],
      ["DDD", 3, 0],
      ["CCC", 4, -3],
    ]);
    expect(result.horizons[1]!.ranks.map((rank) => rank.symbol)).toEqual([
      "AAA",
      "CCC",
      "DDD",
      "BBB",
    ]);
    expect(result.quadrants.map((entry) => entry.quadrant)).toEqual([
      "leading",
      "improving",
      "weakening",
      "leading",
    ]);
    expect(result.signals.map(({ symbol, kind, from, to }) => [symbol, kind, from, to])).toEqual([
      ["BBB", "quadrant", "lagging", "improving"],
      ["BBB", "rank_jump", 4, 1],
      ["CCC", "quadrant", "leading", "weakening"],
      ["CCC", "rank_jump", 1, 4],
    ]);
    expect(result.signals[0]!.description).toBe(
      "BBB moved from lagging to improving over the last 1 bars",
    );
  });

  it("says how much history it needs and which sectors are missing", async () => {
    await expect(run({ sectors, horizons: [1, 4], lookbackBars: 1 })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: ["horizons"], message: "needs 6 common dates, have 5" }],
    });
    await expect(run({})).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(
        /no 1d bars stored for XLB, XLC, .*XLY;.*generate_demo_market/,
      ),
    });
  });

  it.each([
    [{ horizons: [63, 21] }, ["horizons"]],
    [{ horizons: [] }, ["horizons"]],
    [{ horizons: [21.5] }, ["horizons", 0]],
    [{ lookbackBars: 0 }, ["lookbackBars"]],
    [{ sectors: ["AAA", "SPY"] }, ["sectors"]],
    [{ sectors: ["AAA"] }, ["sectors"]],
    [{ benchmark: "" }, ["benchmark"]],
    [{ at: "2024-01-01", end: "2024-01-02" }, ["at"]],
  ])("refuses %j naming the field", async (input, path) => {
    await expect(run(input)).rejects.toMatchObject({
      code: "invalid_input",
      issues: expect.arrayContaining([expect.objectContaining({ path })]),
    });
  });
});
