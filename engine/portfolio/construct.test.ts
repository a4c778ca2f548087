import { describe, expect, it } from "vitest";
import { constructPortfolio, objectives, type PortfolioRequest } from "./construct.ts";
import { infeasibility } from "./constraints.ts";
import { factorReturns } from "./test-reference.ts";

const returns = factorReturns(12, 400, 21, (asset) => 0.0001 * (asset % 6));
const names = returns.map((_, i) => `S${String(i).padStart(2, "0")}`);
const request = (overrides: Partial<PortfolioRequest> = {}): PortfolioRequest => ({
  names,
  returns,
  objective: "hrp",
  covariance: "ledoitWolf",
  expectedReturns: "historical",
  riskFreeRate: 0,
  minWeight: 0,
  maxWeight: 1,
  clusterThreshold: 0.7,
  cashBuffer: 0,
  frontierPoints: 8,
  ...overrides,
});

describe("constructPortfolio", () => {
  it.each(objectives)("%s honours bounds, cluster caps and the cash buffer", (objective) => {
    // Every asset loads on one factor: at threshold 0.2 they form clusters; cap each at 0.4.
    const result = constructPortfolio(
      request({
        objective,
        minWeight: 0.02,
        maxWeight: 0.15,
        clusterCap: 0.4,
        clusterThreshold: 0.2,
        cashBuffer: 0.1,
      }),
    );
    const weights = Array.from(result.weights);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(0.9, 10);
    for (const weight of weights) {
      expect(weight).toBeGreaterThanOrEqual(0.02);
      expect(weight).toBeLessThanOrEqual(0.15);
    }
    const totals = new Map<string, number>();
    names.forEach((name, i) =>
      totals.set(
        result.clusters.get(name)!,
        (totals.get(result.clusters.get(name)!) ?? 0) + weights[i]!,
      ),
    );
    expect(totals.size).toBeGreaterThan(1);
    for (const total of totals.values()) expect(total).toBeLessThanOrEqual(0.4 + 1e-10);
    expect(Array.from(result.riskContributions).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(result.frontier.length).toBeGreaterThan(1);
  });

  it("minVariance has the lowest volatility and maxSharpe the highest Sharpe ratio of all objectives", () => {
    const results = Object.fromEntries(
      objectives.map((objective) => [
        objective,
        constructPortfolio(request({ objective, maxWeight: 0.3 })),
      ]),
    );
    const sharpe = (name: string) => results[name]!.expectedReturn / results[name]!.volatility;
    for (const objective of objectives) {
      expect(results.minVariance!.volatility).toBeLessThanOrEqual(
        results[objective]!.volatility + 1e-15,
      );
      expect(sharpe("maxSharpe")).toBeGreaterThanOrEqual(sharpe(objective) - 1e-12);
    }
    // The frontier starts at the minimum-variance portfolio.
    expect(results.hrp!.frontier[0]!.volatility).toBeCloseTo(results.minVariance!.volatility, 12);
  });

  it("falls back to minimum variance with a warning when no portfolio beats the risk-free rate", () => {
    const result = constructPortfolio(request({ objective: "maxSharpe", riskFreeRate: 0.01 }));
    expect(result.warnings.join(" ")).toMatch(/no feasible portfolio has an expected return above/);
    const minimum = constructPortfolio(request({ objective: "minVariance" }));
    expect(result.volatility).toBeCloseTo(minimum.volatility, 14);
  });

  it("shrinks the means toward the grand mean when asked", () => {
    const historical = constructPortfolio(request());
    const shrunk = constructPortfolio(request({ expectedReturns: "shrunk" }));
    const spread = (means: Float64Array) => Math.max(...means) - Math.min(...means);
    expect(shrunk.meanShrinkage!.intensity).toBeGreaterThan(0);
    expect(spread(shrunk.means)).toBeLessThan(spread(historical.means));
  });

  it("refuses bad input, naming the field", () => {
    const short = returns.map((column, i) => (i === 3 ? column.subarray(1) : column));
    expect(() => constructPortfolio(request({ returns: short }))).toThrow(
      /S03: 399 returns where S00 has 400; every series needs the same length/,
    );
    const broken = returns.map((column, i) =>
      i === 2 ? column.map((v, t) => (t === 5 ? NaN : v)) : column,
    );
    expect(() => constructPortfolio(request({ returns: broken }))).toThrow(/S02: return 5 is NaN/);
    const few = returns.map((column) => column.subarray(0, 10));
    expect(() => constructPortfolio(request({ returns: few }))).toThrow(
      /10 returns per series, need at least 20/,
    );
    expect(() => constructPortfolio(request({ maxWeight: 0.05 }))).toThrow(
      /^maxWeight: maxWeight x 12 assets = 0.6 < 1 \(1 - cashBuffer\)/,
    );
    expect(() => constructPortfolio(request({ minWeight: 0.1 }))).toThrow(/^minWeight:/);
    const copies = returns.map((column, i) => (i === 1 ? returns[0]! : column));
    expect(() => constructPortfolio(request({ returns: copies, covariance: "sample" }))).toThrow(
      /^covariance: the sample covariance is singular/,
    );
  });
});

describe("infeasibility", () => {
  it("names the cluster caps when they cannot hold the budget", () => {
    const problem = infeasibility({
      lower: new Float64Array(4),
      upper: new Float64Array(4).fill(1),
      budget: 1,
      clusters: { of: Int32Array.of(0, 0, 1, 1), caps: Float64Array.of(0.3, 0.3) },
    });
    expect(problem?.field).toBe("clusterCap");
    expect(problem?.message).toMatch(/allow at most 0.6 in total/);
  });
});
