import { describe, expect, it } from "vitest";
import { centerReturns, sampleCovariance } from "./covariance.ts";
import { riskContributions } from "./risk.ts";
import { riskParity } from "./risk-parity.ts";
import { covarianceFrom, factorReturns } from "./test-reference.ts";

describe("riskParity", () => {
  it("gives every one of 30 correlated assets a 1/N share of the risk", () => {
    const returns = factorReturns(30, 500, 7);
    const covariance = sampleCovariance(
      centerReturns(
        returns.map((_, i) => `S${i}`),
        returns,
      ),
    );
    const { weights, converged } = riskParity(covariance, 30);
    expect(converged).toBe(true);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    // Shares computed here, not by the solver's own stopping rule.
    for (let i = 0; i < 30; i++) {
      let marginal = 0;
      for (let j = 0; j < 30; j++) marginal += covariance[i * 30 + j]! * weights[j]!;
      let total = 0;
      for (let k = 0; k < 30; k++)
        for (let j = 0; j < 30; j++) total += weights[k]! * covariance[k * 30 + j]! * weights[j]!;
      expect((weights[i]! * marginal) / total).toBeCloseTo(1 / 30, 10);
    }
    expect(Array.from(riskContributions(weights, covariance))).toEqual(
      Array.from({ length: 30 }, () => expect.closeTo(1 / 30, 10)),
    );
  });

  it("is inverse volatility for two assets, whatever their correlation", () => {
    // w₁σ₁(w₁σ₁ + ρw₂σ₂) = w₂σ₂(w₂σ₂ + ρw₁σ₁) holds exactly when w₁σ₁ = w₂σ₂.
    const { weights } = riskParity(covarianceFrom([0.1, 0.3], [1, 0.5, 0.5, 1]), 2);
    expect(weights[0]).toBeCloseTo(0.75, 10);
    expect(weights[1]).toBeCloseTo(0.25, 10);
  });
});
