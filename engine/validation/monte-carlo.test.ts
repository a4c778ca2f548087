import { describe, expect, it } from "vitest";
import { mulberry32, normalSource } from "../random.ts";
import { pricePathWorstReturns, tradeReshuffleDrawdowns } from "./monte-carlo.ts";

const trades = Float64Array.from([0.1, -0.2, 0.05, -0.1, 0.3]);

/** Every ordering of `values`, by recursion, for an exact distribution to compare against. */
function permutations(values: number[]): number[][] {
  if (values.length <= 1) return [values];
  return values.flatMap((value, i) =>
    permutations([...values.slice(0, i), ...values.slice(i + 1)]).map((rest) => [value, ...rest]),
  );
}

function drawdownOf(order: number[]): number {
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (const value of order) {
    equity *= 1 + value;
    peak = Math.max(peak, equity);
    worst = Math.max(worst, 1 - equity / peak);
  }
  return worst;
}

describe("tradeReshuffleDrawdowns", () => {
  it("reports the original order's drawdown as computed by hand", () => {
    // Equity 1.1, 0.88, 0.924, 0.8316, 1.08108: the peak 1.1 falls to 0.8316,
    // (1.1 − 0.8316) / 1.1 = 0.244.
    expect(tradeReshuffleDrawdowns(trades, { seed: 1 }).original).toBeCloseTo(0.244, 12);
  });

  it("lands within the exact distribution over all 120 orders", () => {
    // Adjacent losses (2 · 4! of the 5! orders, 40%) fall 1 − 0.8 · 0.9 = 0.28 below the peak
    // before them, the deepest possible; a gain between them softens the fall. The exact order
    // statistics come from enumerating every permutation.
    const exact = permutations(Array.from(trades))
      .map(drawdownOf)
      .sort((a, b) => a - b);
    const at = (p: number) => exact[Math.round(p * (exact.length - 1))]!;
    const result = tradeReshuffleDrawdowns(trades, { runs: 4000, seed: 7 });
    expect(result.worst5Percent).toBeGreaterThanOrEqual(at(0.9));
    expect(result.worst5Percent).toBeLessThanOrEqual(exact[exact.length - 1]!);
    expect(result.median).toBeGreaterThanOrEqual(at(0.4));
    expect(result.median).toBeLessThanOrEqual(at(0.6));
    expect(result.worst5Percent).toBeCloseTo(0.28, 12);
  });

  it("puts the worst 5% at or beyond the median, deterministically for a seed", () => {
    const normal = normalSource(mulberry32(3));
    const many = Float64Array.from({ length: 200 }, () => 0.002 + 0.02 * normal());
    const first = tradeReshuffleDrawdowns(many, { runs: 500, seed: 11 });
    expect(first.worst5Percent).toBeGreaterThan(first.median);
    expect(tradeReshuffleDrawdowns(many, { runs: 500, seed: 11 })).toEqual(first);
    expect(tradeReshuffleDrawdowns(many, { runs: 500, seed: 12 }).median).not.toBe(first.median);
  });

  it("sees no drawdown when every trade wins", () => {
    const result = tradeReshuffleDrawdowns(Float64Array.from([0.01, 0.02, 0.03]), { seed: 1 });
    expect(result).toEqual({ worst5Percent: 0, median: 0, original: 0 });
  });

  it("rejects bad input, naming the argument", () => {
    expect(() => tradeReshuffleDrawdowns(new Float64Array(0), { seed: 1 })).toThrow(
      /`tradeReturns` needs at least 1/,
    );
    expect(() => tradeReshuffleDrawdowns(Float64Array.from([0.1, NaN]), { seed: 1 })).toThrow(
      /`tradeReturns`\[1\] must be finite/,
    );
    expect(() => tradeReshuffleDrawdowns(Float64Array.from([0.1, -1.5]), { seed: 1 })).toThrow(
      /`tradeReturns`\[1\] is a return below -100%/,
    );
    expect(() => tradeReshuffleDrawdowns(trades, { seed: 1, runs: 0 })).toThrow(/`runs`/);
    expect(() => tradeReshuffleDrawdowns(trades, { seed: Number.NaN })).toThrow(/`seed`/);
  });
});

describe("pricePathWorstReturns", () => {
  it("keeps a constant return's total on every path", () => {
    // Any resample of 250 returns of 0.1% compounds to 1.001^250 − 1.
    const result = pricePathWorstReturns(new Float64Array(250).fill(0.001), { seed: 1 });
    const total = Math.pow(1.001, 250) - 1;
    expect(result.original).toBeCloseTo(total, 12);
    expect(result.worst5Percent).toBeCloseTo(total, 12);
    expect(result.median).toBeCloseTo(total, 12);
  });

  it("matches the lognormal 5th percentile for IID returns resampled period by period", () => {
    // With single-period blocks the path's log growth is a sum of T draws from the sample's
    // log returns: about normal with mean T·m and deviation √T·s (m, s of log(1 + r)), so its 5th
    // percentile is exp(T·m − 1.645 √T·s) − 1. Tolerance: a tenth of √T·s in log growth.
    const normal = normalSource(mulberry32(17));
    const count = 500;
    const returns = Float64Array.from({ length: count }, () => 0.0004 + 0.01 * normal());
    const logs = Array.from(returns, (r) => Math.log1p(r));
    const m = logs.reduce((a, b) => a + b, 0) / count;
    const s = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / count);
    const spread = Math.sqrt(count) * s;
    const result = pricePathWorstReturns(returns, { runs: 4000, blockLength: 1, seed: 2 });
    expect(
      Math.abs(Math.log1p(result.worst5Percent) - (count * m - 1.6448536269514722 * spread)),
    ).toBeLessThan(0.1 * spread);
    expect(Math.abs(Math.log1p(result.median) - count * m)).toBeLessThan(0.1 * spread);
    expect(result.original).toBeCloseTo(Math.expm1(count * m), 10);
  });

  it("puts the worst 5% below the median, deterministically for a seed", () => {
    const normal = normalSource(mulberry32(5));
    const returns = Float64Array.from({ length: 300 }, () => 0.0005 + 0.012 * normal());
    const first = pricePathWorstReturns(returns, { runs: 300, seed: 4 });
    expect(first.worst5Percent).toBeLessThan(first.median);
    expect(pricePathWorstReturns(returns, { runs: 300, seed: 4 })).toEqual(first);
    expect(pricePathWorstReturns(returns, { runs: 300, seed: 5 }).median).not.toBe(first.median);
  });

  it("rejects bad input, naming the argument", () => {
    const returns = Float64Array.from([0.01, -0.02, 0.005]);
    expect(() => pricePathWorstReturns(new Float64Array(0), { seed: 1 })).toThrow(/`dailyReturns`/);
    expect(() => pricePathWorstReturns(Float64Array.from([0.01, -2]), { seed: 1 })).toThrow(
      /`dailyReturns`\[1\] is a return below -100%/,
    );
    expect(() => pricePathWorstReturns(returns, { seed: 1, runs: 1.5 })).toThrow(/`runs`/);
    expect(() => pricePathWorstReturns(returns, { seed: 1, blockLength: 0 })).toThrow(
      /`blockLength`/,
    );
    expect(() => pricePathWorstReturns(returns, { seed: 0.5 })).toThrow(/`seed`/);
  });
});
