import { describe, expect, it } from "vitest";
import { compileSymbolPlan } from "../strategy/compile.ts";
import type { BarSeries } from "../types.ts";
import { compareTruncated } from "./analysis/truncation.ts";
import { validateStrategy } from "./runner.ts";
import { barsAt, dailyTimes, specOf, walkCloses } from "./test-markets.ts";
import type { SignalFunction } from "./types.ts";

const options = { initialCash: 100_000, startMs: null, endMs: null };

/** Enters when the close `bars` ahead is higher and exits when it is lower: a planted leak. */
const peeking =
  (ahead: number): SignalFunction =>
  (_, bars) => {
    const { close } = bars;
    const entry = new Uint8Array(close.length);
    const exit = new Uint8Array(close.length);
    for (let t = 0; t + ahead < close.length; t++) {
      entry[t] = close[t + ahead]! > close[t]! ? 1 : 0;
      exit[t] = close[t + ahead]! < close[t]! ? 1 : 0;
    }
    return { entry, exit };
  };

/** The same rule on the past only: enters after an up bar, exits after a down bar. */
const honest: SignalFunction = (_, bars) => {
  const { close } = bars;
  const entry = new Uint8Array(close.length);
  const exit = new Uint8Array(close.length);
  for (let t = 1; t < close.length; t++) {
    entry[t] = close[t]! > close[t - 1]! ? 1 : 0;
    exit[t] = close[t]! < close[t - 1]! ? 1 : 0;
  }
  return { entry, exit };
};

describe("look-ahead is caught by the truncated rerun", () => {
  const times = dailyTimes("NYSE", "2021-01-04", 600);
  const bars = barsAt("AAA", times, walkCloses(times.length, 5));
  const spec = specOf(["AAA"], false, false);

  it("fails a strategy whose signals peek at the next close, and its verdict", () => {
    const report = validateStrategy(
      { spec, bars: [bars], markets: ["NYSE"], options, seed: 1 },
      { signals: peeking(1) },
    );
    const rule = report.rules.find((result) => result.id === "lookahead-truncated-signals")!;
    expect(rule.status).toBe("fail");
    expect(rule.message).toMatch(/changed/);
    expect(report.verdict).toBe("fail");
    // Knowing tomorrow's close makes a fortune, which the too-good rule also flags.
    expect(report.rules.find((result) => result.id === "lookahead-too-good")!.status).not.toBe(
      "pass",
    );
  });

  it("passes the same rule computed from the past only", () => {
    const report = validateStrategy(
      { spec, bars: [bars], markets: ["NYSE"], options, seed: 1 },
      { signals: honest },
    );
    for (const id of [
      "lookahead-truncated-signals",
      "lookahead-truncated-signals-early",
      "lookahead-truncated-equity",
    ])
      expect(report.rules.find((result) => result.id === id)!.status).toBe("pass");
  });

  it("counts exactly the signals a k-bar peek changes at the cut", () => {
    // Strictly rising closes: a k-bar peek signals an entry on every bar with k bars after it. Cut at
    // bar 70, the truncated run lacks the future of its last k bars, so exactly k signals change,
    // the first at bar 70 - k (counted by hand from the construction).
    const rising = barsAt(
      "UP",
      dailyTimes("NYSE", "2021-01-04", 100),
      Array.from({ length: 100 }, (_, t) => 100 + t),
    );
    for (const ahead of [1, 3]) {
      const planOf = (series: BarSeries) => ({
        ...compileSymbolPlan(spec, series),
        ...peeking(ahead)(spec, series),
      });
      const comparison = compareTruncated([planOf(rising)], planOf, rising.timestampMs[70]!, 0.7);
      expect(comparison.comparedBars).toBe(70);
      expect(comparison.changedSignals).toBe(ahead);
      expect(comparison.first).toEqual({
        symbol: "UP",
        timeMs: rising.timestampMs[70 - ahead],
        field: "entry",
      });
    }
  });

  it("finds nothing to change for an honest signal on the same bars", () => {
    const rising = barsAt(
      "UP",
      dailyTimes("NYSE", "2021-01-04", 100),
      Array.from({ length: 100 }, (_, t) => 100 + t),
    );
    const planOf = (series: BarSeries) => ({
      ...compileSymbolPlan(spec, series),
      ...honest(spec, series),
    });
    const comparison = compareTruncated([planOf(rising)], planOf, rising.timestampMs[70]!, 0.7);
    expect(comparison.changedSignals).toBe(0);
    expect(comparison.first).toBeNull();
  });
});
