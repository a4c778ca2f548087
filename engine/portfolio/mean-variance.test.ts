import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random.ts";
import type { WeightConstraints } from "./constraints.ts";
import { efficientFrontier, maximumReturn } from "./frontier.ts";
import { maximumRatio, minimumVariance } from "./mean-variance.ts";
import { QuadraticProgramSolver } from "./quadratic-program.ts";
import {
  covarianceFrom,
  invert,
  projectedGradientMinimumVariance,
  quadratic,
  simplexGrid,
} from "./test-reference.ts";

// Four assets whose unconstrained minimum-variance portfolio shorts one of them (asset 1 is a
// noisier copy of asset 0: ρ = 0.9 with twice the volatility).
const volatilities = [0.1, 0.2, 0.15, 0.25];
const correlation = [1, 0.9, 0.3, 0.2, 0.9, 1, 0.25, 0.1, 0.3, 0.25, 1, 0.4, 0.2, 0.1, 0.4, 1];
const covariance = covarianceFrom(volatilities, correlation);
const unbounded = (budget: number): WeightConstraints => ({
  lower: new Float64Array(4).fill(-Infinity),
  upper: new Float64Array(4).fill(Infinity),
  budget,
});

/** w = Σ⁻¹1 / 1ᵀΣ⁻¹1 (Merton, "An analytic derivation of the efficient portfolio frontier", 1972). */
function closedFormMinimumVariance(): number[] {
  const inverse = invert(Array.from(covariance), 4);
  const row = Array.from({ length: 4 }, (_, i) =>
    inverse.slice(i * 4, i * 4 + 4).reduce((a, b) => a + b, 0),
  );
  const total = row.reduce((a, b) => a + b, 0);
  return row.map((value) => value / total);
}

describe("minimumVariance", () => {
  it("matches the closed form Σ⁻¹1 / 1ᵀΣ⁻¹1 without bounds, negative weight included", () => {
    const expected = closedFormMinimumVariance();
    expect(expected[1]!).toBeLessThan(0);
    const weights = minimumVariance(covariance, unbounded(1));
    expected.forEach((value, i) => expect(weights[i]!).toBeCloseTo(value, 12));
    // A budget of 0.8 scales the same portfolio.
    const scaled = minimumVariance(covariance, unbounded(0.8));
    expected.forEach((value, i) => expect(scaled[i]!).toBeCloseTo(0.8 * value, 12));
  });

  it("agrees with projected gradient descent when bounds bind", () => {
    const bounds = { lower: [0, 0, 0, 0.1], upper: [0.4, 0.4, 0.4, 0.4], budget: 0.95 };
    const reference = projectedGradientMinimumVariance(covariance, bounds);
    const weights = minimumVariance(covariance, {
      lower: Float64Array.from(bounds.lower),
      upper: Float64Array.from(bounds.upper),
      budget: bounds.budget,
    });
    // Assets 0 and 2 sit at the cap and asset 3 at its floor.
    expect([weights[0], weights[2], weights[3]]).toEqual(
      [0.4, 0.4, 0.1].map((value) => expect.closeTo(value, 12)),
    );
    reference.forEach((value, i) => expect(weights[i]!).toBeCloseTo(value, 6));
  });

  it("is never beaten by projected gradient descent on 12 seeded random bounded problems", () => {
    const uniform = mulberry32(17);
    for (let problem = 0; problem < 12; problem++) {
      const n = 3 + (problem % 4);
      const volatilities = Array.from({ length: n }, () => 0.05 + 0.3 * uniform());
      // A random correlation: normalized Gram matrix of random vectors (positive definite).
      const vectors = Array.from({ length: n }, () =>
        Array.from({ length: n }, () => uniform() - 0.3),
      );
      const gram = vectors.flatMap((a) =>
        vectors.map((b) => a.reduce((s, v, k) => s + v * b[k]!, 0)),
      );
      const correlation = gram.map(
        (value, k) =>
          value / Math.sqrt(gram[Math.floor(k / n) * (n + 1)]! * gram[(k % n) * (n + 1)]!),
      );
      const random = covarianceFrom(volatilities, correlation);
      const upper = Array.from({ length: n }, () => 0.25 + 0.5 * uniform());
      const lower = Array.from({ length: n }, () => (uniform() < 0.3 ? 0.05 : 0));
      const bounds = { lower, upper, budget: 0.8 + 0.2 * uniform() };
      const weights = minimumVariance(random, {
        lower: Float64Array.from(lower),
        upper: Float64Array.from(upper),
        budget: bounds.budget,
      });
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(bounds.budget, 12);
      weights.forEach((w, i) => {
        expect(w).toBeGreaterThanOrEqual(lower[i]! - 1e-12);
        expect(w).toBeLessThanOrEqual(upper[i]! + 1e-12);
      });
      const reference = projectedGradientMinimumVariance(random, bounds, 5_000);
      expect(quadratic(Array.from(weights), random)).toBeLessThanOrEqual(
        quadratic(reference, random) * (1 + 1e-9),
      );
    }
  });

  it("honours a cluster cap, against a brute-force grid", () => {
    // Assets 0 and 1 (three assets here) form one cluster capped at 0.5.
    const three = covarianceFrom([0.1, 0.12, 0.3], [1, 0.2, 0.1, 0.2, 1, 0.1, 0.1, 0.1, 1]);
    const constraints: WeightConstraints = {
      lower: new Float64Array(3),
      upper: new Float64Array(3).fill(1),
      budget: 1,
      clusters: { of: Int32Array.of(0, 0, 1), caps: Float64Array.of(0.5, 1) },
    };
    const weights = minimumVariance(three, constraints);
    let best = { variance: Infinity, w: [0, 0, 0] };
    for (const w of simplexGrid(1, 0.0005)) {
      if (w[0] + w[1] > 0.5 + 1e-12) continue;
      const variance = quadratic(w, three);
      if (variance < best.variance) best = { variance, w };
    }
    expect(weights[0]! + weights[1]!).toBeCloseTo(0.5, 12);
    best.w.forEach((value, i) => expect(weights[i]!).toBeCloseTo(value, 3));
    expect(quadratic(Array.from(weights), three)).toBeLessThanOrEqual(best.variance + 1e-15);
  });
});

describe("maximumRatio (maximum Sharpe)", () => {
  const three = covarianceFrom([0.1, 0.2, 0.3], [1, 0.3, 0.2, 0.3, 1, 0.5, 0.2, 0.5, 1]);
  const excess = Float64Array.of(0.03, 0.08, 0.09);
  const sharpe = (w: readonly number[]) =>
    w.reduce((total, wi, i) => total + wi * excess[i]!, 0) / Math.sqrt(quadratic(w, three));

  it("finds the grid's best Sharpe ratio under bounds and a cash buffer", () => {
    const constraints: WeightConstraints = {
      lower: Float64Array.of(0.1, 0, 0),
      upper: new Float64Array(3).fill(0.4),
      budget: 0.9,
    };
    const weights = maximumRatio(three, excess, constraints)!;
    let best = { ratio: -Infinity, w: [0, 0, 0] };
    for (const w of simplexGrid(0.9, 0.0005)) {
      if (w[0] < 0.1 - 1e-12 || w.some((value) => value > 0.4 + 1e-12)) continue;
      const ratio = sharpe(w);
      if (ratio > best.ratio) best = { ratio, w };
    }
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(0.9, 12);
    expect(weights[0]!).toBeGreaterThanOrEqual(0.1 - 1e-12);
    for (const value of weights) expect(value).toBeLessThanOrEqual(0.4 + 1e-12);
    best.w.forEach((value, i) => expect(weights[i]!).toBeCloseTo(value, 3));
    expect(sharpe(Array.from(weights))).toBeGreaterThanOrEqual(best.ratio - 1e-12);
  });

  it("is the tangency portfolio Σ⁻¹(μ − rf), normalized, when no bound binds", () => {
    const inverse = invert(Array.from(three), 3);
    const raw = [0, 1, 2].map((i) =>
      [0, 1, 2].reduce((t, j) => t + inverse[i * 3 + j]! * excess[j]!, 0),
    );
    const total = raw.reduce((a, b) => a + b, 0);
    const weights = maximumRatio(three, excess, {
      lower: new Float64Array(3),
      upper: new Float64Array(3).fill(1),
      budget: 1,
    })!;
    raw.forEach((value, i) => expect(weights[i]!).toBeCloseTo(value / total, 10));
  });

  it("is undefined when no feasible portfolio has a positive numerator", () => {
    const constraints = {
      lower: new Float64Array(3),
      upper: new Float64Array(3).fill(1),
      budget: 1,
    };
    expect(maximumRatio(three, Float64Array.of(-0.01, -0.02, -0.03), constraints)).toBeUndefined();
  });
});

describe("the efficient frontier", () => {
  const three = covarianceFrom([0.1, 0.2, 0.3], [1, 0.3, 0.2, 0.3, 1, 0.5, 0.2, 0.5, 1]);
  const means = Float64Array.of(0.04, 0.07, 0.1);
  const constraints: WeightConstraints = {
    lower: new Float64Array(3),
    upper: new Float64Array(3).fill(0.6),
    budget: 1,
  };

  it("runs from the minimum-variance portfolio to the greedy maximum return, rising in both", () => {
    // Greedy by hand: asset 2 to its cap 0.6, then asset 1 takes the remaining 0.4.
    expect(Array.from(maximumReturn(means, constraints))).toEqual([0, 0.4, 0.6]);
    const frontier = efficientFrontier(
      three,
      means,
      constraints,
      minimumVariance(three, constraints),
      9,
    );
    expect(frontier).toHaveLength(9);
    expect(frontier.at(-1)!.expectedReturn).toBeCloseTo(0.4 * 0.07 + 0.6 * 0.1, 12);
    for (let k = 1; k < frontier.length; k++) {
      expect(frontier[k]!.expectedReturn).toBeGreaterThan(frontier[k - 1]!.expectedReturn);
      expect(frontier[k]!.volatility).toBeGreaterThanOrEqual(frontier[k - 1]!.volatility - 1e-12);
    }
  });

  it("has at each target return the least variance a fine line search finds", () => {
    const frontier = efficientFrontier(
      three,
      means,
      constraints,
      minimumVariance(three, constraints),
      5,
    );
    const middle = frontier[2]!;
    // {1ᵀw = 1, μᵀw = r} is a line in three assets: w = p + s·q, searched over s inside the box.
    const target = middle.expectedReturn;
    let best = Infinity;
    for (let w2 = 0; w2 <= 0.6; w2 += 1e-6) {
      // w0 + w1 = 1 − w2 and 0.04 w0 + 0.07 w1 = target − 0.1 w2.
      const w1 = (target - 0.1 * w2 - 0.04 * (1 - w2)) / 0.03;
      const w0 = 1 - w2 - w1;
      if (w0 < 0 || w1 < 0 || w0 > 0.6 || w1 > 0.6) continue;
      best = Math.min(best, quadratic([w0, w1, w2], three));
    }
    expect(middle.volatility ** 2).toBeCloseTo(best, 9);
    expect(middle.volatility ** 2).toBeLessThanOrEqual(best + 1e-15);
  });
});

describe("QuadraticProgramSolver", () => {
  it("reports an empty feasible set instead of an answer", () => {
    const solver = new QuadraticProgramSolver(2, { equalities: 1, inequalities: 0 });
    solver.setHessian(Float64Array.of(1, 0, 0, 1));
    const outcome = solver.solve(
      {
        linear: new Float64Array(2),
        equalities: { rows: Float64Array.of(1, 1), rhs: Float64Array.of(1) },
        lower: Float64Array.of(0.6, 0.6),
      },
      new Float64Array(2),
    );
    expect(outcome.status).toBe("infeasible");
  });

  it("refuses a Hessian that is not positive definite", () => {
    const solver = new QuadraticProgramSolver(2, { equalities: 0, inequalities: 0 });
    expect(() => solver.setHessian(Float64Array.of(1, 1, 1, 1))).toThrow(/positive definite/);
  });
});
