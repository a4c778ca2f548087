import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { indicatorCatalog, type IndicatorName, type IndicatorOutput } from "./catalog.ts";
import { randomWalkBars } from "./test-series.ts";

// Reference: TA-Lib 0.4 itself, through the `talib` npm binding (talib@1.1.6, built from
// TA-Lib's C sources). Every value, including where the warm-up ends, must match.
const talib = createRequire(import.meta.url)("talib") as {
  execute(request: Record<string, unknown>): {
    begIndex: number;
    nbElement: number;
    result: Record<string, number[]>;
  };
};

const length = 2000;
const bars = randomWalkBars(length);
const plain = (values: Float64Array) => Array.from(values);

/** TA-Lib's output placed at its begIndex, NaN before: the shape our indicators return. */
function reference(name: string, output: string, inputs: Record<string, unknown>): Float64Array {
  const response = talib.execute({ name, startIdx: 0, endIdx: length - 1, ...inputs });
  const values = response.result[output];
  if (!values)
    throw new Error(
      `TA-Lib ${name} has no output ${output}: ${Object.keys(response.result).join(", ")}`,
    );
  const full = new Float64Array(length).fill(NaN);
  full.set(values, response.begIndex);
  return full;
}

function expectMatches(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  const firstExpected = expected.findIndex((value) => !Number.isNaN(value));
  const firstActual = actual.findIndex((value) => !Number.isNaN(value));
  expect(firstActual, "first defined index").toBe(firstExpected);
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = actual[i]!;
    if (Number.isNaN(want)) continue;
    const tolerance = 1e-9 * Math.max(1, Math.abs(want));
    if (!(Math.abs(got - want) <= tolerance)) {
      throw new Error(`index ${i}: expected ${want}, got ${got}`);
    }
  }
}

const prices = { inReal: plain(bars.close) };
const hlc = { high: plain(bars.high), low: plain(bars.low), close: plain(bars.close) };
const hlcv = { ...hlc, volume: plain(bars.volume) };

function ours(name: IndicatorName, params: Record<string, number>, output?: string): Float64Array {
  const result: IndicatorOutput = indicatorCatalog[name].compute(bars, bars.close, params);
  if (result instanceof Float64Array) return result;
  return result[output!]!;
}

describe("indicators against TA-Lib (talib@1.1.6)", () => {
  const singleSource: [IndicatorName, string, string][] = [
    ["sma", "SMA", "outReal"],
    ["ema", "EMA", "outReal"],
    ["wma", "WMA", "outReal"],
    ["dema", "DEMA", "outReal"],
    ["tema", "TEMA", "outReal"],
    ["rsi", "RSI", "outReal"],
    ["roc", "ROC", "outReal"],
    ["momentum", "MOM", "outReal"],
    ["linRegSlope", "LINEARREG_SLOPE", "outReal"],
    ["rollingMin", "MIN", "outReal"],
    ["rollingMax", "MAX", "outReal"],
  ];
  for (const [name, talibName, output] of singleSource) {
    it.each([2, 5, 14, 50])(`${name}(%i) equals TA-Lib ${talibName}`, (period) => {
      expectMatches(
        ours(name, { period }),
        reference(talibName, output, { ...prices, optInTimePeriod: period }),
      );
    });
  }

  it.each([5, 20, 60])("rollingStd(%i) equals TA-Lib STDDEV with nbDev 1", (period) => {
    expectMatches(
      ours("rollingStd", { period }),
      reference("STDDEV", "outReal", { ...prices, optInTimePeriod: period, optInNbDev: 1 }),
    );
  });

  it.each([
    [12, 26, 9],
    [5, 35, 5],
    [2, 3, 2],
  ])("macd(%i, %i, %i) equals TA-Lib MACD", (fast, slow, signal) => {
    const params = { fast, slow, signal };
    const request = {
      ...prices,
      optInFastPeriod: fast,
      optInSlowPeriod: slow,
      optInSignalPeriod: signal,
    };
    expectMatches(ours("macd", params, "macd"), reference("MACD", "outMACD", request));
    expectMatches(ours("macd", params, "signal"), reference("MACD", "outMACDSignal", request));
    expectMatches(ours("macd", params, "histogram"), reference("MACD", "outMACDHist", request));
  });

  it.each([
    [20, 2],
    [10, 1],
    [5, 2.5],
  ])("bollinger(%i, %f) equals TA-Lib BBANDS with an SMA", (period, stdDev) => {
    const request = {
      ...prices,
      optInTimePeriod: period,
      optInNbDevUp: stdDev,
      optInNbDevDn: stdDev,
      optInMAType: 0,
    };
    for (const [line, output] of [
      ["upper", "outRealUpperBand"],
      ["middle", "outRealMiddleBand"],
      ["lower", "outRealLowerBand"],
    ]) {
      expectMatches(
        ours("bollinger", { period, stdDev }, line),
        reference("BBANDS", output!, request),
      );
    }
  });

  it.each([
    [14, 14, 3],
    [14, 5, 3],
    [7, 3, 1],
  ])("stochRsi(%i, %i, %i) equals TA-Lib STOCHRSI", (period, stochPeriod, dPeriod) => {
    const request = {
      ...prices,
      optInTimePeriod: period,
      optInFastK_Period: stochPeriod,
      optInFastD_Period: dPeriod,
      optInFastD_MAType: 0,
    };
    expectMatches(
      ours("stochRsi", { period, stochPeriod, dPeriod }, "k"),
      reference("STOCHRSI", "outFastK", request),
    );
    expectMatches(
      ours("stochRsi", { period, stochPeriod, dPeriod }, "d"),
      reference("STOCHRSI", "outFastD", request),
    );
  });

  const barBased: [IndicatorName, string, number[]][] = [
    ["atr", "ATR", [1, 2, 14, 30]],
    ["natr", "NATR", [2, 14, 30]],
    ["adx", "ADX", [2, 14, 30]],
    ["plusDi", "PLUS_DI", [2, 14, 30]],
    ["minusDi", "MINUS_DI", [2, 14, 30]],
    ["cci", "CCI", [2, 14, 20]],
    ["williamsR", "WILLR", [2, 14, 30]],
  ];
  for (const [name, talibName, periods] of barBased) {
    it.each(periods)(`${name}(%i) equals TA-Lib ${talibName}`, (period) => {
      expectMatches(
        ours(name, { period }),
        reference(talibName, "outReal", { ...hlc, optInTimePeriod: period }),
      );
    });
  }

  it.each([2, 14, 30])("mfi(%i) equals TA-Lib MFI", (period) => {
    expectMatches(
      ours("mfi", { period }),
      reference("MFI", "outReal", { ...hlcv, optInTimePeriod: period }),
    );
  });

  it("obv equals TA-Lib OBV", () => {
    expectMatches(
      ours("obv", {}),
      reference("OBV", "outReal", { inReal: plain(bars.close), volume: plain(bars.volume) }),
    );
  });

  it.each([
    [14, 3, 3],
    [5, 3, 3],
    [5, 1, 1],
  ])(
    "stochastic(%i, %i, %i) equals TA-Lib STOCH with SMA smoothing",
    (kPeriod, kSmoothing, dPeriod) => {
      const request = {
        ...hlc,
        optInFastK_Period: kPeriod,
        optInSlowK_Period: kSmoothing,
        optInSlowK_MAType: 0,
        optInSlowD_Period: dPeriod,
        optInSlowD_MAType: 0,
      };
      expectMatches(
        ours("stochastic", { kPeriod, kSmoothing, dPeriod }, "k"),
        reference("STOCH", "outSlowK", request),
      );
      expectMatches(
        ours("stochastic", { kPeriod, kSmoothing, dPeriod }, "d"),
        reference("STOCH", "outSlowD", request),
      );
    },
  );

  it.each([5, 20])(
    "highestBars and lowestBars(%i) follow TA-Lib MAXINDEX and MININDEX",
    (period) => {
      const maxIndex = reference("MAXINDEX", "outInteger", { ...prices, optInTimePeriod: period });
      const minIndex = reference("MININDEX", "outInteger", { ...prices, optInTimePeriod: period });
      expectMatches(
        ours("highestBars", { period }),
        maxIndex.map((index, i) => i - index),
      );
      expectMatches(
        ours("lowestBars", { period }),
        minIndex.map((index, i) => i - index),
      );
    },
  );

  it("treats tiny variances as TA-Lib does (its zero tests use TA_EPSILON = 1e-14)", () => {
    // Alternating 100 and 100.0001: a population variance of 2.5e-9 at period 2, below 1e-8.
    const tiny = Float64Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 100 : 100.0001));
    const run = (name: string, inputs: Record<string, unknown>) => {
      const response = talib.execute({
        name,
        startIdx: 0,
        endIdx: tiny.length - 1,
        inReal: plain(tiny),
        ...inputs,
      });
      const full = new Float64Array(tiny.length).fill(NaN);
      full.set(response.result.outReal ?? response.result.outRealUpperBand!, response.begIndex);
      return full;
    };
    const ours = (name: IndicatorName, params: Record<string, number>, output?: string) => {
      const result: IndicatorOutput = indicatorCatalog[name].compute(bars, tiny, params);
      return result instanceof Float64Array ? result : result[output!]!;
    };
    expectMatches(
      ours("rollingStd", { period: 2 }),
      run("STDDEV", { optInTimePeriod: 2, optInNbDev: 1 }),
    );
    expectMatches(
      ours("bollinger", { period: 2, stdDev: 2 }, "upper"),
      run("BBANDS", { optInTimePeriod: 2, optInNbDevUp: 2, optInNbDevDn: 2, optInMAType: 0 }),
    );
    expect(ours("rollingStd", { period: 2 })[5]).toBeGreaterThan(0);
  });

  it("breaks ties in highestBars as TA-Lib MAXINDEX does", () => {
    const flat = Float64Array.from([1, 3, 3, 2, 3, 1, 1, 1, 2, 2, 2]);
    const response = talib.execute({
      name: "MAXINDEX",
      startIdx: 0,
      endIdx: flat.length - 1,
      inReal: plain(flat),
      optInTimePeriod: 3,
    });
    const expected = new Float64Array(flat.length).fill(NaN);
    response.result.outInteger!.forEach(
      (index, k) => (expected[response.begIndex + k] = response.begIndex + k - index),
    );
    expectMatches(
      indicatorCatalog.highestBars.compute(bars, flat, { period: 3 }) as Float64Array,
      expected,
    );
  });

  it("composes donchian and keltner from TA-Lib MAX, MIN, EMA and ATR", () => {
    const upper = reference("MAX", "outReal", { inReal: plain(bars.high), optInTimePeriod: 20 });
    const lower = reference("MIN", "outReal", { inReal: plain(bars.low), optInTimePeriod: 20 });
    expectMatches(ours("donchian", { period: 20 }, "upper"), upper);
    expectMatches(ours("donchian", { period: 20 }, "lower"), lower);
    expectMatches(
      ours("donchian", { period: 20 }, "middle"),
      upper.map((u, i) => (u + lower[i]!) / 2),
    );

    const middle = reference("EMA", "outReal", { ...prices, optInTimePeriod: 20 });
    const range = reference("ATR", "outReal", { ...hlc, optInTimePeriod: 10 });
    expectMatches(ours("keltner", { period: 20, multiplier: 2, atrPeriod: 10 }, "middle"), middle);
    expectMatches(
      ours("keltner", { period: 20, multiplier: 2, atrPeriod: 10 }, "upper"),
      middle.map((m, i) => m + 2 * range[i]!),
    );
    expectMatches(
      ours("keltner", { period: 30, multiplier: 1.5, atrPeriod: 40 }, "lower"),
      (() => {
        const m = reference("EMA", "outReal", { ...prices, optInTimePeriod: 30 });
        const r = reference("ATR", "outReal", { ...hlc, optInTimePeriod: 40 });
        return m.map((value, i) => value - 1.5 * r[i]!);
      })(),
    );
  });

  it("composes zScore from TA-Lib SMA and STDDEV", () => {
    const mean = reference("SMA", "outReal", { ...prices, optInTimePeriod: 20 });
    const deviation = reference("STDDEV", "outReal", {
      ...prices,
      optInTimePeriod: 20,
      optInNbDev: 1,
    });
    expectMatches(
      ours("zScore", { period: 20 }),
      plainClose().map((x, i) => (x - mean[i]!) / deviation[i]!),
    );
  });
});

function plainClose(): Float64Array {
  return bars.close.slice();
}
