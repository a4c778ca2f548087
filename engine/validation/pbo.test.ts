import { describe, expect, it } from "vitest";
import { mulberry32, normalSource } from "../random.ts";
import { probabilityOfBacktestOverfitting, type PerformanceMatrix } from "./pbo.ts";

/** Columns given as arrays of per-period returns, laid out row-major. */
function matrixOf(columns: number[][]): PerformanceMatrix {
  const rows = columns[0]!.length;
  const values = new Float64Array(rows * columns.length);
  columns.forEach((column, j) =>
    column.forEach((value, t) => (values[t * columns.length + j] = value)),
  );
  return { rows, columns: columns.length, values };
}

function randomMatrix(rows: number, drifts: number[], seed: number): PerformanceMatrix {
  const normal = normalSource(mulberry32(seed));
  return matrixOf(drifts.map((drift) => Array.from({ length: rows }, () => drift + normal())));
}

/**
 * Second implementation straight from the paper's steps, row by row: gather each half's rows,
 * two-pass mean and sample deviation, rank by sorting, ω and λ literally, OLS by normal equations.
 */
function bruteForce(matrix: PerformanceMatrix, partitions: number) {
  const { rows, columns, values } = matrix;
  const blockOf: number[] = [];
  for (let row = 0; row < rows; row++) {
    let block = 0;
    while (Math.floor(((block + 1) * rows) / partitions) <= row) block++;
    blockOf.push(block);
  }
  const splits: number[][] = [];
  const walk = (start: number, picked: number[]): void => {
    if (picked.length === partitions / 2) splits.push(picked);
    else for (let block = start; block < partitions; block++) walk(block + 1, [...picked, block]);
  };
  walk(0, []);
  const sharpe = (column: number, inSample: boolean, split: number[]): number => {
    const sample: number[] = [];
    for (let row = 0; row < rows; row++) {
      if (split.includes(blockOf[row]!) === inSample) sample.push(values[row * columns + column]!);
    }
    const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
    const variance = sample.reduce((a, b) => a + (b - mean) ** 2, 0) / (sample.length - 1);
    if (variance === 0) return mean === 0 ? 0 : Math.sign(mean) * Infinity;
    return mean / Math.sqrt(variance);
  };
  const logits: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  for (const split of splits) {
    const inSample = Array.from({ length: columns }, (_, j) => sharpe(j, true, split));
    const outOfSample = Array.from({ length: columns }, (_, j) => sharpe(j, false, split));
    const best = inSample.indexOf(Math.max(...inSample));
    const sorted = [...outOfSample].sort((a, b) => a - b);
    const positions = sorted.flatMap((value, i) => (value === outOfSample[best] ? [i + 1] : []));
    const rank = positions.reduce((a, b) => a + b, 0) / positions.length;
    const omega = rank / (columns + 1);
    logits.push(Math.log(omega / (1 - omega)));
    x.push(inSample[best]!);
    y.push(outOfSample[best]!);
  }
  const n = x.length;
  const sx = x.reduce((a, b) => a + b, 0);
  const sy = y.reduce((a, b) => a + b, 0);
  const sxy = x.reduce((a, b, i) => a + b * y[i]!, 0);
  const sxx = x.reduce((a, b) => a + b * b, 0);
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return {
    logits,
    pbo: logits.filter((logit) => logit <= 0).length / n,
    slope,
    intercept: (sy - slope * sx) / n,
    probabilityOfLoss: y.filter((value) => value < 0).length / n,
  };
}

describe("probabilityOfBacktestOverfitting", () => {
  it("matches a hand enumeration of the 6 splits of S = 4, N = 2", () => {
    // 8 rows in 4 blocks of 2; every block holds rows (m + 1, m − 1), block means m:
    //   A = [4, 0, 1, 0] (one lucky block), B = [1, 1, 1, 1] (steady).
    // B's any 4 rows are {2, 0, 2, 0}: mean 1, variance 4/3, Sharpe √3/2 = 0.8660.
    // A's halves (rows → mean, sum of squared deviations, Sharpe = mean / √(SS/3)):
    //   {0,1} and {0,3}: 5,3,1,−1 → 2, 20 → 0.7746;  {2,3} and {1,2}: 2,0,1,−1 → 0.5, 5 → 0.3873
    //   {0,2}: 5,3,2,0 → 2.5, 13 → a = 1.2010;        {1,3}: 1,−1,1,−1 → 0
    // in-sample → winner; out-of-sample A vs B → winner's rank r, λ = ln(r / (3 − r)):
    //   {0,1} B (0.77 < 0.87); {2,3}: 0.39 vs 0.87 → B best, r = 2, λ = ln 2
    //   {0,2} A (1.20);        {1,3}: 0    vs 0.87 → A worst, r = 1, λ = −ln 2
    //   {0,3} B;               {1,2}: 0.39 vs 0.87 → B best, λ = ln 2
    //   {1,2} B;               {0,3}: 0.77 vs 0.87 → B best, λ = ln 2
    //   {1,3} B;               {0,2}: 1.20 vs 0.87 → B worst, λ = −ln 2
    //   {2,3} B;               {0,1}: 0.77 vs 0.87 → B best, λ = ln 2
    // PBO = 2/6. Chosen (in, out) Sharpes: (a, 0) once and (s, s) five times, so the OLS line
    // runs through both: slope −s/(a − s), intercept s + s²/(a − s). No out-of-sample loss.
    const rowsOf = (means: number[]) => means.flatMap((m) => [m + 1, m - 1]);
    const result = probabilityOfBacktestOverfitting(
      matrixOf([rowsOf([4, 0, 1, 0]), rowsOf([1, 1, 1, 1])]),
      { partitions: 4 },
    );
    const ln2 = Math.log(2);
    expect(result.combinations).toBe(6);
    expect(Array.from(result.logits)).toEqual(
      [ln2, -ln2, ln2, ln2, -ln2, ln2].map((value) => expect.closeTo(value, 12)),
    );
    expect(result.pbo).toBeCloseTo(2 / 6, 12);
    const s = Math.sqrt(3) / 2;
    const a = 2.5 / Math.sqrt(13 / 3);
    expect(result.performanceDegradation.slope).toBeCloseTo(-s / (a - s), 10);
    expect(result.performanceDegradation.intercept).toBeCloseTo(s + (s * s) / (a - s), 10);
    expect(result.probabilityOfLoss).toBe(0);
  });

  it("agrees with a row-by-row brute force on a random matrix with uneven blocks", () => {
    // 67 rows into 8 blocks of 8 or 9 rows; drifts that make some out-of-sample Sharpe ratios
    // negative. The second matrix adds a never-trading trial (all zeros) and a copy of the
    // strongest trial, so the chosen trial often ties out of sample (ranks are then averaged).
    const matrix = randomMatrix(67, [0, 0.1, -0.1, 0.2, 0.05, -0.05], 7);
    const columnOf = (j: number) => Array.from({ length: 67 }, (_, t) => matrix.values[t * 6 + j]!);
    const withTies = matrixOf([
      ...Array.from({ length: 6 }, (_, j) => columnOf(j)),
      new Array<number>(67).fill(0),
      columnOf(3),
    ]);
    for (const [input, partitions] of [
      [matrix, 8],
      [withTies, 8],
      [withTies, 6],
    ] as const) {
      const fast = probabilityOfBacktestOverfitting(input, { partitions });
      const slow = bruteForce(input, partitions);
      expect(fast.combinations).toBe(slow.logits.length);
      expect(Array.from(fast.logits)).toEqual(slow.logits.map((value) => expect.closeTo(value, 9)));
      expect(fast.pbo).toBe(slow.pbo);
      expect(fast.probabilityOfLoss).toBe(slow.probabilityOfLoss);
      expect(fast.performanceDegradation.slope).toBeCloseTo(slow.slope, 8);
      expect(fast.performanceDegradation.intercept).toBeCloseTo(slow.intercept, 8);
      expect(slow.pbo).toBeGreaterThan(0);
      expect(slow.probabilityOfLoss).toBeGreaterThan(0);
    }
  });

  it("finds pure-noise trials overfit half the time on average, with decaying performance", () => {
    // With skill-less trials the in-sample winner is a random trial out of sample, so PBO is 1/2
    // in expectation; one matrix's PBO scatters widely (its splits share the data), so average
    // over 40 independent matrices (standard error about 0.035).
    const normal = normalSource(mulberry32(11));
    let pboSum = 0;
    let slopeSum = 0;
    const matrices = 40;
    for (let draw = 0; draw < matrices; draw++) {
      const values = new Float64Array(240 * 20);
      for (let index = 0; index < values.length; index++) values[index] = normal();
      const result = probabilityOfBacktestOverfitting(
        { rows: 240, columns: 20, values },
        { partitions: 8 },
      );
      pboSum += result.pbo;
      slopeSum += result.performanceDegradation.slope;
    }
    expect(pboSum / matrices).toBeGreaterThan(0.4);
    expect(pboSum / matrices).toBeLessThan(0.6);
    // Halves of one sample are complementary: a high in-sample Sharpe leaves a low one outside.
    expect(slopeSum / matrices).toBeLessThan(0);
  });

  it("finds no overfitting when one trial is the best in every period", () => {
    // Trial 0 earns 1 ± 0.1 per period, the others 0 ± 1: it wins every split in and out.
    const noise = randomMatrix(320, new Array<number>(20).fill(0), 3);
    for (let row = 0; row < 320; row++) {
      noise.values[row * 20] = 1 + 0.1 * noise.values[row * 20]!;
    }
    const result = probabilityOfBacktestOverfitting(noise);
    expect(result.combinations).toBe(12870);
    expect(result.pbo).toBe(0);
    expect(result.probabilityOfLoss).toBe(0);
    expect(Math.min(...result.logits)).toBeCloseTo(Math.log(20), 12);
  });

  it("rejects bad input with a RangeError naming what is wrong", () => {
    const good = randomMatrix(32, [0, 0, 0], 1);
    const run = (matrix: PerformanceMatrix, partitions?: number) => () =>
      probabilityOfBacktestOverfitting(matrix, partitions === undefined ? {} : { partitions });
    expect(run(good, 7)).toThrow(/`partitions` must be an even integer/);
    expect(run(good, 0)).toThrow(/`partitions`/);
    expect(run(good, 22)).toThrow(/`partitions` must be at most 20/);
    expect(run({ ...good, rows: 8, values: good.values.subarray(0, 24) }, 10)).toThrow(
      /`partitions` \(10\) must not exceed `rows` \(8\)/,
    );
    expect(run({ ...good, rows: 3, values: good.values.subarray(0, 9) }, 2)).toThrow(/each half/);
    expect(run({ rows: 32, columns: 1, values: good.values.subarray(0, 32) })).toThrow(
      /`columns` must be an integer of at least 2/,
    );
    expect(run({ ...good, values: good.values.subarray(1) })).toThrow(/`values` must hold/);
    const broken = Float64Array.from(good.values);
    broken[3 * 3 + 2] = Number.NaN;
    expect(run({ ...good, values: broken })).toThrow(/`values` at row 3, column 2 must be finite/);
    expect(run({ ...good, rows: 0, values: new Float64Array(0) })).toThrow(/`rows`/);
  });
});
