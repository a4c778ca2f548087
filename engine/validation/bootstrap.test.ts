import { describe, expect, it } from "vitest";
import { mulberry32, normalSource } from "../random.ts";
import { bootstrapSharpeInterval } from "./bootstrap.ts";
import { sharpeMoments } from "./sharpe-inference.ts";

function normalReturns(count: number, mean: number, seed: number): Float64Array {
  const normal = normalSource(mulberry32(seed));
  return Float64Array.from({ length: count }, () => mean + 0.01 * normal());
}

describe("bootstrapSharpeInterval", () => {
  it("contains the sample Sharpe ratio, with the median near it", () => {
    const returns = normalReturns(750, 0.0005, 21);
    const { sharpe } = sharpeMoments(returns);
    const interval = bootstrapSharpeInterval(returns, { seed: 1 });
    expect(interval.low).toBeLessThan(sharpe);
    expect(interval.high).toBeGreaterThan(sharpe);
    expect(interval.low).toBeLessThan(interval.median);
    expect(interval.median).toBeLessThan(interval.high);
    expect(Math.abs(interval.median - sharpe)).toBeLessThan(0.1 * (interval.high - interval.low));
  });

  it("matches the asymptotic width for IID returns when blocks are single periods", () => {
    // For IID normal returns the Sharpe ratio's standard error is √((1 + SR²/2) / T) (Lo 2002),
    // so a 95% interval spans about 2 · 1.96 of it; 2000 resamples estimate that to a few percent.
    const count = 1000;
    const returns = normalReturns(count, 0.0003, 8);
    const { sharpe } = sharpeMoments(returns);
    const interval = bootstrapSharpeInterval(returns, { seed: 2, blockLength: 1 });
    const expected = 2 * 1.959963984540054 * Math.sqrt((1 + (sharpe * sharpe) / 2) / count);
    expect((interval.high - interval.low) / expected).toBeGreaterThan(0.9);
    expect((interval.high - interval.low) / expected).toBeLessThan(1.1);
  });

  it("widens for autocorrelated returns once blocks keep the dependence", () => {
    // A 10-period moving sum of shocks: positive autocorrelation inflates the Sharpe ratio's
    // variance about tenfold, which single-period resampling cannot see.
    const normal = normalSource(mulberry32(4));
    const shocks = Float64Array.from({ length: 2009 }, () => normal());
    const returns = Float64Array.from({ length: 2000 }, (_, t) => {
      let sum = 0.5;
      for (let lag = 0; lag < 10; lag++) sum += shocks[t + lag]!;
      return sum;
    });
    const single = bootstrapSharpeInterval(returns, { seed: 5, blockLength: 1 });
    const blocks = bootstrapSharpeInterval(returns, { seed: 5, blockLength: 40 });
    expect(blocks.high - blocks.low).toBeGreaterThan(2 * (single.high - single.low));
  });

  it("narrows with more data", () => {
    const short = bootstrapSharpeInterval(normalReturns(250, 0.0005, 3), { seed: 9 });
    const long = bootstrapSharpeInterval(normalReturns(4000, 0.0005, 3), { seed: 9 });
    // Width scales as 1/√T: 16 times the data, a quarter of the width (allow up to a half).
    expect(long.high - long.low).toBeLessThan(0.5 * (short.high - short.low));
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const returns = normalReturns(300, 0.001, 12);
    const options = { seed: 77, samples: 500, blockLength: 5, confidence: 0.9 };
    expect(bootstrapSharpeInterval(returns, options)).toEqual(
      bootstrapSharpeInterval(returns, options),
    );
    expect(bootstrapSharpeInterval(returns, { ...options, seed: 78 })).not.toEqual(
      bootstrapSharpeInterval(returns, options),
    );
  });

  it("narrows as the confidence level falls", () => {
    const returns = normalReturns(500, 0.0005, 6);
    const wide = bootstrapSharpeInterval(returns, { seed: 1, confidence: 0.99 });
    const narrow = bootstrapSharpeInterval(returns, { seed: 1, confidence: 0.5 });
    expect(narrow.low).toBeGreaterThan(wide.low);
    expect(narrow.high).toBeLessThan(wide.high);
  });

  it("rejects bad input, naming the argument", () => {
    const returns = normalReturns(50, 0, 1);
    expect(() => bootstrapSharpeInterval(new Float64Array(0), { seed: 1 })).toThrow(/`returns`/);
    expect(() => bootstrapSharpeInterval(Float64Array.from([0.1, Infinity]), { seed: 1 })).toThrow(
      /`returns`\[1\] must be finite/,
    );
    expect(() => bootstrapSharpeInterval(new Float64Array(10), { seed: 1 })).toThrow(
      /`returns` has zero variance/,
    );
    expect(() => bootstrapSharpeInterval(returns, { seed: 1, samples: 0 })).toThrow(/`samples`/);
    expect(() => bootstrapSharpeInterval(returns, { seed: 1, blockLength: 0.5 })).toThrow(
      /`blockLength`/,
    );
    expect(() => bootstrapSharpeInterval(returns, { seed: 1, blockLength: NaN })).toThrow(
      /`blockLength`/,
    );
    for (const confidence of [0, 1, 1.5, Number.NaN]) {
      expect(() => bootstrapSharpeInterval(returns, { seed: 1, confidence })).toThrow(
        /`confidence`/,
      );
    }
    expect(() => bootstrapSharpeInterval(returns, { seed: 1.5 })).toThrow(/`seed`/);
  });
});
