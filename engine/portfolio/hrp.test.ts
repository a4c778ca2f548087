import { describe, expect, it } from "vitest";
import { hierarchicalRiskParity, quasiDiagonalOrder, singleLinkage } from "./hrp.ts";
import { covarianceFrom } from "./test-reference.ts";

describe("hierarchicalRiskParity", () => {
  it("reproduces a four-asset example worked by hand", () => {
    // Volatilities 0.1, 0.2, 0.2, 0.3 (variances 0.01, 0.04, 0.04, 0.09); assets 0 and 2
    // correlate 0.8 (covariance 0.8·0.1·0.2 = 0.016), assets 1 and 3 0.6 (0.6·0.2·0.3 = 0.036),
    // every other pair 0.
    const covariance = covarianceFrom(
      [0.1, 0.2, 0.2, 0.3],
      [1, 0, 0.8, 0, 0, 1, 0, 0.6, 0.8, 0, 1, 0, 0, 0.6, 0, 1],
    );
    // Tree. Distances √((1 − ρ)/2): d02 = √0.1 = 0.316, d13 = √0.2 = 0.447, the rest √0.5 = 0.707.
    // Single linkage merges {0,2} (id 4) at 0.316, {1,3} (id 5) at 0.447, then {4,5} (id 6).
    const { weights, order, linkage } = hierarchicalRiskParity(covariance, 4);
    expect(Array.from(linkage.left)).toEqual([0, 1, 4]);
    expect(Array.from(linkage.right)).toEqual([2, 3, 5]);
    expect(Array.from(linkage.height)).toEqual(
      [0.1, 0.2, 0.5].map((value) => expect.closeTo(Math.sqrt(value), 15)),
    );
    // Quasi-diagonal order: the root's left child {0,2}, then {1,3}.
    expect(Array.from(order)).toEqual([0, 2, 1, 3]);
    // Bisection 1: [0,2] | [1,3], each half valued by its inverse-variance portfolio.
    //   [0,2]: weights ∝ 1/0.01 : 1/0.04 = 0.8 : 0.2; V₀ = 0.64·0.01 + 0.04·0.04 + 2·0.8·0.2·0.016
    //          = 0.0064 + 0.0016 + 0.00512 = 0.01312.
    //   [1,3]: weights ∝ 1/0.04 : 1/0.09 = 9/13 : 4/13; V₁ = (81·0.04 + 16·0.09 + 2·36·0.036)/169
    //          = 7.272/169 = 0.0430296.
    //   α = 1 − V₀/(V₀ + V₁) = 0.0430296/0.0561496 = 0.766338 to [0,2], 0.233662 to [1,3].
    const v0 = 0.64 * 0.01 + 0.04 * 0.04 + 2 * 0.8 * 0.2 * 0.016;
    const v1 = (81 * 0.04 + 16 * 0.09 + 2 * 36 * 0.036) / 169;
    const alpha = 1 - v0 / (v0 + v1);
    // Bisection 2: [0] | [2] splits by variances: 1 − 0.01/0.05 = 0.8 to asset 0;
    //              [1] | [3]: 1 − 0.04/0.13 = 9/13 to asset 1.
    // Weights: 0.766338·0.8 = 0.613071, 0.233662·9/13 = 0.161766, 0.766338·0.2 = 0.153268,
    //          0.233662·4/13 = 0.071896.
    const expected = [alpha * 0.8, (1 - alpha) * (9 / 13), alpha * 0.2, (1 - alpha) * (4 / 13)];
    expect(alpha).toBeCloseTo(0.766338, 6);
    expected.forEach((value, i) => expect(weights[i]!).toBeCloseTo(value, 14));
    expect(Array.from(weights, (w) => Number(w.toFixed(6)))).toEqual([
      0.613071, 0.161766, 0.153268, 0.071896,
    ]);
  });

  it("builds SciPy's single-linkage tree: ties go to the lower index, the lower id first", () => {
    // Five points on a line at 0, 1, 3, 4, 10 (distances |x_i − x_j|): {0,1} and {2,3} tie at 1.
    const x = [0, 1, 3, 4, 10];
    const distance = Float64Array.from({ length: 25 }, (_, k) =>
      Math.abs(x[Math.floor(k / 5)]! - x[k % 5]!),
    );
    const linkage = singleLinkage(distance, 5);
    // scipy.cluster.hierarchy.linkage([[0],[1],[3],[4],[10]], "single"):
    // [[0,1,1],[2,3,1],[5,6,2],[4,7,6]].
    expect(Array.from(linkage.left)).toEqual([0, 2, 5, 4]);
    expect(Array.from(linkage.right)).toEqual([1, 3, 6, 7]);
    expect(Array.from(linkage.height)).toEqual([1, 1, 2, 6]);
    expect(Array.from(quasiDiagonalOrder(linkage, 5))).toEqual([4, 0, 1, 2, 3]);
  });

  it("gives inverse-variance weights to uncorrelated assets in pairs", () => {
    // With no correlation every split compares the halves' inverse-variance portfolios, whose
    // variances are 1/Σ(1/σ²): the result is the inverse-variance portfolio itself.
    const variances = [0.01, 0.02, 0.04, 0.08];
    const covariance = covarianceFrom(
      variances.map(Math.sqrt),
      [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
    );
    const inverse = variances.map((v) => 1 / v);
    const total = inverse.reduce((a, b) => a + b, 0);
    const { weights } = hierarchicalRiskParity(covariance, 4);
    inverse.forEach((value, i) => expect(weights[i]!).toBeCloseTo(value / total, 14));
  });
});
