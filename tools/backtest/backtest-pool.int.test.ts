import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBacktestBatch } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { BacktestPool } from "./backtest-pool.ts";

const market = generateMarket({ symbols: ["AAA", "BBB"], years: 3, seed: 9 }).bars;
const options = { initialCash: 100_000, startMs: null, endMs: null };
const crossover = (symbol: string, fast: number, slow: number): StrategySpec => ({
  name: `${fast}/${slow}`,
  universe: [symbol],
  timeframe: "1d",
  side: "long",
  entry: { crossAbove: [{ sma: { period: fast } }, { sma: { period: slow } }] },
  exit: { crossBelow: [{ sma: { period: fast } }, { sma: { period: slow } }] },
  filters: [],
  sizing: { fractionOfEquity: 1 },
  costs: { feeBps: 1, slippageBps: 0 },
});

let pool: BacktestPool;
beforeAll(async () => {
  pool = await BacktestPool.start(market, 2);
});
afterAll(async () => {
  await pool.close();
});

describe("BacktestPool", () => {
  it("gives exactly the single-thread results, in spec order", async () => {
    const specs = [5, 8, 10, 12, 15].flatMap((fast) =>
      [30, 60].map((slow) => crossover(fast % 2 ? "AAA" : "BBB", fast, slow)),
    );
    const parallel = await pool.run(specs, options);
    const single = specs.map(
      (spec) =>
        runBacktestBatch(
          [spec],
          market.filter((bars) => bars.symbol === spec.universe[0]),
          options,
        )[0]!,
    );
    expect(pool.size).toBe(2);
    expect(parallel).toEqual(single);
  });

  it("rejects with the worker's message when a spec cannot run", async () => {
    await expect(pool.run([crossover("ZZZ", 5, 30)], options)).rejects.toThrow(
      /backtest worker failed: no bars shared for ZZZ/,
    );
    // The pool keeps working afterwards.
    expect(await pool.run([crossover("AAA", 5, 30)], options)).toHaveLength(1);
  });
});
