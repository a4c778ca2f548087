import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random.ts";
import {
  runWalkForward,
  walkForwardWindows,
  type OutOfSampleRun,
  type TimeRange,
  type WalkForwardWindow,
} from "./walk-forward.ts";

const dayMs = 86_400_000;
const startMs = Date.UTC(2024, 0, 1);
const daily = (count: number) =>
  Float64Array.from({ length: count }, (_, i) => startMs + i * dayMs);
const day = (index: number) => startMs + index * dayMs;
const span = (first: number, last: number): TimeRange => ({
  startMs: day(first),
  endMs: day(last),
});

describe("walkForwardWindows by hand", () => {
  // 20 bars, 3 windows, ratio 0.5: a window spans 20 / (0.5 + 3 × 0.5) = 10 bars, 5 to test.
  it("rolls fixed train windows forward by one test period", () => {
    expect(
      walkForwardWindows(daily(20), { mode: "rolling", windows: 3, inSampleRatio: 0.5 }),
    ).toEqual([
      { train: span(0, 4), test: span(5, 9) },
      { train: span(5, 9), test: span(10, 14) },
      { train: span(10, 14), test: span(15, 19) },
    ]);
  });

  it("anchors every train window at the first bar", () => {
    expect(
      walkForwardWindows(daily(20), { mode: "anchored", windows: 3, inSampleRatio: 0.5 }),
    ).toEqual([
      { train: span(0, 4), test: span(5, 9) },
      { train: span(0, 9), test: span(10, 14) },
      { train: span(0, 14), test: span(15, 19) },
    ]);
  });

  // 23 bars, 4 windows, ratio 0.75: a window spans 23 / 1.75 = 13.14 bars, floor(3.29) = 3 to
  // test; the first train window takes the other 23 − 4 × 3 = 11.
  it("gives the rounding remainder to the train window", () => {
    const times = daily(23);
    expect(walkForwardWindows(times, { mode: "rolling", windows: 4, inSampleRatio: 0.75 })).toEqual(
      [
        { train: span(0, 10), test: span(11, 13) },
        { train: span(3, 13), test: span(14, 16) },
        { train: span(6, 16), test: span(17, 19) },
        { train: span(9, 19), test: span(20, 22) },
      ],
    );
    expect(
      walkForwardWindows(times, { mode: "anchored", windows: 4, inSampleRatio: 0.75 }).map(
        (window) => window.train,
      ),
    ).toEqual([span(0, 10), span(0, 13), span(0, 16), span(0, 19)]);
  });
});

describe("walkForwardWindows properties", () => {
  // Irregular gaps (weekends, holidays, missing bars) of up to five days, drawn from a seed.
  const irregularTimes = fc
    .tuple(fc.integer({ min: 1, max: 1500 }), fc.integer({ min: 0, max: 0xffffffff }))
    .map(([length, seed]) => {
      const random = mulberry32(seed);
      const times = new Float64Array(length);
      let time = startMs;
      for (let i = 0; i < length; i++) times[i] = time += 1 + Math.floor(random() * 5 * dayMs);
      return times;
    });
  const settings = fc.record({
    mode: fc.constantFrom("rolling" as const, "anchored" as const),
    windows: fc.integer({ min: 2, max: 12 }),
    inSampleRatio: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  });

  it("tests consecutive, equal, non-overlapping periods that end at the last bar", () => {
    let checked = 0;
    fc.assert(
      fc.property(irregularTimes, settings, (times, options) => {
        let windows: WalkForwardWindow[];
        try {
          windows = walkForwardWindows(times, options);
        } catch (error) {
          expect((error as Error).message).toMatch(/too few/);
          return;
        }
        checked++;
        const index = (time: number) => times.indexOf(time);
        expect(windows).toHaveLength(options.windows);
        const testBars = index(windows[0]!.test.endMs) - index(windows[0]!.test.startMs) + 1;
        const firstTrainBars =
          index(windows[0]!.train.endMs) - index(windows[0]!.train.startMs) + 1;
        expect(testBars).toBeGreaterThanOrEqual(2);
        expect(firstTrainBars).toBeGreaterThanOrEqual(2);
        // The test length is (1 − r) of a window span W = n / (r + k(1 − r)), rounded down.
        const spanBars =
          times.length / (options.inSampleRatio + options.windows * (1 - options.inSampleRatio));
        expect(Math.abs(testBars - (1 - options.inSampleRatio) * spanBars)).toBeLessThan(1);
        expect(windows[0]!.train.startMs).toBe(times[0]);
        expect(windows.at(-1)!.test.endMs).toBe(times.at(-1));
        windows.forEach((window, w) => {
          const testStart = index(window.test.startMs);
          const trainStart = index(window.train.startMs);
          expect(index(window.test.endMs) - testStart + 1).toBe(testBars);
          expect(index(window.train.endMs)).toBe(testStart - 1);
          if (w > 0) expect(testStart).toBe(index(windows[w - 1]!.test.endMs) + 1);
          if (options.mode === "anchored") expect(trainStart).toBe(0);
          else {
            expect(trainStart).toBe(w * testBars);
            expect(index(window.train.endMs) - trainStart + 1).toBe(firstTrainBars);
          }
        });
        // Tests cover exactly the last k × test bars.
        expect(index(windows[0]!.test.startMs)).toBe(times.length - options.windows * testBars);
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it("names a minimum length that works, one bar fewer does not", () => {
    fc.assert(
      fc.property(settings, (options) => {
        let message = "";
        try {
          walkForwardWindows(daily(3), options);
        } catch (error) {
          message = (error as Error).message;
        }
        const needed = Number(/give at least (\d+) bars/.exec(message)?.[1]);
        expect(needed).toBeGreaterThan(3);
        expect(() => walkForwardWindows(daily(needed), options)).not.toThrow();
        expect(() => walkForwardWindows(daily(needed - 1), options)).toThrow(/too few/);
        // The rule is monotone: any longer history works too.
        for (let extra = 1; extra <= 20; extra++)
          expect(() => walkForwardWindows(daily(needed + extra), options)).not.toThrow();
      }),
    );
  });
});

describe("walkForwardWindows refuses bad input", () => {
  const times = daily(100);
  it("names the problem", () => {
    // 5 bars, 3 windows at 0.5: a window spans 2.5 bars; 8 bars give the 2 + 2 needed.
    expect(() =>
      walkForwardWindows(daily(5), { mode: "rolling", windows: 3, inSampleRatio: 0.5 }),
    ).toThrow(/5 bars are too few for 3 windows.*give at least 8 bars/);
    expect(() =>
      walkForwardWindows(times, { mode: "rolling", windows: 1, inSampleRatio: 0.5 }),
    ).toThrow(/`windows` must be a whole number of at least 2 \(was 1\)/);
    expect(() =>
      walkForwardWindows(times, { mode: "rolling", windows: 2.5, inSampleRatio: 0.5 }),
    ).toThrow(/`windows`/);
    for (const ratio of [0, 1, -0.2, 1.5, NaN])
      expect(() =>
        walkForwardWindows(times, { mode: "anchored", windows: 4, inSampleRatio: ratio }),
      ).toThrow(/`inSampleRatio` must be strictly between 0 and 1/);
    expect(() =>
      walkForwardWindows(times, { mode: "weekly" as "rolling", windows: 4, inSampleRatio: 0.7 }),
    ).toThrow(/`mode` must be "rolling" or "anchored"/);
    const unordered = daily(100);
    unordered[40] = unordered[39]!;
    expect(() =>
      walkForwardWindows(unordered, { mode: "rolling", windows: 4, inSampleRatio: 0.7 }),
    ).toThrow(/times\[40\]/);
  });
});

describe("runWalkForward", () => {
  const windows = walkForwardWindows(daily(20), {
    mode: "rolling",
    windows: 3,
    inSampleRatio: 0.5,
  });
  const chosen = [
    { fast: 10, slow: 50, average: "sma" },
    { fast: 12, slow: 50, average: "ema" },
    { fast: 14, slow: 50, average: "sma" },
  ];
  const inSampleAnnualReturns = [0.2, 0.3, 0.1];
  const outOfSampleAnnualReturns = [0.25, -0.1, 0.12];
  // +10%, −5%, +4% over the three test periods, starting from 100 each time.
  const testEquity = [
    [100, 102, 101, 104, 110],
    [100, 99, 98, 96, 95],
    [100, 100, 101, 103, 104],
  ];
  const testRun = (test: TimeRange, w: number): OutOfSampleRun => ({
    timestampMs: Float64Array.from({ length: 5 }, (_, i) => test.startMs + i * dayMs),
    equity: Float64Array.from(testEquity[w]!),
    annualReturn: outOfSampleAnnualReturns[w]!,
  });

  it("chains the test periods, measures efficiency and drift", () => {
    const calls: string[] = [];
    const result = runWalkForward(
      windows,
      (train, w) => {
        calls.push(`optimize ${w} ${(train.startMs - startMs) / dayMs}`);
        return {
          params: chosen[w]!,
          inSampleObjective: 1.5 - 0.2 * w,
          inSampleAnnualReturn: inSampleAnnualReturns[w]!,
        };
      },
      (test, params, w) => {
        expect(params).toBe(chosen[w]);
        calls.push(`test ${w} ${(test.startMs - startMs) / dayMs}`);
        return testRun(test, w);
      },
      { initialCash: 100 },
    );
    expect(calls).toEqual([
      "optimize 0 0",
      "test 0 5",
      "optimize 1 5",
      "test 1 10",
      "optimize 2 10",
      "test 2 15",
    ]);
    // Window 1 continues from 110 (× 1.1), window 2 from 110 × 0.95 = 104.5 (× 1.045).
    const expected = [
      100, 102, 101, 104, 110, 110, 108.9, 107.8, 105.6, 104.5, 104.5, 104.5, 105.545, 107.635,
      108.68,
    ];
    expect(result.stitched.equity).toHaveLength(15);
    expected.forEach((value, i) => expect(result.stitched.equity[i]).toBeCloseTo(value, 9));
    expect(Array.from(result.stitched.timestampMs)).toEqual(Array.from(daily(20).subarray(5)));
    // Mean OOS (0.25 − 0.1 + 0.12) / 3 = 0.09 over mean IS (0.2 + 0.3 + 0.1) / 3 = 0.2.
    expect(result.efficiency).toBeCloseTo(0.45, 12);
    expect(result.windows.map((window) => window.outOfSample.totalReturn)).toEqual([
      expect.closeTo(0.1, 12),
      expect.closeTo(-0.05, 12),
      expect.closeTo(0.04, 12),
    ]);
    expect(result.windows[1]).toMatchObject({
      train: span(5, 9),
      test: span(10, 14),
      params: chosen[1],
      inSample: { objective: 1.3, annualReturn: 0.3 },
      outOfSample: { annualReturn: -0.1 },
    });
    // fast: range 4 over mean 12; slow never moves; average: 2 distinct over 3 windows → 1 / 2.
    expect(result.drift).toEqual({
      fast: { values: [10, 12, 14], relativeRange: expect.closeTo(1 / 3, 12) },
      slow: { values: [50, 50, 50], relativeRange: 0 },
      average: { values: ["sma", "ema", "sma"], relativeRange: 0.5 },
    });
  });

  it("chains +10% then −5% to 1.045", () => {
    const two = windows.slice(0, 2);
    const result = runWalkForward(
      two,
      () => ({ params: { k: 1 }, inSampleObjective: 1, inSampleAnnualReturn: 0 }),
      (test, _params, w) => ({
        timestampMs: Float64Array.of(test.startMs, test.endMs),
        equity: w === 0 ? Float64Array.of(1.04, 1.1) : Float64Array.of(1.01, 0.95),
        annualReturn: 0,
      }),
      { initialCash: 1 },
    );
    expect(result.stitched.equity.at(-1)).toBeCloseTo(1.045, 12);
    // The mean in-sample return is 0: no efficiency ratio.
    expect(result.efficiency).toBeNull();
  });

  it("refuses overlapping test periods and non-finite results, naming the window", () => {
    const optimize = () => ({ params: { k: 1 }, inSampleObjective: 1, inSampleAnnualReturn: 0.1 });
    expect(() =>
      runWalkForward(
        windows,
        optimize,
        () => ({
          timestampMs: Float64Array.of(day(5)),
          equity: Float64Array.of(1),
          annualReturn: 0,
        }),
        { initialCash: 1 },
      ),
    ).toThrow(/window 1: test time .* does not come after/);
    expect(() =>
      runWalkForward(
        windows,
        optimize,
        (test, _p, w) => ({ ...testRun(test, w), annualReturn: w === 1 ? NaN : 0 }),
        {
          initialCash: 100,
        },
      ),
    ).toThrow(/window 1: testOn gave annualReturn = NaN/);
    const test = (range: TimeRange, _params: unknown, w: number) => testRun(range, w);
    expect(() => runWalkForward([], optimize, test, { initialCash: 100 })).toThrow(
      /at least one window/,
    );
    expect(() => runWalkForward(windows, optimize, test, { initialCash: 0 })).toThrow(
      /initialCash/,
    );
  });
});
