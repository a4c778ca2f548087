import { describe, expect, it } from "vitest";
import { backAdjust } from "../adjust/corporate-actions.ts";
import { generateMarket } from "./index.ts";

const market = generateMarket({ seed: 42 });
const closes = new Map(
  market.bars.map((bars) => {
    const actions = market.corporateActions.filter((action) => action.symbol === bars.symbol);
    const adjusted = backAdjust(bars, actions);
    return [bars.symbol, { timestampMs: adjusted.timestampMs, close: adjusted.close }];
  }),
);

/** Correlation of log returns between the dates both symbols trade (a Monday's SPY return against BTC's three days). */
function correlation(a: string, b: string): number {
  const first = closes.get(a)!;
  const second = closes.get(b)!;
  const closeOn = new Map(Array.from(second.timestampMs, (time, i) => [time, second.close[i]!]));
  const x: number[] = [];
  const y: number[] = [];
  let previous: [number, number] | undefined;
  first.timestampMs.forEach((time, i) => {
    const other = closeOn.get(time);
    if (other === undefined) return;
    const current: [number, number] = [first.close[i]!, other];
    if (previous) {
      x.push(Math.log(current[0] / previous[0]));
      y.push(Math.log(current[1] / previous[1]));
    }
    previous = current;
  });
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const [meanX, meanY] = [mean(x), mean(y)];
  let [xy, xx, yy] = [0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    xy += (x[i]! - meanX) * (y[i]! - meanY);
    xx += (x[i]! - meanX) ** 2;
    yy += (y[i]! - meanY) ** 2;
  }
  return xy / Math.sqrt(xx * yy);
}

/**
 * Ranges of daily-return correlations typical of these markets over 2015-2024, written down
 * by hand from market experience rather than from the loadings in assets.ts, then widened by
 * 0.05 for the sampling error of five years of one seed.
 */
const tolerance = 0.05;
const bands: [string, string, number, number][] = [
  ["SPY", "QQQ", 0.85, 0.95],
  ["SPY", "IWM", 0.8, 0.9],
  ["SPY", "DIA", 0.93, 0.98],
  ...["XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"].map(
    (sector): [string, string, number, number] => ["SPY", sector, 0.5, 0.9],
  ),
  ["SPY", "TLT", -0.4, 0.1],
  ["SPY", "IEF", -0.4, 0.1],
  ["TLT", "IEF", 0.9, 0.97],
  ["LQD", "TLT", 0.7, 0.9],
  ["HYG", "SPY", 0.6, 0.8],
  ["LQD", "HYG", 0.4, 0.7],
  ["GLD", "SLV", 0.75, 0.85],
  ["GLD", "SPY", -0.2, 0.2],
  ["USO", "UNG", 0.1, 0.4],
  ["XLE", "USO", 0.4, 0.7],
  ["EUR/USD", "GBP/USD", 0.55, 0.75],
  ["AUD/USD", "NZD/USD", 0.8, 0.92],
  ["EUR/USD", "AUD/USD", 0.45, 0.65],
  ["EUR/USD", "USD/CHF", -0.9, -0.7],
  ["EUR/USD", "USD/JPY", -0.6, -0.2],
  ["AUD/USD", "USD/CAD", -0.7, -0.5],
  ["BTC/USD", "ETH/USD", 0.8, 0.9],
  ["ETH/USD", "SOL/USD", 0.7, 0.85],
  ["BTC/USD", "LTC/USD", 0.7, 0.9],
  ["BTC/USD", "SPY", 0.1, 0.4],
  ["ETH/USD", "QQQ", 0.1, 0.4],
];

describe("the demo market's correlations (seed 42)", () => {
  it.each(bands)("%s against %s lies in [%d, %d]", (a, b, low, high) => {
    const measured = correlation(a, b);
    expect(measured).toBeGreaterThan(low - tolerance);
    expect(measured).toBeLessThan(high + tolerance);
  });

  it("gives each asset class its usual annual volatility", () => {
    const annual = (symbol: string, perYear: number) => {
      const { close } = closes.get(symbol)!;
      const returns = Array.from(close.subarray(1), (value, i) => Math.log(value / close[i]!));
      const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
      const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / returns.length;
      return Math.sqrt(variance * perYear);
    };
    const fx = ["EUR/USD", "GBP/USD", "USD/JPY", "USD/CHF", "AUD/USD", "USD/CAD", "NZD/USD"];
    for (const symbol of fx) expect(annual(symbol, 261), symbol).toBeGreaterThan(0.05);
    for (const symbol of fx) expect(annual(symbol, 261), symbol).toBeLessThan(0.11);
    for (const symbol of ["TLT", "IEF", "SHY", "LQD", "HYG"]) {
      expect(annual(symbol, 252), symbol).toBeGreaterThan(0.01);
      expect(annual(symbol, 252), symbol).toBeLessThan(0.16);
    }
    expect(annual("SHY", 252)).toBeLessThan(0.03);
    const crypto = ["BTC/USD", "ETH/USD", "SOL/USD", "XRP/USD", "ADA/USD", "DOGE/USD", "AVAX/USD"];
    for (const symbol of [...crypto, "LTC/USD"]) {
      expect(annual(symbol, 365), symbol).toBeGreaterThan(0.45);
      expect(annual(symbol, 365), symbol).toBeLessThan(0.95);
    }
    expect(annual("SPY", 252)).toBeGreaterThan(0.12);
    expect(annual("SPY", 252)).toBeLessThan(0.22);
  });
});
