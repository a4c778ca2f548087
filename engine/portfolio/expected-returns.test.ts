import { describe, expect, it } from "vitest";
import { bayesSteinMeans } from "./expected-returns.ts";
import { covarianceFrom, invert } from "./test-reference.ts";

describe("bayesSteinMeans", () => {
  it("pulls the means toward the minimum-variance portfolio's mean by Jorion's (1986) weight", () => {
    const covariance = covarianceFrom([0.01, 0.02, 0.015], [1, 0.3, 0.1, 0.3, 1, 0.2, 0.1, 0.2, 1]);
    const means = Float64Array.of(0.001, 0.0004, -0.0002);
    const observations = 250;
    // By the formulas with an inverse computed here: μ₀ = 1ᵀΣ⁻¹μ / 1ᵀΣ⁻¹1,
    // ŵ = (n + 2) / (n + 2 + T (μ − μ₀)ᵀΣ⁻¹(μ − μ₀)).
    const inverse = invert(Array.from(covariance), 3);
    const times = (v: number[]) =>
      [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + inverse[i * 3 + j]! * v[j]!, 0));
    const ones = [1, 1, 1];
    const dot = (a: number[], b: number[]) => a.reduce((s, value, i) => s + value * b[i]!, 0);
    const grandMean = dot(ones, times(Array.from(means))) / dot(ones, times(ones));
    const gap = Array.from(means, (mean) => mean - grandMean);
    const intensity = 5 / (5 + observations * dot(gap, times(gap)));

    const shrunk = bayesSteinMeans(means, covariance, observations);
    expect(shrunk.grandMean).toBeCloseTo(grandMean, 15);
    expect(shrunk.intensity).toBeCloseTo(intensity, 12);
    means.forEach((mean, i) =>
      expect(shrunk.means[i]!).toBeCloseTo((1 - intensity) * mean + intensity * grandMean, 15),
    );
    // Shrinkage keeps the order and narrows the spread.
    expect(shrunk.means[0]! - shrunk.means[2]!).toBeLessThan(means[0]! - means[2]!);
    expect(shrunk.means[0]!).toBeGreaterThan(shrunk.means[1]!);
  });
});
