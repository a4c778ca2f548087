import { describe, expect, it } from "vitest";
import { firstEigen, firstEigenShare } from "./eigen.ts";

describe("firstEigen", () => {
  it("finds λ₁ of hand-checked 3x3 correlation matrices", () => {
    // Equicorrelated a = 0.5: eigenvalues 1 + 2a = 2 and 1 - a twice; share 2/3.
    const equal = Float64Array.from([1, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 0.5, 1]);
    const first = firstEigenShare(equal, 3);
    expect(first.value).toBeCloseTo(2, 10);
    expect(first.share).toBeCloseTo(2 / 3, 10);
    expect(Array.from(first.vector, Math.abs)).toEqual(
      Array.from({ length: 3 }, () => expect.closeTo(1 / Math.sqrt(3), 8)),
    );
    // Chain [[1,a,0],[a,1,a],[0,a,1]]: det(M - λI) = (1-λ)((1-λ)² - 2a²), so λ = 1, 1 ± a√2.
    const chain = Float64Array.from([1, 0.5, 0, 0.5, 1, 0.5, 0, 0.5, 1]);
    expect(firstEigen(chain, 3).value).toBeCloseTo(1 + 0.5 * Math.SQRT2, 10);
  });

  it("finds the top eigenvector even when it is orthogonal to the all-ones vector", () => {
    // Two anti-correlated series and an independent one: eigenvalues 1.5, 1, 0.5; the top
    // eigenvector (1, -1, 0)/√2 is orthogonal to (1, 1, 1).
    const opposed = Float64Array.from([1, -0.5, 0, -0.5, 1, 0, 0, 0, 1]);
    const { value, vector } = firstEigen(opposed, 3);
    expect(value).toBeCloseTo(1.5, 10);
    expect(Math.abs(vector[0]! + vector[1]!)).toBeLessThan(1e-8);
  });

  it("gives a share of 1/n for uncorrelated series and refuses a misshaped matrix", () => {
    const identity = Float64Array.from([1, 0, 0, 1]);
    expect(firstEigenShare(identity, 2).share).toBeCloseTo(0.5, 12);
    expect(() => firstEigen(new Float64Array(5), 2)).toThrow(/n\*n/);
  });
});

describe("firstEigen warm start", () => {
  it("recovers when the previous eigenvector is orthogonal to the new top one", () => {
    // Two series flip from correlation +1 (eigenvector (1,1)/√2) to −1 (top eigenvector (1,−1)/√2).
    const previous = Float64Array.from([Math.SQRT1_2, Math.SQRT1_2]);
    const flipped = Float64Array.from([1, -1, -1, 1]);
    expect(firstEigen(flipped, 2, previous).value).toBeCloseTo(2, 10);
  });
});
