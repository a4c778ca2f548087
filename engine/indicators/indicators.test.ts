import fc from "fast-check";
import { VWAP } from "technicalindicators";
import { describe, expect, it } from "vitest";
import {
  indicatorCatalog,
  withDefaults,
  type IndicatorDefinition,
  type IndicatorName,
} from "./catalog.ts";
import { bollinger, ema, macd, rsi, sma } from "./index.ts";
import { mulberry32 } from "../random.ts";
import { randomWalkBars } from "./test-series.ts";

const names = Object.keys(indicatorCatalog) as IndicatorName[];
const lines = (output: Float64Array | Record<string, Float64Array>) =>
  output instanceof Float64Array ? { value: output } : output;

describe("every indicator", () => {
  const bars = randomWalkBars(300, 11);

  it.each(names)("%s starts exactly at its declared lookback", (name) => {
    const definition = indicatorCatalog[name];
    const params = withDefaults(name, {});
    for (const series of Object.values(lines(definition.compute(bars, bars.close, params)))) {
      expect(series.length).toBe(300);
      const first = series.findIndex((value) => !Number.isNaN(value));
      expect(first).toBe(definition.lookback(params));
      expect(series.subarray(first).every((value) => Number.isFinite(value))).toBe(true);
    }
  });

  it.each(names)("%s is all NaN when the data is shorter than its warm-up", (name) => {
    const definition = indicatorCatalog[name];
    const params = withDefaults(name, {});
    const length = definition.lookback(params);
    if (length === 0) return;
    const short = randomWalkBars(length, 3);
    for (const series of Object.values(lines(definition.compute(short, short.close, params)))) {
      expect(Array.from(series).every(Number.isNaN)).toBe(true);
    }
  });

  it.each(names)("%s never looks ahead: cutting the future leaves the past unchanged", (name) => {
    const definition = indicatorCatalog[name];
    const params = withDefaults(name, {});
    const full = lines(definition.compute(bars, bars.close, params));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 299 }), (cut) => {
        const truncated = Object.fromEntries(
          Object.entries(bars).map(([field, column]) => [
            field,
            (column as Float64Array).slice(0, cut),
          ]),
        ) as unknown as typeof bars;
        const past = lines(definition.compute(truncated, truncated.close, params));
        for (const [line, series] of Object.entries(past)) {
          const before = full[line]!.subarray(0, cut);
          for (let i = 0; i < cut; i++) {
            if (!Object.is(series[i], before[i])) return false;
          }
        }
        return true;
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it.each(names)("%s writes into the buffers it is given, hiding what they held", (name) => {
    const definition: IndicatorDefinition = indicatorCatalog[name];
    const params = withDefaults(name, {});
    // Old values from another series, as a recycled buffer holds them.
    const used = () => Float64Array.from(randomWalkBars(300, 99).close);
    // A source with a warm-up of its own moves the first output later.
    const late = bars.close.map((value, i) => (i < 30 ? NaN : value));
    for (const source of [bars.close, late]) {
      const fresh = lines(definition.compute(bars, source, params));
      const buffers =
        definition.outputs === null
          ? used()
          : Object.fromEntries(definition.outputs.map((line) => [line, used()]));
      const reused = lines(definition.compute(bars, source, params, buffers));
      for (const [line, series] of Object.entries(fresh)) {
        expect(reused[line]).toBe(buffers instanceof Float64Array ? buffers : buffers[line]);
        expect(reused[line]).toEqual(series);
      }
    }
  });
});

describe("sources with a warm-up of their own", () => {
  const bars = randomWalkBars(200, 5);

  it("computes an SMA of RSI from the first defined RSI value", () => {
    const strength = rsi(bars.close, 14);
    const smoothed = sma(strength, 5);
    expect(smoothed.findIndex((value) => !Number.isNaN(value))).toBe(14 + 4);
    const manual =
      (strength[14]! + strength[15]! + strength[16]! + strength[17]! + strength[18]!) / 5;
    expect(smoothed[18]).toBeCloseTo(manual, 12);
  });

  it("runs MACD on a shifted series exactly as on the unshifted one", () => {
    const shifted = new Float64Array(210).fill(NaN);
    shifted.set(bars.close, 10);
    const plain = macd(bars.close, 12, 26, 9);
    const late = macd(shifted, 12, 26, 9);
    expect(Array.from(late.histogram.subarray(10))).toEqual(Array.from(plain.histogram));
  });
});

describe("output buffers and parameters", () => {
  const bars = randomWalkBars(100, 9);

  it("writes into a caller's buffer, and reusing it gives the same result", () => {
    const buffer = new Float64Array(100);
    const first = ema(bars.close, 10, buffer);
    expect(first).toBe(buffer);
    const copy = first.slice();
    ema(bars.open, 10, buffer);
    ema(bars.close, 10, buffer);
    expect(Array.from(buffer)).toEqual(Array.from(copy));
  });

  it("gives Bollinger bands in reused buffers holding other numbers the same result, warm-up NaN", () => {
    const fresh = bollinger(bars.close, 20, 2);
    const stale = () => new Float64Array(100).fill(7);
    const shifted = new Float64Array(100).fill(NaN);
    shifted.set(bars.close.subarray(0, 95), 5);
    for (const [source, expected] of [
      [bars.close, fresh],
      [shifted, bollinger(shifted, 20, 2)],
    ] as const) {
      const out = bollinger(source, 20, 2, { upper: stale(), middle: stale(), lower: stale() });
      for (const band of ["upper", "middle", "lower"] as const)
        expect(Array.from(out[band])).toEqual(Array.from(expected[band]));
    }
    expect(Array.from(fresh.middle.subarray(0, 19)).every(Number.isNaN)).toBe(true);
    const short = bollinger(bars.close.subarray(0, 10), 20, 2, {
      upper: new Float64Array(10).fill(7),
    });
    expect(Array.from(short.upper).every(Number.isNaN)).toBe(true);
  });

  it("refuses a buffer of the wrong length", () => {
    expect(() => sma(bars.close, 5, new Float64Array(3))).toThrow(
      /output buffer has 3 elements, the input has 100/,
    );
  });

  it.each([
    [() => sma(bars.close, 1), /`period` must be an integer from 2 to 100000 \(was 1\)/],
    [() => rsi(bars.close, 2.5), /`period` must be an integer/],
    [() => macd(bars.close, 26, 12, 9), /`fast` must be smaller than `slow` \(was 26 and 12\)/],
    [
      () => indicatorCatalog.bollinger.compute(bars, bars.close, { period: 20, stdDev: -1 }),
      /`stdDev` must be a positive number \(was -1\)/,
    ],
    [
      () =>
        indicatorCatalog.keltner.compute(bars, bars.close, {
          period: 20,
          multiplier: 2,
          atrPeriod: 0,
        }),
      /`atrPeriod` must be an integer from 1/,
    ],
  ])("names the bad parameter (%#)", (call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it("gives z-score NaN and Bollinger zero width on a flat window", () => {
    const flat = new Float64Array(30).fill(50);
    const z = indicatorCatalog.zScore.compute(bars, flat, { period: 10 }) as Float64Array;
    expect(Number.isNaN(z[20]!)).toBe(true);
    const bands = indicatorCatalog.bollinger.compute(bars, flat, {
      period: 10,
      stdDev: 2,
    }) as Record<string, Float64Array>;
    expect([bands.upper![20], bands.middle![20], bands.lower![20]]).toEqual([50, 50, 50]);
  });
});

describe("vwap", () => {
  // Reference: technicalindicators@3.1.0 VWAP (cumulative typical price × volume / volume).
  it("matches technicalindicators' cumulative VWAP", () => {
    const bars = randomWalkBars(500, 21);
    const expected = VWAP.calculate({
      high: Array.from(bars.high),
      low: Array.from(bars.low),
      close: Array.from(bars.close),
      volume: Array.from(bars.volume),
    });
    const ours = indicatorCatalog.vwap.compute(bars, bars.close, { period: 0 }) as Float64Array;
    expect(expected).toHaveLength(500);
    expected.forEach((value, i) => expect(ours[i]).toBeCloseTo(value, 9));
  });

  it("computes a rolling VWAP by hand on three bars", () => {
    const random = mulberry32(1);
    const bars = randomWalkBars(3, Math.floor(random() * 100));
    const typical = (i: number) => (bars.high[i]! + bars.low[i]! + bars.close[i]!) / 3;
    const ours = indicatorCatalog.vwap.compute(bars, bars.close, { period: 2 }) as Float64Array;
    expect(Number.isNaN(ours[0]!)).toBe(true);
    const v = bars.volume;
    expect(ours[2]).toBeCloseTo((typical(1) * v[1]! + typical(2) * v[2]!) / (v[1]! + v[2]!), 12);
  });

  it("is undefined while no volume has traded", () => {
    const bars = randomWalkBars(3, 2);
    bars.volume.fill(0);
    const ours = indicatorCatalog.vwap.compute(bars, bars.close, { period: 0 }) as Float64Array;
    expect(Array.from(ours).every(Number.isNaN)).toBe(true);
  });
});
