import { describe, expect, it } from "vitest";
import type { PerformanceMetrics } from "../metrics/performance.ts";
import {
  describeObjective,
  objectiveValue,
  validateObjective,
  type Objective,
} from "./objective.ts";

const metrics: PerformanceMetrics = {
  startTimeMs: 0,
  endTimeMs: 2 * 365.25 * 86_400_000,
  years: 2,
  finalEquity: 132_250,
  totalReturn: 0.3225,
  cagr: 0.15,
  volatility: 0.125,
  sharpe: 1.2,
  sortino: 1.8,
  calmar: 0.75,
  maxDrawdown: 0.2,
  maxDrawdownDurationDays: 90,
  trades: 40,
  winRate: 0.55,
  profitFactor: 1.4,
  expectancy: 806.25,
  exposure: 0.6,
  turnover: 8,
};
const withoutTrades: PerformanceMetrics = {
  ...metrics,
  sharpe: null,
  sortino: null,
  calmar: null,
  cagr: null,
  trades: 0,
};

describe("objectiveValue", () => {
  it("reads the single metrics", () => {
    expect(objectiveValue({ kind: "sharpe" }, metrics)).toBe(1.2);
    expect(objectiveValue({ kind: "sortino" }, metrics)).toBe(1.8);
    expect(objectiveValue({ kind: "calmar" }, metrics)).toBe(0.75);
  });

  it("weighs the mix on each metric's own scale", () => {
    // 0.5 × 1.2 + 10 × 0.15 = 0.6 + 1.5 = 2.1
    expect(
      objectiveValue({ kind: "mix", weights: { sharpe: 0.5, cagr: 10 } }, metrics),
    ).toBeCloseTo(2.1, 12);
    // 1 × 1.8 + 2 × 0.75 + 1 × 1.2 = 4.5
    expect(
      objectiveValue({ kind: "mix", weights: { sortino: 1, calmar: 2, sharpe: 1 } }, metrics),
    ).toBeCloseTo(4.5, 12);
  });

  it("fails a trial whose metric is null", () => {
    for (const objective of [
      { kind: "sharpe" },
      { kind: "sortino" },
      { kind: "calmar" },
      { kind: "cagr", maxDrawdown: 0.5 },
      { kind: "mix", weights: { sharpe: 1, cagr: 1 } },
    ] satisfies Objective[])
      expect(objectiveValue(objective, withoutTrades)).toBeUndefined();
    // A weight of 0 ignores the metric even when it is null: 2 × 1.2 = 2.4.
    const partial = { ...metrics, sortino: null };
    expect(objectiveValue({ kind: "mix", weights: { sharpe: 2, sortino: 0 } }, partial)).toBe(2.4);
  });

  it("makes CAGR infeasible above the drawdown cap, not at it", () => {
    expect(objectiveValue({ kind: "cagr", maxDrawdown: 0.25 }, metrics)).toBe(0.15);
    expect(objectiveValue({ kind: "cagr", maxDrawdown: 0.2 }, metrics)).toBe(0.15);
    expect(objectiveValue({ kind: "cagr", maxDrawdown: 0.19 }, metrics)).toBeUndefined();
  });
});

describe("describeObjective", () => {
  it("names the objective for a report", () => {
    expect(describeObjective({ kind: "sharpe" })).toMatch(/^Sharpe ratio/);
    expect(describeObjective({ kind: "calmar" })).toMatch(/CAGR \/ max drawdown/);
    expect(describeObjective({ kind: "cagr", maxDrawdown: 0.2 })).toMatch(
      /^CAGR with max drawdown at most 20%/,
    );
    expect(describeObjective({ kind: "cagr", maxDrawdown: 0.075 })).toMatch(/at most 7\.5%/);
    expect(describeObjective({ kind: "mix", weights: { cagr: 10, sharpe: 0.5 } })).toBe(
      "0.5 × Sharpe + 10 × CAGR",
    );
  });
});

describe("validateObjective", () => {
  const refused = (objective: unknown, message: RegExp) => {
    expect(() => validateObjective(objective as Objective)).toThrow(RangeError);
    expect(() => validateObjective(objective as Objective)).toThrow(message);
    expect(() => objectiveValue(objective as Objective, metrics)).toThrow(message);
  };

  it("refuses a drawdown cap that is not a fraction in (0, 1]", () => {
    refused(
      { kind: "cagr", maxDrawdown: -0.1 },
      /`maxDrawdown` must be greater than 0 \(was -0.1\)/,
    );
    refused({ kind: "cagr", maxDrawdown: 0 }, /`maxDrawdown` must be greater than 0/);
    refused({ kind: "cagr", maxDrawdown: 20 }, /at most 1 \(was 20\); write 0.2 for 20%/);
    refused({ kind: "cagr", maxDrawdown: NaN }, /`maxDrawdown` must be a finite fraction/);
    refused({ kind: "cagr" }, /`maxDrawdown` must be a finite fraction/);
  });

  it("refuses an empty mix, a bad weight and an unknown metric", () => {
    refused({ kind: "mix", weights: {} }, /`weights` is empty/);
    refused({ kind: "mix" }, /`weights` must be an object/);
    refused(
      { kind: "mix", weights: { sharpe: Infinity } },
      /`weights.sharpe` must be a finite number/,
    );
    refused({ kind: "mix", weights: { cagr: NaN } }, /`weights.cagr` must be a finite number/);
    refused({ kind: "mix", weights: { calmar: -1 } }, /`weights.calmar` must be 0 or more/);
    refused({ kind: "mix", weights: { sharpe: 0, cagr: 0 } }, /every weight is 0/);
    refused({ kind: "mix", weights: { beta: 1 } }, /unknown metric `beta`/);
  });

  it("refuses an unknown kind and accepts the good ones", () => {
    refused({ kind: "omega" }, /unknown objective kind "omega"/);
    expect(() => validateObjective({ kind: "cagr", maxDrawdown: 1 })).not.toThrow();
    expect(() => validateObjective({ kind: "mix", weights: { sharpe: 1, cagr: 0 } })).not.toThrow();
  });
});
