import { describe, expect, it } from "vitest";
import { volatilityTargetFraction } from "./compile.ts";

describe("volatilityTargetFraction", () => {
  it("sizes by target / realized volatility of log returns, capped", () => {
    const close = Float64Array.from([100, 101, 99, 102, 102, 103]);
    const fraction = volatilityTargetFraction(
      close,
      { annualVolatilityPercent: 10, lookbackBars: 3, maxFractionOfEquity: 1 },
      "1d",
    );
    // Hand calculation for bar 3: log returns over bars 1..3, sample std, x sqrt(252).
    const returns = [Math.log(101 / 100), Math.log(99 / 101), Math.log(102 / 99)];
    const mean = (returns[0]! + returns[1]! + returns[2]!) / 3;
    const std = Math.sqrt(returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / 2);
    expect(Number.isNaN(fraction[2]!)).toBe(true);
    expect(fraction[3]).toBeCloseTo(0.1 / (std * Math.sqrt(252)), 12);
    const capped = volatilityTargetFraction(
      close,
      { annualVolatilityPercent: 200, lookbackBars: 3, maxFractionOfEquity: 0.5 },
      "1d",
    );
    expect(capped[3]).toBe(0.5);
  });
});
