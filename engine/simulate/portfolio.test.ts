import { describe, expect, it } from "vitest";
import { simulatePortfolio } from "./portfolio.ts";
import { candles, day, signalsAt } from "./test-bars.ts";
import type { SimulationConfig, SymbolPlan } from "./types.ts";

// Expected values below are hand calculations from the bar model in README.md
// (fill at next open, slippage against the trade, qty = f*equity/(fill*(1+feeRate))).

const config = (overrides: Partial<SimulationConfig> = {}): SimulationConfig => ({
  initialCash: 1000,
  direction: 1,
  sizing: { kind: "fraction", fraction: 1 },
  feeRate: 0,
  slippageRate: 0,
  timeExitBars: null,
  startMs: null,
  endMs: null,
  ...overrides,
});

const plan = (
  bars: SymbolPlan["bars"],
  entry: number[],
  exit: number[] = [],
  extra: Partial<SymbolPlan> = {},
): SymbolPlan => ({
  bars,
  entry: signalsAt(bars.close.length, ...entry),
  exit: signalsAt(bars.close.length, ...exit),
  sizeFraction: null,
  stopLoss: null,
  takeProfit: null,
  trailingStop: null,
  ...extra,
});

const flat: [number, number, number, number][] = [
  [10, 10, 10, 10],
  [10, 10, 10, 10],
  [10, 11, 10, 11],
  [11, 12, 11, 12],
  [12, 12, 12, 12],
  [12, 12, 12, 12],
];

describe("simulatePortfolio: fills, fees and slippage", () => {
  it("fills a close signal at the next open and charges fees on both sides", () => {
    const bars = candles("AAA", flat);
    const result = simulatePortfolio([plan(bars, [1], [3])], config({ feeRate: 0.001 }));
    const quantity = 1000 / (10 * 1.001); // qty = f * equity / (fill * (1 + feeRate))
    const entryFee = quantity * 10 * 0.001;
    const exitFee = quantity * 12 * 0.001;
    expect(result.trades).toHaveLength(1);
    const trade = result.trades[0]!;
    expect(trade.entryTimeMs).toBe(day(2));
    expect(trade.entryPrice).toBe(10);
    expect(trade.exitTimeMs).toBe(day(4));
    expect(trade.exitPrice).toBe(12);
    expect(trade.quantity).toBeCloseTo(quantity, 10);
    expect(trade.pnl).toBeCloseTo(2 * quantity - entryFee - exitFee, 9);
    expect(trade.exitReason).toBe("signal");
    // equity at each close: cash 1000 until the entry; then qty * close; then cash after the exit
    expect(Array.from(result.equity)).toEqual([
      1000,
      1000,
      expect.closeTo(quantity * 11, 9),
      expect.closeTo(quantity * 12, 9),
      expect.closeTo(quantity * 12 - exitFee, 9),
      expect.closeTo(quantity * 12 - exitFee, 9),
    ]);
  });

  it("moves fills against the trade by the slippage rate", () => {
    const bars = candles("AAA", flat);
    const result = simulatePortfolio([plan(bars, [1], [3])], config({ slippageRate: 0.01 }));
    const trade = result.trades[0]!;
    expect(trade.entryPrice).toBeCloseTo(10 * 1.01, 12);
    expect(trade.exitPrice).toBeCloseTo(12 * 0.99, 12);
    expect(trade.pnl).toBeCloseTo((1000 / 10.1) * (11.88 - 10.1), 9);
  });

  it("sells short: proceeds at the slipped open, P&L when the price falls", () => {
    const falling = candles("AAA", [
      [20, 20, 20, 20],
      [20, 20, 20, 20],
      [20, 20, 18, 18],
      [16, 16, 16, 16],
      [16, 16, 16, 16],
    ]);
    const result = simulatePortfolio(
      [plan(falling, [1], [2])],
      config({ direction: -1, slippageRate: 0.001, feeRate: 0.001 }),
    );
    const entry = 20 * (1 - 0.001);
    const exit = 16 * (1 + 0.001);
    const quantity = 1000 / (entry * 1.001);
    const trade = result.trades[0]!;
    expect(trade.side).toBe("short");
    expect(trade.entryPrice).toBeCloseTo(entry, 12);
    expect(trade.exitPrice).toBeCloseTo(exit, 12);
    expect(trade.pnl).toBeCloseTo(
      (entry - exit) * quantity - quantity * entry * 0.001 - quantity * exit * 0.001,
      9,
    );
    expect(result.equity[result.equity.length - 1]).toBeCloseTo(1000 + trade.pnl, 9);
  });

  it("takes nothing from a signal on the last bar and reports an open position", () => {
    const bars = candles("AAA", flat);
    const result = simulatePortfolio([plan(bars, [3, 5])], config());
    expect(result.trades).toHaveLength(0);
    expect(result.openPositions).toHaveLength(1);
    expect(result.openPositions[0]!.entryPrice).toBe(12);
    expect(result.openPositions[0]!.entryTimeMs).toBe(day(4));
  });
});

describe("simulatePortfolio: stops, targets and time exits", () => {
  const entryThen = (rows: [number, number, number, number][]) =>
    candles("AAA", [[100, 100, 100, 100], [100, 100, 100, 100], ...rows]);

  it("fills a stop inside the bar at the stop price", () => {
    const bars = entryThen([
      [100, 101, 99, 100],
      [97, 98, 94, 96],
    ]);
    const result = simulatePortfolio(
      [plan(bars, [1], [], { stopLoss: { kind: "percent", percent: 5 } })],
      config(),
    );
    expect(result.trades[0]).toMatchObject({
      exitPrice: 95,
      exitReason: "stopLoss",
      exitTimeMs: day(3),
    });
  });

  it("fills a stop at the worse open when the bar gaps through it", () => {
    const bars = entryThen([
      [100, 101, 99, 100],
      [93, 94, 90, 92],
    ]);
    const result = simulatePortfolio(
      [plan(bars, [1], [], { stopLoss: { kind: "percent", percent: 5 } })],
      config(),
    );
    expect(result.trades[0]).toMatchObject({ exitPrice: 93, exitReason: "stopLoss" });
  });

  it("lets the stop win when stop and target are both touched in one bar", () => {
    const bars = entryThen([[100, 111, 94, 100]]);
    const result = simulatePortfolio(
      [
        plan(bars, [1], [], {
          stopLoss: { kind: "percent", percent: 5 },
          takeProfit: { kind: "percent", percent: 10 },
        }),
      ],
      config(),
    );
    expect(result.trades[0]).toMatchObject({
      exitPrice: 95,
      exitReason: "stopLoss",
      exitTimeMs: day(2),
    });
  });

  it("fills a target at its level, or at a better opening gap, without slippage", () => {
    // entry fills at 100 * 1.01 = 101, so the 10% target sits at 111.1
    const touched = entryThen([
      [100, 101, 99, 100],
      [105, 112, 104, 108],
    ]);
    const gapped = entryThen([
      [100, 101, 99, 100],
      [113, 115, 112, 114],
    ]);
    const withTarget = (bars: SymbolPlan["bars"]) =>
      simulatePortfolio(
        [plan(bars, [1], [], { takeProfit: { kind: "percent", percent: 10 } })],
        config({ slippageRate: 0.01 }),
      );
    expect(withTarget(touched).trades[0]).toMatchObject({ exitReason: "takeProfit" });
    expect(withTarget(touched).trades[0]!.exitPrice).toBeCloseTo(111.1, 12);
    expect(withTarget(gapped).trades[0]).toMatchObject({
      exitPrice: 113,
      exitReason: "takeProfit",
    });
  });

  it("trails a percent stop behind the highest high since entry", () => {
    // entry 100; highs 104 then 110 raise the trail to 98.8 then 104.5; the low of 104 hits 104.5
    const bars = entryThen([
      [100, 104, 99.5, 103],
      [103, 110, 105, 109],
      [108, 109, 104, 105],
    ]);
    const result = simulatePortfolio(
      [plan(bars, [1], [], { trailingStop: { kind: "percent", percent: 5 } })],
      config(),
    );
    expect(result.trades[0]).toMatchObject({ exitReason: "trailingStop", exitTimeMs: day(4) });
    expect(result.trades[0]!.exitPrice).toBeCloseTo(110 * 0.95, 12);
  });

  it("sets an ATR stop from the ATR of the signal bar", () => {
    const bars = entryThen([
      [100, 101, 99, 100],
      [99, 99, 95.5, 97],
    ]);
    const atr = Float64Array.from([NaN, 2, 3, 3, 3]); // signal on bar 1: distance 2 x 2 = 4
    const result = simulatePortfolio(
      [plan(bars, [1], [], { stopLoss: { kind: "atr", multiple: 2, atr } })],
      config(),
    );
    expect(result.trades[0]).toMatchObject({ exitPrice: 96, exitReason: "stopLoss" });
  });

  it("exits after holding the given number of bars", () => {
    const bars = candles("AAA", flat);
    const result = simulatePortfolio([plan(bars, [1])], config({ timeExitBars: 2 }));
    expect(result.trades[0]).toMatchObject({
      entryTimeMs: day(2),
      exitTimeMs: day(4),
      exitReason: "timeExit",
      barsHeld: 2,
    });
  });
});

describe("simulatePortfolio: portfolio and period", () => {
  it("shares cash between symbols and caps entries at buying power", () => {
    const a = candles("AAA", flat);
    const b = candles(
      "BBB",
      flat.map(([o, h, l, c]) => [o * 2, h * 2, l * 2, c * 2]),
    );
    const c = candles("CCC", flat);
    const result = simulatePortfolio(
      [plan(a, [1]), plan(b, [1]), plan(c, [1])],
      config({ sizing: { kind: "fraction", fraction: 0.5 } }),
    );
    // AAA takes 500 at 10, BBB takes the remaining 500 at 20, CCC finds no buying power
    expect(result.openPositions.map((position) => [position.symbol, position.quantity])).toEqual([
      ["AAA", 50],
      ["BBB", 25],
    ]);
    expect(result.skippedEntries).toBe(1);
    expect(result.equity[2]).toBeCloseTo(50 * 11 + 25 * 22, 9);
  });

  it("uses bars before the start only as history", () => {
    const bars = candles("AAA", flat);
    const result = simulatePortfolio([plan(bars, [0, 3])], config({ startMs: day(2) }));
    expect(result.timestampMs[0]).toBe(day(2));
    expect(result.openPositions[0]!.entryTimeMs).toBe(day(4));
  });

  it("marks symbols with missing bars at their last close", () => {
    const a = candles("AAA", flat);
    const sparse = candles(
      "BBB",
      [
        [10, 10, 10, 10],
        [10, 10, 10, 10],
        [10, 10, 10, 10],
      ],
      0,
    );
    sparse.timestampMs[2] = day(4);
    const result = simulatePortfolio([plan(a, []), plan(sparse, [0], [], {})], config());
    expect(Array.from(result.timestampMs)).toEqual([0, 1, 2, 3, 4, 5].map(day));
    expect(result.openPositions[0]).toMatchObject({
      symbol: "BBB",
      entryTimeMs: day(1),
      quantity: 100,
    });
  });

  it("refuses nonsense configuration with every problem named", () => {
    const bars = candles("AAA", flat);
    expect(() =>
      simulatePortfolio([plan(bars, [])], config({ initialCash: -5, feeRate: 2 })),
    ).toThrow(
      /initialCash must be a positive amount \(was -5\); feeRate must be in \[0, 1\) \(was 2\)/,
    );
  });
});
