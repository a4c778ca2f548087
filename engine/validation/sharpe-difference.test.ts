import { describe, expect, it } from "vitest";
import { mulberry32, normalSource } from "../random.ts";
import { sharpeDifferenceTest } from "./sharpe-difference.ts";
import { sharpeMoments } from "./sharpe-inference.ts";

const normals = (seed: number) => normalSource(mulberry32(seed));

/** Two correlated normal return series: b = rho a-noise + sqrt(1 - rho²) other noise. */
function correlatedPair(
  seed: number,
  count: number,
  rho: number,
  sharpes: [number, number],
  scale = 0.01,
): [Float64Array, Float64Array] {
  const next = normals(seed);
  const a = new Float64Array(count);
  const b = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    const first = next();
    const second = rho * first + Math.sqrt(1 - rho * rho) * next();
    a[t] = scale * (sharpes[0] + first);
    b[t] = scale * (sharpes[1] + second);
  }
  return [a, b];
}

/**
 * A second implementation, written from the definition rather than the test's algebra: the
 * Sharpe difference as a function of the four sample moments, differentiated numerically, and
 * the 4x4 long-run covariance built lag by lag with Bartlett weights.
 */
function referenceStandardError(a: Float64Array, b: Float64Array, lags: number): number {
  const count = a.length;
  const rows = Array.from(a, (value, t) => [value, b[t]!, value * value, b[t]! * b[t]!]);
  const mean = [0, 1, 2, 3].map((k) => rows.reduce((sum, row) => sum + row[k]!, 0) / count);
  const f = (m: number[]) =>
    m[0]! / Math.sqrt(m[2]! - m[0]! ** 2) - m[1]! / Math.sqrt(m[3]! - m[1]! ** 2);
  const gradient = mean.map((_, k) => {
    const step = 1e-6 * Math.max(Math.abs(mean[k]!), 1e-8);
    const up = mean.slice();
    const down = mean.slice();
    up[k]! += step;
    down[k]! -= step;
    return (f(up) - f(down)) / (2 * step);
  });
  const psi = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
  for (let lag = -lags; lag <= lags; lag++) {
    const weight = 1 - Math.abs(lag) / (lags + 1);
    for (let j = 0; j < 4; j++)
      for (let k = 0; k < 4; k++) {
        let sum = 0;
        for (let t = Math.max(0, lag); t < Math.min(count, count + lag); t++)
          sum += (rows[t]![j]! - mean[j]!) * (rows[t - lag]![k]! - mean[k]!);
        psi[j]![k]! += (weight * sum) / count;
      }
  }
  let variance = 0;
  for (let j = 0; j < 4; j++)
    for (let k = 0; k < 4; k++) variance += gradient[j]! * psi[j]![k]! * gradient[k]!;
  return Math.sqrt(variance / count);
}

describe("sharpeDifferenceTest", () => {
  it("matches a second implementation (numerical gradient, lag-by-lag covariance)", () => {
    const [a, b] = correlatedPair(7, 400, 0.6, [0.08, 0.02]);
    for (const lags of [0, 1, 5]) {
      const test = sharpeDifferenceTest(a, b, lags);
      expect(test.standardError).toBeCloseTo(referenceStandardError(a, b, lags), 6);
      expect(test.lags).toBe(lags);
      expect(test.count).toBe(400);
    }
  });

  it("is Mertens' (2002) variance of one Sharpe ratio, four times, for a series against its negative", () => {
    // b = -a: SR(b) = -SR(a), so the difference is 2 SR(a) and its variance 4 Var(SR(a)), which
    // for independent periods is (1 - skew SR + (kurtosis - 1) / 4 SR²) / T (Mertens 2002).
    const next = normals(3);
    const a = Float64Array.from({ length: 250 }, () => 0.001 + 0.01 * next() ** 3);
    const b = a.map((value) => -value);
    const { skewness, kurtosis } = sharpeMoments(a);
    const mean = a.reduce((sum, value) => sum + value, 0) / a.length;
    const sharpe =
      mean / Math.sqrt(a.reduce((sum, value) => sum + (value - mean) ** 2, 0) / a.length);
    const mertens = (1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe ** 2) / a.length;
    const test = sharpeDifferenceTest(a, b, 0);
    expect(test.difference).toBeCloseTo(2 * sharpe, 12);
    expect(test.standardError ** 2).toBeCloseTo(4 * mertens, 12);
  });

  it("approaches Jobson & Korkie's test with Memmel's (2003) correction for normal returns", () => {
    // Normal theory: Var = (2 - 2 rho + (SR1² + SR2² - 2 SR1 SR2 rho²) / 2) / T.
    const [a, b] = correlatedPair(11, 200_000, 0.5, [0.1, 0.05]);
    const sa = sharpeMoments(a).sharpe;
    const sb = sharpeMoments(b).sharpe;
    const rho = 0.5;
    const memmel = Math.sqrt(
      (2 - 2 * rho + (sa ** 2 + sb ** 2 - 2 * sa * sb * rho ** 2) / 2) / 200_000,
    );
    expect(sharpeDifferenceTest(a, b, 0).standardError / memmel).toBeCloseTo(1, 2);
  });

  it("rejects equal Sharpe ratios about 5% of the time, and a real difference nearly always", () => {
    let falseAlarms = 0;
    let detected = 0;
    const runs = 400;
    for (let run = 0; run < runs; run++) {
      const [a, b] = correlatedPair(1000 + run, 500, 0.7, [0.05, 0.05]);
      if (sharpeDifferenceTest(a, b).pValue < 0.05) falseAlarms++;
      const [c, d] = correlatedPair(5000 + run, 1000, 0.7, [0.15, 0]);
      if (sharpeDifferenceTest(c, d).pValue < 0.05) detected++;
    }
    // Binomial(400, 0.05): 20 expected, sd 4.4; the bounds are about 3 sd out.
    expect(falseAlarms).toBeGreaterThanOrEqual(7);
    expect(falseAlarms).toBeLessThanOrEqual(34);
    expect(detected / runs).toBeGreaterThan(0.95);
  });

  it("says which argument is wrong", () => {
    const series = Float64Array.from([0.01, -0.02, 0.03, 0.01]);
    expect(() => sharpeDifferenceTest(series, series.slice(1))).toThrow(/same periods \(4 and 3/);
    expect(() =>
      sharpeDifferenceTest(Float64Array.from([0.01, 0.01, 0.01]), series.slice(1)),
    ).toThrow(/`a` has zero variance/);
    expect(() => sharpeDifferenceTest(series, Float64Array.from([0, Number.NaN, 0, 0]))).toThrow(
      /`b`\[1\] must be finite/,
    );
    expect(() => sharpeDifferenceTest(series, series, 4)).toThrow(/`lags` must be below the 4/);
    expect(() => sharpeDifferenceTest(series, series, -1)).toThrow(/`lags` must be an integer/);
  });

  it("finds no difference between a series and itself", () => {
    const [a] = correlatedPair(5, 100, 0, [0.1, 0]);
    const test = sharpeDifferenceTest(a, a);
    expect(test.difference).toBe(0);
    expect(test.z).toBe(0);
    expect(test.pValue).toBe(1);
  });
});
