import { describe, expect, it } from "vitest";
import { computePerformance } from "../metrics/performance.ts";
import { mulberry32, normalSource } from "../random.ts";
import { portfolioHistory } from "./history.ts";

const columns = (...series: number[][]) => series.map((values) => Float64Array.from(values));

describe("portfolioHistory", () => {
  // Weights 0.5 and 0.3, cash 0.2. Worked by hand:
  //   returns 0.5·A + 0.3·B = 0.05, -0.10 + 0.03 = -0.07, 0.025 - 0.03 = -0.005, 0.05,
  //   -0.025 + 0.015 = -0.01; value 1.05, 0.9765, 0.9716175, 1.020198375, 1.00999639125.
  //   Peak 1.05 after period 0, trough 0.9716175 after period 2: 1 - 0.9716175/1.05 = 0.07465,
  //   not regained. Sorted returns -0.07, -0.01, -0.005, 0.05, 0.05.
  const a = [0.1, -0.2, 0.05, 0.1, -0.05];
  const b = [0, 0.1, -0.1, 0, 0.05];

  it("holds the weights every period and measures the fall from the peak", () => {
    const history = portfolioHistory(columns(a, b), [0.5, 0.3]);
    const expected = [0.05, -0.07, -0.005, 0.05, -0.01];
    expected.forEach((value, t) => expect(history.returns[t]).toBeCloseTo(value, 15));
    [1.05, 0.9765, 0.9716175, 1.020198375, 1.00999639125].forEach((value, t) =>
      expect(history.value[t]).toBeCloseTo(value, 14),
    );
    expect(history.totalReturn).toBeCloseTo(0.00999639125, 14);
    expect(history.maxDrawdown).toBeCloseTo(0.07465, 14);
    expect([history.peakIndex, history.troughIndex, history.recoveryIndex]).toEqual([0, 2, -1]);
    expect(history.worstIndex).toBe(1);
  });

  it("takes the tail's worst periods for value at risk and expected shortfall", () => {
    // 5% of 5 periods rounds up to the single worst one.
    const onePeriod = portfolioHistory(columns(a, b), [0.5, 0.3]);
    expect(onePeriod.tailPeriods).toBe(1);
    expect(onePeriod.valueAtRisk).toBeCloseTo(0.07, 15);
    expect(onePeriod.expectedShortfall).toBeCloseTo(0.07, 15);
    // 40%: the two worst, -0.07 and -0.01.
    const twoPeriods = portfolioHistory(columns(a, b), [0.5, 0.3], 0.4);
    expect(twoPeriods.tailPeriods).toBe(2);
    expect(twoPeriods.valueAtRisk).toBeCloseTo(0.01, 15);
    expect(twoPeriods.expectedShortfall).toBeCloseTo(0.04, 15);
  });

  it("finds the period that regains the peak", () => {
    // A sixth period of 0.5·0.1 + 0.3·0.1 = 0.08 takes the value to 1.0908, above 1.05.
    const history = portfolioHistory(columns([...a, 0.1], [...b, 0.1]), [0.5, 0.3]);
    expect(history.value[5]).toBeCloseTo(1.00999639125 * 1.08, 14);
    expect(history.recoveryIndex).toBe(5);
    expect(history.maxDrawdown).toBeCloseTo(0.07465, 14);
  });

  it("reports no drawdown for a value that never fell", () => {
    const history = portfolioHistory(columns([0.01, 0.02, 0], [0.03, 0, 0.01]), [0.5, 0.5]);
    expect(history.maxDrawdown).toBe(0);
    expect([history.peakIndex, history.troughIndex, history.recoveryIndex]).toEqual([-1, -1, -1]);
    // The worst period gained: value at risk is then a negative loss.
    expect(history.valueAtRisk).toBeCloseTo(-0.005, 15);
  });

  it("measures the same drawdown as the backtester's metrics on the same value", () => {
    const normal = normalSource(mulberry32(7));
    const series = [0, 1, 2].map(() => Array.from({ length: 750 }, () => 0.012 * normal()));
    const history = portfolioHistory(columns(...series), [0.4, 0.35, 0.25]);
    const equity = history.value.map((value) => 100_000 * value);
    const performance = computePerformance({
      initialCash: 100_000,
      timestampMs: Float64Array.from(equity, (_, day) => day * 86_400_000),
      equity,
      grossExposure: new Float64Array(equity.length),
      tradePnl: [],
      tradedNotional: 0,
    });
    expect(history.maxDrawdown).toBeGreaterThan(0.05);
    expect(history.maxDrawdown).toBeCloseTo(performance.maxDrawdown, 12);
    expect(history.totalReturn).toBeCloseTo(performance.totalReturn, 12);
    // 5% of 750 = 37.5: the 38 worst days.
    expect(history.tailPeriods).toBe(38);
    const sorted = [...history.returns].sort((x, y) => x - y);
    expect(history.valueAtRisk).toBe(-sorted[37]!);
  });

  it("names what is wrong with its input", () => {
    expect(() => portfolioHistory(columns(a, b), [1])).toThrow(/1 weights for 2 return columns/);
    expect(() => portfolioHistory(columns(a, [0.1]), [0.5, 0.5])).toThrow(
      /return column 1 has 1 periods, not 5/,
    );
    expect(() => portfolioHistory(columns([], []), [0.5, 0.5])).toThrow(/no returns/);
    expect(() => portfolioHistory(columns(a, b), [0.5, 0.5], 1)).toThrow(/tail share 1/);
  });
});
