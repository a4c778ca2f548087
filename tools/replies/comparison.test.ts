import { describe, expect, it } from "vitest";
import { describeComparison } from "./comparison.ts";

const metrics = {
  startTime: "2020-01-02T00:00:00.000Z",
  endTime: "2024-12-31T00:00:00.000Z",
  totalReturn: 0.1,
  sharpe: 0.5,
  maxDrawdown: 0.2,
  trades: 10,
};
const backtest = (id: string, name: string, universe: string[]) => ({
  id: id.repeat(8) + "-0000-4000-8000-000000000000",
  name,
  spec: { universe },
  metrics,
  commonSharpe: 0.5,
});
const comparison = (backtests: ReturnType<typeof backtest>[]) => ({
  backtests,
  common: { start: metrics.startTime, end: metrics.endTime, returns: 1257 },
  best: backtests[0]!.id,
  tests: backtests
    .slice(1)
    .map((b) => ({ backtestId: b.id, sharpeDifference: 0, pValue: 0.5, significant: false })),
  correlations: [{ a: backtests[0]!.id, b: backtests[1]!.id, correlation: 0.22 }],
});

describe("a comparison's names", () => {
  it("tells two strategies of one name apart by their symbols", () => {
    const words = describeComparison(
      comparison([
        backtest("a", "SMA 20/50 crossover", ["ACME"]),
        backtest("b", "SMA 20/50 crossover", ["SPY"]),
      ]),
    );
    expect(words).toContain("- SMA 20/50 crossover on ACME (backtest aaaaaaaa…");
    expect(words).toContain("Against SMA 20/50 crossover on SPY: 0.00 higher");
    expect(words).toContain("SMA 20/50 crossover on ACME / SMA 20/50 crossover on SPY 0.22");
  });

  it("by their ids when the symbols are the same too, and leaves distinct names alone", () => {
    const twins = describeComparison(
      comparison([backtest("a", "RSI dip", ["SPY"]), backtest("b", "RSI dip", ["SPY"])]),
    );
    expect(twins).toContain("- RSI dip (backtest aaaaaaaa…");
    expect(twins).toContain("RSI dip (aaaaaaaa) has the highest Sharpe ratio");
    expect(twins).toContain("Against RSI dip (bbbbbbbb)");
    const distinct = describeComparison(
      comparison([backtest("a", "RSI dip", ["SPY"]), backtest("b", "Trend", ["SPY"])]),
    );
    expect(distinct).toContain("Against Trend: 0.00 higher");
    expect(distinct).toContain("RSI dip / Trend 0.22");
  });
});
