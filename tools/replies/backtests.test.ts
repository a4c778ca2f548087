import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

describe("backtest_strategy", () => {
  it("names the strategy, its period and numbers (the equity it ended with), each benchmark's return and the warnings", () => {
    const reply = describeResult("backtest_strategy", {
      id: "964000fd-bf9c-44b8-93cd-86314d8f7336",
      strategyId: "6".repeat(64),
      name: "Buy and hold SPY",
      metrics: {
        startTime: "2022-01-03T00:00:00.000Z",
        endTime: "2024-12-31T00:00:00.000Z",
        totalReturn: 0.24703,
        finalEquity: 12470.3,
        cagr: 0.07655,
        sharpe: 0.5012,
        maxDrawdown: 0.24,
        trades: 0,
        winRate: null,
      },
      benchmarks: {
        buyAndHold: { name: "Buy and hold (equal weight)", metrics: { totalReturn: 0.24703 } },
        sma50_200: { name: "SMA 50/200 trend (equal weight)", metrics: { totalReturn: 0.238 } },
      },
      warnings: ["No closed trades."],
    });
    expect(reply.split("\n")).toEqual([
      'Backtest 964000fd-bf9c-44b8-93cd-86314d8f7336 of "Buy and hold SPY" (strategy 666666666666…), 2022-01-03 to 2024-12-31:',
      "total return 24.70% (equity 12,470.30 at the end), CAGR 7.66%, Sharpe 0.50, max drawdown 24.00%, 0 trades, win rate n/a.",
      "Benchmark Buy and hold (equal weight): total return 24.70%.",
      "Benchmark SMA 50/200 trend (equal weight): total return 23.80%.",
      "Note: No closed trades.",
    ]);
  });
});

describe("list_backtests", () => {
  it("gives a line per run, newest first, with its strategy, period, time and numbers as the tool gave them", () => {
    const reply = describeResult("list_backtests", {
      backtests: [
        {
          id: "55f247de-0cb9-4b24-ae84-b38cd3494d12",
          strategyId: "e".repeat(64),
          strategyName: "RSI dip",
          start: "2020-01-02T00:00:00.000Z",
          end: null,
          initialCash: 100000,
          createdAt: "2026-12-03T03:16:23.734Z",
          totalReturn: 3.5041014015912584,
          sharpe: 1.0071872419088514,
          maxDrawdown: 0.07958710029317262,
          trades: 26,
        },
        {
          id: "b5c34238-7441-42da-9d29-b115970f09ed",
          strategyId: "a".repeat(64),
          strategyName: "SMA 20/50 crossover",
          start: null,
          end: "2024-12-31T00:00:00.000Z",
          initialCash: 100000,
          createdAt: "2026-12-02T23:59:59.999Z",
          totalReturn: -0.14644155650680657,
          sharpe: null,
          maxDrawdown: null,
          trades: null,
        },
      ],
    });
    expect(reply.split("\n")).toEqual([
      "2 stored backtests, newest first:",
      "- RSI dip (eeeeeeeeeeee…), 2020-01-02 to ?, run 2026-12-03 03:16 UTC: total return 350.41%, Sharpe 1.01, max drawdown 7.96%, 26 trades",
      "  id 55f247de-0cb9-4b24-ae84-b38cd3494d12",
      "- SMA 20/50 crossover (aaaaaaaaaaaa…), ? to 2024-12-31, run 2026-12-02 23:59 UTC: total return -14.64%, Sharpe n/a, max drawdown n/a, n/a trades",
      "  id b5c34238-7441-42da-9d29-b115970f09ed",
    ]);
  });

  it("says how to make one when none is stored", () => {
    expect(describeResult("list_backtests", { backtests: [] })).toBe(
      'No backtests stored yet: run one, e.g. "backtest a 20/50 moving average crossover on SPY".',
    );
  });
});

describe("list_strategies ranked", () => {
  it("says which ranking it is and that each number is its latest backtest's", () => {
    const reply = describeResult("list_strategies", {
      rankedBy: "maxDrawdown",
      strategies: [
        {
          id: "b".repeat(64),
          name: "Calm",
          stage: "paper",
          latestBacktest: { totalReturn: 0.1, sharpe: 0.9, maxDrawdown: 0.05, trades: 12 },
        },
      ],
    });
    expect(reply.split("\n")).toEqual([
      "1 stored strategy, the shallowest max drawdown first (each by its latest backtest, over that backtest's own period):",
      "- Calm (paper): latest backtest: total return 10.00%, Sharpe 0.90, max drawdown 5.00%, 12 trades",
      `  id ${"b".repeat(64)}`,
    ]);
  });
});
