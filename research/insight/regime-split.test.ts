import { describe, expect, it } from "vitest";
import { buyAndHoldSpec, runBacktest } from "../../engine/strategy/backtest.ts";
import type { BarSeries } from "../../engine/types.ts";
import { regimeDefinitions, splitByRegime } from "./regime-split.ts";
import { ColumnKey } from "./strategy-runs.ts";

const dayMs = 86_400_000;

/**
 * 260 daily bars of SPY: a steady climb 100, 101, ... 329 (bars 0-229), a crash to 50 at bar 230,
 * then flat. Each bar opens at the previous close.
 */
function crashSeries(): BarSeries {
  const close = Float64Array.from({ length: 260 }, (_, i) => (i < 230 ? 100 + i : 50));
  const open = close.map((_, i) => close[Math.max(0, i - 1)]!);
  return {
    symbol: "SPY",
    timestampMs: Float64Array.from({ length: 260 }, (_, i) => Date.UTC(2020, 0, 1) + i * dayMs),
    open,
    high: close.map((value, i) => Math.max(value, open[i]!)),
    low: close.map((value, i) => Math.min(value, open[i]!)),
    close,
    volume: new Float64Array(260).fill(1000),
  };
}

describe("splitByRegime on a series whose regimes are counted by hand", () => {
  const bars = crashSeries();
  const options = { initialCash: 100_000, startMs: null, endMs: null };
  const costs = { timeframe: "1d", costs: { feeBps: 0, slippageBps: 0 } };
  const holdSpy = runBacktest(buyAndHoldSpec(["SPY"], costs), [bars], options);
  const cash = runBacktest({ ...buyAndHoldSpec(["SPY"], costs), entry: false }, [bars], options);
  const splits = splitByRegime(
    [
      { key: ColumnKey.strategy, name: "Buy and hold SPY", run: holdSpy },
      { key: ColumnKey.buyAndHold, name: "Cash", run: cash },
    ],
    bars,
  );
  const byRegime = Object.fromEntries(splits.map((split) => [split.regime, split]));

  it("puts a day in the trend regime of the previous close against its 200-bar average", () => {
    // Day k's return runs from close k to close k+1 and is judged at close k. The 200-bar average
    // exists from bar 199. A straight climb stays above its average (close 100 + k against
    // 100 + k - 99.5): days 199-229 are bull, 31 of them; after the crash the close of 50 sits
    // below an average still full of pre-crash closes: days 230-258 are bear, 29.
    expect(byRegime.bull!.results[0]!.days).toBe(31);
    expect(byRegime.bear!.results[0]!.days).toBe(29);
    // Fully invested from bar 1 (bought at its open, the close of bar 0), buy and hold's bull
    // days chain to close 230 / close 199, the crash included; the bear days are flat.
    expect(byRegime.bull!.results[0]!.totalReturn).toBeCloseTo(50 / 299 - 1, 12);
    expect(byRegime.bull!.results[0]!.maxDrawdown).toBeCloseTo(1 - 50 / 329, 12);
    expect(byRegime.bear!.results[0]!.totalReturn).toBeCloseTo(0, 12);
    expect(byRegime.bull!.results[1]).toMatchObject({ days: 31, totalReturn: 0, maxDrawdown: 0 });
  });

  it("puts a day in the volatility regime of the previous close against the median", () => {
    // 20-bar volatility exists from bar 20 (days 20-258: 239 days). Along the climb the daily log
    // return ln(1 + 1 / (100 + j)) flattens, so its 20-bar spread shrinks bar by bar; the crash's
    // windows (bars 230-249) are far larger and the flat tail's (250-259) are zero. Of the 240
    // values the median falls between bars 120 and 119: high are days 20-119 and 230-249 (120),
    // low are days 120-229 and 250-258 (119).
    expect(byRegime.highVolatility!.results[0]!.days).toBe(120);
    expect(byRegime.lowVolatility!.results[0]!.days).toBe(119);
  });

  it("reads each regime in a line that follows the numbers", () => {
    expect(byRegime.bull!.reading).toBe(
      "Uptrend (31 days): the strategy returned -83.3% against 0.0% for cash: behind it.",
    );
    expect(byRegime.bear!.reading).toBe(
      "Downtrend (29 days): the strategy returned 0.0% against 0.0% for cash: level with it.",
    );
    expect(byRegime.bull!.definition).toBe(regimeDefinitions("SPY").bull);
    expect(byRegime.bull!.definition).toBe(
      "SPY's close at the previous bar is above its 200-bar simple moving average",
    );
  });
});
