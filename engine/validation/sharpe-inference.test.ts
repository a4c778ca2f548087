import { describe, expect, it } from "vitest";
import {
  deflatedSharpeRatio,
  expectedMaxSharpe,
  minimumTrackRecordLength,
  probabilisticSharpeRatio,
  sharpeMoments,
} from "./sharpe-inference.ts";

// `normalCdf` (engine/scanner/statistics.ts) is good to ~1.2e-7 relative, so probabilities are
// compared to 1e-6; quantile-only results (expected maximum, MinTRL) to 1e-10 relative.
const probabilityTolerance = 1e-6;

describe("sharpeMoments", () => {
  it("matches a hand computation for 1, 2, 3, 4", () => {
    // mean 2.5; sample variance (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3, so SR = 2.5 / √(5/3).
    // Symmetric, so skewness 0; m2 = 5/4, m4 = (2 · 2.25² + 2 · 0.25²) / 4 = 2.5625, γ4 = 1.64.
    const moments = sharpeMoments(Float64Array.from([1, 2, 3, 4]));
    expect(moments.sharpe).toBeCloseTo(2.5 / Math.sqrt(5 / 3), 14);
    expect(moments.skewness).toBeCloseTo(0, 14);
    expect(moments.kurtosis).toBeCloseTo(1.64, 14);
    expect(moments.count).toBe(4);
  });

  it("matches scipy for a skewed series", () => {
    // numpy: x.mean() / x.std(ddof=1); scipy.stats.skew(x); scipy.stats.kurtosis(x, fisher=False).
    const returns = Float64Array.from([0.01, -0.02, 0.03, 0.05, -0.04, 0, 0.02, 0.1]);
    const moments = sharpeMoments(returns);
    expect(moments.sharpe).toBeCloseTo(0.4336326201794183, 13);
    expect(moments.skewness).toBeCloseTo(0.5669136344173458, 13);
    expect(moments.kurtosis).toBeCloseTo(2.7485680194196545, 13);
  });

  it("rejects short, non-finite and constant series, naming `returns`", () => {
    expect(() => sharpeMoments(new Float64Array(0))).toThrow(/`returns` needs at least 2/);
    expect(() => sharpeMoments(Float64Array.from([0.01]))).toThrow(RangeError);
    expect(() => sharpeMoments(Float64Array.from([0.01, Number.NaN]))).toThrow(
      /`returns`\[1\] must be finite/,
    );
    expect(() => sharpeMoments(Float64Array.from([0.01, 0.01, 0.01]))).toThrow(
      /`returns` has zero variance/,
    );
  });
});

describe("probabilisticSharpeRatio", () => {
  it("reproduces a published calculator's PSR(0)", () => {
    // auditzk.com's minimum-track-record calculator (Bailey & López de Prado 2012), at its defaults:
    // annualized SR 1 over 252 daily returns, skewness -0.5, kurtosis 4 (inferred from the
    // "SR variance factor 1.0345" it shows: 1 + 0.5/√252 + 0.75/252 = 1.03447); it shows
    // PSR(0) = 83.68%. mpmath at 40 digits gives 0.83676375551936963.
    const psr = probabilisticSharpeRatio({
      sharpe: 1 / Math.sqrt(252),
      benchmarkSharpe: 0,
      count: 252,
      skewness: -0.5,
      kurtosis: 4,
    });
    expect(psr).toBeCloseTo(0.8368, 4);
    expect(Math.abs(psr - 0.8367637555193695)).toBeLessThan(probabilityTolerance);
  });

  it("matches mpmath for normal and for fat-tailed, skewed returns", () => {
    // mpmath: ncdf((sr - sr*) * sqrt(T - 1) / sqrt(1 - g3 sr + (g4 - 1) / 4 sr^2)), 40 digits.
    const normal = probabilisticSharpeRatio({
      sharpe: 0.1,
      benchmarkSharpe: 0.05,
      count: 500,
      skewness: 0,
      kurtosis: 3,
    });
    expect(Math.abs(normal - 0.8673890479170226)).toBeLessThan(probabilityTolerance);
    const skewed = probabilisticSharpeRatio({
      sharpe: 0.08,
      benchmarkSharpe: 0,
      count: 120,
      skewness: -1.2,
      kurtosis: 7.5,
    });
    expect(Math.abs(skewed - 0.7966383852188365)).toBeLessThan(probabilityTolerance);
  });

  it("is one half at the benchmark and falls with negative skew and fat tails", () => {
    const base = { sharpe: 0.1, benchmarkSharpe: 0.1, count: 250, skewness: 0, kurtosis: 3 };
    expect(Math.abs(probabilisticSharpeRatio(base) - 0.5)).toBeLessThan(probabilityTolerance);
    const above = { ...base, benchmarkSharpe: 0 };
    const normal = probabilisticSharpeRatio(above);
    expect(probabilisticSharpeRatio({ ...above, skewness: -1 })).toBeLessThan(normal);
    expect(probabilisticSharpeRatio({ ...above, kurtosis: 10 })).toBeLessThan(normal);
  });

  it("rejects bad input, naming the argument", () => {
    const good = { sharpe: 0.1, benchmarkSharpe: 0, count: 100, skewness: 0, kurtosis: 3 };
    expect(() => probabilisticSharpeRatio({ ...good, sharpe: Number.NaN })).toThrow(/`sharpe`/);
    expect(() => probabilisticSharpeRatio({ ...good, benchmarkSharpe: Infinity })).toThrow(
      /`benchmarkSharpe`/,
    );
    expect(() => probabilisticSharpeRatio({ ...good, count: 1 })).toThrow(/`count`/);
    expect(() => probabilisticSharpeRatio({ ...good, count: 10.5 })).toThrow(/`count`/);
    expect(() => probabilisticSharpeRatio({ ...good, skewness: Number.NaN })).toThrow(/`skewness`/);
    // Excess kurtosis (0 for a normal) passed by mistake breaks Pearson's γ4 ≥ 1 + γ3².
    expect(() => probabilisticSharpeRatio({ ...good, kurtosis: 0 })).toThrow(RangeError);
    expect(() => probabilisticSharpeRatio({ ...good, skewness: 2, kurtosis: 4 })).toThrow(
      /`kurtosis` must be at least 1 \+ skewness²/,
    );
  });
});

describe("expectedMaxSharpe", () => {
  it("matches mpmath's evaluation of the False Strategy formula", () => {
    // mpmath: sqrt(V) * ((1 - euler) * Q(1 - 1/N) + euler * Q(1 - 1/(N e))), Q solved from ncdf.
    const cases: [number, number, number][] = [
      [100, 0.5 / 250, 0.11317200186513203],
      [10, 1, 1.57459830134575],
      [1000, 0.01, 0.32551215136527256],
      [2, 1, 0.5197553442805939],
    ];
    for (const [trials, variance, expected] of cases) {
      expect(expectedMaxSharpe(trials, variance)).toBeCloseTo(expected, 12);
    }
  });

  it("is 0 for one trial or no dispersion, and grows with the number of trials", () => {
    expect(expectedMaxSharpe(1, 1)).toBe(0);
    expect(expectedMaxSharpe(50, 0)).toBe(0);
    expect(expectedMaxSharpe(200, 1)).toBeGreaterThan(expectedMaxSharpe(100, 1));
  });

  it("rejects bad input, naming the argument", () => {
    expect(() => expectedMaxSharpe(0, 1)).toThrow(/`trials`/);
    expect(() => expectedMaxSharpe(2.5, 1)).toThrow(/`trials`/);
    expect(() => expectedMaxSharpe(10, -1)).toThrow(/`varianceOfTrialSharpes`/);
    expect(() => expectedMaxSharpe(10, Number.NaN)).toThrow(/`varianceOfTrialSharpes`/);
  });
});

describe("deflatedSharpeRatio", () => {
  it("reproduces the numerical example of Bailey & López de Prado (2014)", () => {
    // "The Deflated Sharpe Ratio", numerical example: N = 100 trials whose annualized Sharpe
    // ratios have variance 1/2, the best with annualized SR 2.5 over 5 years of daily returns
    // (T = 1250, 250 a year), skewness -3, kurtosis 10: DSR = 0.9004. mpmath: 0.90039683444939.
    const perYear = 250;
    const dsr = deflatedSharpeRatio({
      sharpe: 2.5 / Math.sqrt(perYear),
      count: 1250,
      skewness: -3,
      kurtosis: 10,
      trials: 100,
      varianceOfTrialSharpes: 0.5 / perYear,
    });
    expect(dsr).toBeCloseTo(0.9004, 4);
    expect(Math.abs(dsr - 0.900396834449391)).toBeLessThan(probabilityTolerance);
  });

  it("falls as more trials are admitted", () => {
    const base = {
      sharpe: 0.1,
      count: 1000,
      skewness: 0,
      kurtosis: 3,
      varianceOfTrialSharpes: 0.001,
    };
    expect(deflatedSharpeRatio({ ...base, trials: 1000 })).toBeLessThan(
      deflatedSharpeRatio({ ...base, trials: 10 }),
    );
  });

  it("rejects bad input, naming the argument", () => {
    const good = {
      sharpe: 0.1,
      count: 100,
      skewness: 0,
      kurtosis: 3,
      trials: 10,
      varianceOfTrialSharpes: 0.01,
    };
    expect(() => deflatedSharpeRatio({ ...good, trials: 0 })).toThrow(/`trials`/);
    expect(() => deflatedSharpeRatio({ ...good, count: 0 })).toThrow(/`count`/);
    expect(() => deflatedSharpeRatio({ ...good, kurtosis: Number.NaN })).toThrow(/`kurtosis`/);
  });
});

describe("minimumTrackRecordLength", () => {
  it("reproduces a published calculator's 707 days", () => {
    // The auditzk.com calculator above shows "707 days | 2.8 years" for SR 1 (annualized, daily
    // returns), SR* = 0, skewness -0.5, kurtosis 4, 95%: whole days, rounded up. mpmath gives
    // 1 + 1.0344732298936261 (1.6448536269514722 √252)² = 706.30069344506115.
    const length = minimumTrackRecordLength({
      sharpe: 1 / Math.sqrt(252),
      benchmarkSharpe: 0,
      skewness: -0.5,
      kurtosis: 4,
      confidence: 0.95,
    });
    expect(Math.ceil(length)).toBe(707);
    expect(length).toBeCloseTo(706.3006934450613, 8);
  });

  it("matches mpmath for skewed, fat-tailed returns against a positive benchmark", () => {
    const length = minimumTrackRecordLength({
      sharpe: 0.08,
      benchmarkSharpe: 0.02,
      skewness: -1.2,
      kurtosis: 7.5,
      confidence: 0.99,
    });
    expect(length / 1664.2555551440341 - 1).toBeLessThan(1e-10);
    expect(length / 1664.2555551440341 - 1).toBeGreaterThan(-1e-10);
  });

  it("is where PSR crosses the confidence level, and Infinity at or below the benchmark", () => {
    const input = { sharpe: 0.12, benchmarkSharpe: 0.03, skewness: -0.8, kurtosis: 6 };
    const length = minimumTrackRecordLength({ ...input, confidence: 0.9 });
    expect(length).toBeGreaterThan(100);
    expect(probabilisticSharpeRatio({ ...input, count: Math.ceil(length) })).toBeGreaterThan(0.9);
    expect(probabilisticSharpeRatio({ ...input, count: Math.floor(length) })).toBeLessThan(0.9);
    expect(minimumTrackRecordLength({ ...input, benchmarkSharpe: 0.12, confidence: 0.9 })).toBe(
      Infinity,
    );
    expect(minimumTrackRecordLength({ ...input, sharpe: -0.1, confidence: 0.9 })).toBe(Infinity);
  });

  it("rejects bad input, naming the argument", () => {
    const good = { sharpe: 0.1, benchmarkSharpe: 0, skewness: 0, kurtosis: 3, confidence: 0.95 };
    for (const confidence of [0, 0.5, 0.3, 1, Number.NaN]) {
      expect(() => minimumTrackRecordLength({ ...good, confidence })).toThrow(/`confidence`/);
    }
    expect(() => minimumTrackRecordLength({ ...good, sharpe: Infinity })).toThrow(/`sharpe`/);
    expect(() => minimumTrackRecordLength({ ...good, benchmarkSharpe: Number.NaN })).toThrow(
      /`benchmarkSharpe`/,
    );
    expect(() => minimumTrackRecordLength({ ...good, kurtosis: 0.5 })).toThrow(/`kurtosis`/);
  });
});
