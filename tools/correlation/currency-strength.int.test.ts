import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { currencyStrength } from "./currency-strength.ts";

const dayMs = 86_400_000;
const firstMs = Date.UTC(2024, 0, 1);

function series(symbol: string, closes: number[], offsetDays = 0): BarSeries {
  const close = Float64Array.from(closes);
  return {
    symbol,
    timestampMs: Float64Array.from(close, (_, i) => firstMs + (i + offsetDays) * dayMs),
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
  // Four days. Over the last two, EUR/USD rises 10% and USD/JPY rises 10% (yen weaker); the
  // rest are flat. NZD/USD starts a day late: the inner join keeps three shared dates.
  await store.writeBars("1d", [
    series("EUR/USD", [1.0, 1.0, 1.05, 1.1]),
    series("GBP/USD", [1.25, 1.25, 1.25, 1.25]),
    series("USD/JPY", [150, 150, 160, 165]),
    series("USD/CHF", [0.9, 0.9, 0.9, 0.9]),
    series("AUD/USD", [0.65, 0.65, 0.65, 0.65]),
    series("USD/CAD", [1.35, 1.35, 1.35, 1.35]),
    series("NZD/USD", [0.6, 0.6, 0.6], 1),
  ]);
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown) =>
  runTool(currencyStrength, input, testContext(store)) as Promise<{
    asOf: string;
    ranking: { currency: string; score: number; rank: number }[];
    history: { time: string; order: string[] }[];
  }>;

describe("currency_strength", () => {
  it("ranks a hand example: EUR strongest, JPY weakest, the rest level", async () => {
    const result = await run({ horizon: 2, historyBars: 0 });
    const l = Math.log(1.1);
    // Returns against USD over two bars: EUR +ln 1.1, JPY −ln 1.1, others 0; basket mean 0.
    expect(result.asOf).toBe("2024-01-04T00:00:00.000Z");
    expect(result.ranking[0]).toEqual({ currency: "EUR", score: expect.closeTo(l, 14), rank: 1 });
    expect(result.ranking[7]).toEqual({ currency: "JPY", score: expect.closeTo(-l, 14), rank: 8 });
    // Ties keep the listed order: USD GBP CHF AUD CAD NZD.
    expect(result.ranking.slice(1, 7).map((score) => score.currency)).toEqual([
      "USD",
      "GBP",
      "CHF",
      "AUD",
      "CAD",
      "NZD",
    ]);
    const [stored] = await store.listCurrencyStrength({ horizonBars: 2, limit: 1 });
    expect(stored!.scores).toEqual(result.ranking);
  });

  it("returns earlier rankings as history", async () => {
    const result = await run({ horizon: 1, historyBars: 1 });
    expect(result.history).toEqual([
      {
        time: "2024-01-03T00:00:00.000Z",
        order: ["EUR", "USD", "GBP", "CHF", "AUD", "CAD", "NZD", "JPY"],
      },
    ]);
  });

  it("says how much history it needs and which pairs are missing", async () => {
    await expect(run({ horizon: 3 })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: ["horizon"], message: "needs 14 common dates, have 3" }],
    });
    await expect(run({ at: "2023-06-01" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(
        /no 1d bars stored for EUR\/USD, GBP\/USD, .*NZD\/USD up to 2023-06-01.*generate_demo_market/,
      ),
    });
  });

  it.each([
    [{ horizon: 0 }, ["horizon"]],
    [{ horizon: "20" }, ["horizon"]],
    [{ historyBars: -1 }, ["historyBars"]],
    [{ at: "2024-13-01" }, ["at"]],
    [{ at: "2024-01-01", end: "2024-01-02" }, ["at"]],
    [{ pairs: ["EUR/USD"] }, []],
  ])("refuses %j naming the field", async (input, path) => {
    await expect(run(input)).rejects.toMatchObject({
      code: "invalid_input",
      issues: expect.arrayContaining([expect.objectContaining({ path })]),
    });
  });
});
