import { describe, expect, it } from "vitest";
import { centerReturns, crossProducts } from "./covariance.ts";
import { ledoitWolf, ShrinkageTarget } from "./ledoit-wolf.ts";
import { mulberry32, normalSource } from "../random.ts";
import { factorReturns } from "./test-reference.ts";

const n = 4;
const t = 30;
/**
 * Two pairs on two independent factors (A, B and C, D) with different volatilities: far from a
 * constant correlation, so the intensity lands inside (0, 1) and every term of the formula counts.
 */
const columns = (() => {
  const normal = normalSource(mulberry32(11));
  const rows = Array.from({ length: t }, () => {
    const [f1, f2] = [normal(), normal()];
    return [
      0.01 * (f1 + 0.4 * normal()),
      0.02 * (f1 + 0.6 * normal()),
      0.015 * (f2 + 0.5 * normal()),
      0.03 * (f2 + 0.8 * normal()),
    ];
  });
  return [0, 1, 2, 3].map((i) => Float64Array.from(rows, (row) => row[i]!));
})();

/** The sample as plain arrays: centred observations y[t][i] and S with divisor T. */
function plainSample() {
  const means = columns.map((column) => column.reduce((a, b) => a + b, 0) / t);
  const y = Array.from({ length: t }, (_, s) => columns.map((column, i) => column[s]! - means[i]!));
  const sample = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => y.reduce((sum, row) => sum + row[i]! * row[j]!, 0) / t),
  );
  return { y, sample };
}

describe("ledoitWolf", () => {
  it("shrinks toward constant correlation with the intensity of Ledoit & Wolf (2004), formula by formula", () => {
    // "Honey, I shrunk the sample covariance matrix", section 2 and Appendix B, term by term,
    // in the definitional form (no rearranged sums).
    const { y, sample } = plainSample();
    const sd = sample.map((row, i) => Math.sqrt(row[i]!));
    let correlationSum = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (i !== j) correlationSum += sample[i]![j]! / (sd[i]! * sd[j]!);
    const rBar = correlationSum / (n * (n - 1));
    const target = (i: number, j: number) => (i === j ? sample[i]![i]! : rBar * sd[i]! * sd[j]!);
    const piOf = (i: number, j: number) =>
      y.reduce((sum, row) => sum + (row[i]! * row[j]! - sample[i]![j]!) ** 2, 0) / t;
    const thetaOf = (k: number, i: number, j: number) =>
      y.reduce(
        (sum, row) => sum + (row[k]! ** 2 - sample[k]![k]!) * (row[i]! * row[j]! - sample[i]![j]!),
        0,
      ) / t;
    let pi = 0;
    let rho = 0;
    let gamma = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        pi += piOf(i, j);
        gamma += (target(i, j) - sample[i]![j]!) ** 2;
        if (i === j) rho += piOf(i, i);
        else
          rho +=
            (rBar / 2) *
            (Math.sqrt(sample[j]![j]! / sample[i]![i]!) * thetaOf(i, i, j) +
              Math.sqrt(sample[i]![i]! / sample[j]![j]!) * thetaOf(j, i, j));
      }
    const expected = Math.max(0, Math.min(1, (pi - rho) / gamma / t));
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(1);

    const centered = centerReturns(["A", "B", "C", "D"], columns);
    const shrunk = ledoitWolf(centered, crossProducts(centered, t));
    expect(shrunk.target).toBe(ShrinkageTarget.constantCorrelation);
    expect(shrunk.intensity).toBeCloseTo(expected, 12);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        expect(shrunk.covariance[i * n + j]!).toBeCloseTo(
          expected * target(i, j) + (1 - expected) * sample[i]![j]!,
          15,
        );
  });

  it("shrinks toward a scaled identity as scikit-learn's ledoit_wolf does (Ledoit & Wolf, JMA 2004)", () => {
    // Lemma 3.3 and Theorem 3.4 with ‖A‖² = tr(AAᵀ)/n, per observation, in the definitional form.
    const { y, sample } = plainSample();
    const normSquared = (matrix: number[][]) =>
      matrix.flat().reduce((sum, value) => sum + value * value, 0) / n;
    const m = sample.reduce((sum, row, i) => sum + row[i]!, 0) / n;
    const d2 = normSquared(
      sample.map((row, i) => row.map((value, j) => value - (i === j ? m : 0))),
    );
    const b2bar =
      y.reduce(
        (sum, row) =>
          sum + normSquared(sample.map((sRow, i) => sRow.map((s, j) => row[i]! * row[j]! - s))),
        0,
      ) /
      (t * t);
    const expected = Math.min(b2bar, d2) / d2;

    const centered = centerReturns(["A", "B", "C", "D"], columns);
    const shrunk = ledoitWolf(centered, crossProducts(centered, t), ShrinkageTarget.scaledIdentity);
    expect(shrunk.intensity).toBeCloseTo(expected, 12);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        expect(shrunk.covariance[i * n + j]!).toBeCloseTo(
          expected * (i === j ? m : 0) + (1 - expected) * sample[i]![j]!,
          15,
        );
  });

  it("shrinks less as observations grow", () => {
    const intensity = (observations: number) => {
      const more = factorReturns(8, observations, 3);
      const centered = centerReturns(
        more.map((_, i) => `S${i}`),
        more,
      );
      return ledoitWolf(centered, crossProducts(centered, observations)).intensity;
    };
    expect(intensity(2000)).toBeLessThan(intensity(60));
  });
});
