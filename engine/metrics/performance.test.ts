import { describe, expect, it } from "vitest";
import { computePerformance } from "./performance.ts";

const dayMs = 86_400_000;
const days = (count: number) =>
  Float64Array.from({ length: count }, (_, i) => Date.UTC(2024, 0, 1, 21) + i * dayMs);

// Reference: the definitions in README.md's metrics table, computed step by step with plain
// arithmetic on a four-day equity curve.
describe("computePerformance on a hand-checked equity curve", () => {
  const equity = Float64Array.from([100, 110, 99, 121]);
  const metrics = computePerformance({
    initialCash: 100,
    timestampMs: days(4),
    equity,
    grossExposure: Float64Array.from([0, 1, 1, 0]),
    tradePnl: [15, -5, 10],
    tradedNotional: 600,
  });
  const returns = [0.1, 99 / 110 - 1, 121 / 99 - 1];
  const mean = (returns[0]! + returns[1]! + returns[2]!) / 3;
  const sampleVariance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / 2;
  const years = (3 * dayMs) / (365.25 * dayMs);

  it("computes returns, CAGR and volatility", () => {
    expect(metrics.totalReturn).toBeCloseTo(0.21, 12);
    expect(metrics.cagr! / (1.21 ** (1 / years) - 1)).toBeCloseTo(1, 12);
    expect(metrics.volatility).toBeCloseTo(Math.sqrt(sampleVariance) * Math.sqrt(252), 12);
  });

  it("computes Sharpe with the sample std and Sortino with the downside deviation", () => {
    expect(metrics.sharpe).toBeCloseTo((mean / Math.sqrt(sampleVariance)) * Math.sqrt(252), 12);
    const downside = Math.sqrt(returns[1]! ** 2 / 3);
    expect(metrics.sortino).toBeCloseTo((mean / downside) * Math.sqrt(252), 12);
  });

  it("computes drawdown, its duration and Calmar", () => {
    expect(metrics.maxDrawdown).toBeCloseTo(0.1, 12); // 110 -> 99
    expect(metrics.maxDrawdownDurationDays).toBe(1);
    expect(metrics.calmar! / (metrics.cagr! / 0.1)).toBeCloseTo(1, 12);
  });

  it("computes trade statistics, exposure and turnover", () => {
    expect(metrics.trades).toBe(3);
    expect(metrics.winRate).toBeCloseTo(2 / 3, 12);
    expect(metrics.profitFactor).toBeCloseTo(25 / 5, 12);
    expect(metrics.expectancy).toBeCloseTo(20 / 3, 12);
    expect(metrics.exposure).toBe(0.5);
    expect(metrics.turnover).toBeCloseTo(600 / ((100 + 110 + 99 + 121) / 4) / years, 9);
  });
});

describe("computePerformance edge cases", () => {
  it("reports undefined statistics as null, not Infinity or NaN", () => {
    const metrics = computePerformance({
      initialCash: 100,
      timestampMs: days(3),
      equity: Float64Array.from([100, 100, 100]),
      grossExposure: new Float64Array(3),
      tradePnl: [],
      tradedNotional: 0,
    });
    expect(metrics).toMatchObject({
      sharpe: null,
      sortino: null,
      calmar: null,
      winRate: null,
      profitFactor: null,
      expectancy: null,
    });
    expect(metrics.maxDrawdown).toBe(0);
    expect(JSON.stringify(metrics)).not.toMatch(/Infinity|NaN/);
  });

  it("counts a drawdown that never recovers until the last bar", () => {
    const metrics = computePerformance({
      initialCash: 100,
      timestampMs: days(4),
      equity: Float64Array.from([100, 90, 80, 95]),
      grossExposure: new Float64Array(4),
      tradePnl: [],
      tradedNotional: 0,
    });
    expect(metrics.maxDrawdown).toBeCloseTo(0.2, 12);
    expect(metrics.maxDrawdownDurationDays).toBe(3);
  });
});

describe("daily sampling", () => {
  it("measures intraday equity at the last bar of each UTC day", () => {
    const hour = 3_600_000;
    const start = Date.UTC(2024, 0, 2, 14);
    const times = Float64Array.from([
      start,
      start + hour,
      start + dayMs,
      start + dayMs + hour,
      start + 2 * dayMs,
    ]);
    const metrics = computePerformance({
      initialCash: 100,
      timestampMs: times,
      equity: Float64Array.from([100, 102, 101, 104, 98.8]),
      grossExposure: new Float64Array(5),
      tradePnl: [],
      tradedNotional: 0,
    });
    // Daily closes 102, 104, 98.8: two returns, by hand.
    const returns = [104 / 102 - 1, 98.8 / 104 - 1];
    const mean = (returns[0]! + returns[1]!) / 2;
    const std = Math.sqrt(((returns[0]! - mean) ** 2 + (returns[1]! - mean) ** 2) / 1);
    expect(metrics.sharpe).toBeCloseTo((mean / std) * Math.sqrt(252), 12);
    expect(metrics.sortino).toBeCloseTo(
      (mean / Math.sqrt(returns[1]! ** 2 / 2)) * Math.sqrt(252),
      12,
    );
  });
});
