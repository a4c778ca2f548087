import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computePerformance } from "../metrics/performance.ts";
import { mulberry32 } from "../random.ts";
import type { BarSeries } from "../types.ts";
import { simulateEventLoop, simulatePortfolio } from "./portfolio.ts";
import { day } from "./test-bars.ts";
import type { SimulationBuffers, SimulationConfig, SimulationResult, SymbolPlan } from "./types.ts";

// The single-symbol fast path must be indistinguishable from the general event loop: same
// trades, same equity and exposure to the last bit, same metrics. Bars, signals and configs
// are random (seeded) so that fees, slippage, fractional and per-bar sizing, shorts, time exits,
// skipped entries, periods and signals on the first and last bars all come up.

/** A seeded random walk with consistent OHLC. */
function randomBars(seed: number, length: number): BarSeries {
  const random = mulberry32(seed);
  const series = {
    symbol: "RND",
    timestampMs: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length).fill(1000),
  };
  let price = 50 + 100 * random();
  for (let t = 0; t < length; t++) {
    const open = price * (1 + (random() - 0.5) * 0.04);
    const close = open * (1 + (random() - 0.5) * 0.06);
    series.timestampMs[t] = day(t);
    series.open[t] = open;
    series.close[t] = close;
    series.high[t] = Math.max(open, close) * (1 + random() * 0.02);
    series.low[t] = Math.min(open, close) * (1 - random() * 0.02);
    price = close;
  }
  return series;
}

/** Rule output: mostly FALSE, some TRUE, some UNKNOWN (2), as compiled rules produce. */
function randomSignals(seed: number, length: number, density: number): Uint8Array {
  const random = mulberry32(seed);
  return Uint8Array.from({ length }, () => {
    const draw = random();
    return draw < density ? 1 : draw < density * 1.5 ? 2 : 0;
  });
}

const scenario = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  length: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 5, max: 300 })),
  entryDensity: fc.constantFrom(0.02, 0.1, 0.5, 1),
  exitDensity: fc.constantFrom(0, 0.05, 0.3, 1),
  withExit: fc.boolean(),
  signalOnFirstBar: fc.boolean(),
  signalOnLastBar: fc.constantFrom("none", "entry", "exit", "both"),
  direction: fc.constantFrom(1 as const, -1 as const),
  sizing: fc.oneof(
    fc.record({
      kind: fc.constant("fraction" as const),
      fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant("notional" as const),
      notional: fc.double({ min: 1, max: 300_000, noNaN: true }),
    }),
    fc.record({ kind: fc.constant("perBar" as const) }),
  ),
  feeRate: fc.constantFrom(0, 1e-4, 0.0025, 0.05),
  slippageRate: fc.constantFrom(0, 5e-4, 0.01),
  timeExitBars: fc.option(fc.integer({ min: 1, max: 15 }), { nil: null }),
  startAt: fc.option(fc.integer({ min: 0, max: 320 }), { nil: null }),
  endAt: fc.option(fc.integer({ min: 0, max: 320 }), { nil: null }),
  initialCash: fc.constantFrom(1000, 100_000, 12_345.678),
  withBuffers: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function setUp(s: Scenario): { plan: SymbolPlan; config: SimulationConfig } {
  const bars = randomBars(s.seed, s.length);
  const entry = randomSignals(s.seed + 1, s.length, s.entryDensity);
  const exit = randomSignals(s.seed + 2, s.length, s.exitDensity);
  const last = s.length - 1;
  if (s.length > 0 && s.signalOnFirstBar) entry[0] = 1;
  if (last >= 0 && (s.signalOnLastBar === "entry" || s.signalOnLastBar === "both")) entry[last] = 1;
  if (last >= 0 && (s.signalOnLastBar === "exit" || s.signalOnLastBar === "both")) exit[last] = 1;
  // Per-bar fractions above 1 hit the buying-power cap; NaN (warm-up) blocks the entry.
  const random = mulberry32(s.seed + 3);
  const sizeFraction = Float64Array.from({ length: s.length }, () =>
    random() < 0.1 ? NaN : random() * 1.5,
  );
  return {
    plan: {
      bars,
      entry,
      exit: s.withExit ? exit : null,
      sizeFraction: s.sizing.kind === "perBar" ? sizeFraction : null,
      stopLoss: null,
      takeProfit: null,
      trailingStop: null,
    },
    config: {
      initialCash: s.initialCash,
      direction: s.direction,
      sizing: s.sizing,
      feeRate: s.feeRate,
      slippageRate: s.slippageRate,
      timeExitBars: s.timeExitBars,
      startMs: s.startAt === null ? null : day(s.startAt),
      endMs: s.endAt === null ? null : day(s.endAt),
    },
  };
}

const buffers = (): SimulationBuffers => ({
  equity: new Float64Array(400).fill(-1),
  grossExposure: new Float64Array(400).fill(-1),
});

function metricsOf(result: SimulationResult, initialCash: number) {
  return computePerformance({
    initialCash,
    timestampMs: result.timestampMs,
    equity: result.equity,
    grossExposure: result.grossExposure,
    tradePnl: result.trades.map((trade) => trade.pnl),
    tradedNotional: result.tradedNotional,
  });
}

describe("single-symbol fast path", () => {
  it("gives exactly the general loop's trades, equity and metrics on random scenarios", () => {
    const seen = { trades: 0, timeExits: 0, skippedEntries: 0, openAtEnd: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        const { plan, config } = setUp(s);
        const fast = simulatePortfolio([plan], config, s.withBuffers ? buffers() : undefined);
        const general = simulateEventLoop([plan], config, s.withBuffers ? buffers() : undefined);
        expect(fast.trades).toStrictEqual(general.trades);
        expect(fast.openPositions).toStrictEqual(general.openPositions);
        // Object.is per element: NaN equals NaN, and 0 differs from -0.
        expect(Array.from(fast.equity)).toStrictEqual(Array.from(general.equity));
        expect(Array.from(fast.grossExposure)).toStrictEqual(Array.from(general.grossExposure));
        expect(Array.from(fast.timestampMs)).toStrictEqual(Array.from(general.timestampMs));
        expect(fast.tradedNotional).toBe(general.tradedNotional);
        expect(fast.feesPaid).toBe(general.feesPaid);
        expect(fast.skippedEntries).toBe(general.skippedEntries);
        expect(metricsOf(fast, config.initialCash)).toStrictEqual(
          metricsOf(general, config.initialCash),
        );
        seen.trades += fast.trades.length;
        seen.timeExits += fast.trades.filter((trade) => trade.exitReason === "timeExit").length;
        seen.skippedEntries += fast.skippedEntries;
        seen.openAtEnd += fast.openPositions.length;
      }),
      { numRuns: 600, seed: 20261202 },
    );
    // The scenarios must actually exercise every branch.
    expect(seen.trades).toBeGreaterThan(1000);
    expect(seen.timeExits).toBeGreaterThan(100);
    expect(seen.skippedEntries).toBeGreaterThan(20);
    expect(seen.openAtEnd).toBeGreaterThan(30);
  });

  it("is not taken when a stop, a target or a second symbol needs the general loop", () => {
    const { plan, config } = setUp({
      seed: 5,
      length: 60,
      entryDensity: 0.1,
      exitDensity: 0.05,
      withExit: true,
      signalOnFirstBar: false,
      signalOnLastBar: "none",
      direction: 1,
      sizing: { kind: "fraction", fraction: 0.5 },
      feeRate: 1e-4,
      slippageRate: 0,
      timeExitBars: null,
      startAt: null,
      endAt: null,
      initialCash: 1000,
      withBuffers: false,
    });
    const stopped = { ...plan, stopLoss: { kind: "percent" as const, percent: 1 } };
    const withStop = simulatePortfolio([stopped], config);
    expect(withStop.trades.some((trade) => trade.exitReason === "stopLoss")).toBe(true);
    expect(withStop).toStrictEqual(simulateEventLoop([stopped], config));
  });
});
