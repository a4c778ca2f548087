import { describe, expect, it } from "vitest";
import { computePerformance, type PerformanceMetrics } from "../../engine/metrics/performance.ts";
import { packMetrics, unpackMetrics } from "./packed-metrics.ts";

describe("packed metrics", () => {
  it("unpack to exactly the metrics packed, nulls, -0, NaN and infinities included", () => {
    const day = 86_400_000;
    const measured = computePerformance({
      initialCash: 100,
      timestampMs: Float64Array.from([0, day, 2 * day, 3 * day]),
      equity: Float64Array.from([100, 103, 99, 104]),
      grossExposure: Float64Array.from([0, 1, 1, 0]),
      tradePnl: [5, -1],
      tradedNotional: 400,
    });
    const idle = computePerformance({
      initialCash: 100,
      timestampMs: new Float64Array(0),
      equity: new Float64Array(0),
      grossExposure: new Float64Array(0),
      tradePnl: [],
      tradedNotional: 0,
    });
    const odd: PerformanceMetrics = { ...measured, totalReturn: -0, sharpe: NaN, calmar: Infinity };
    const runs = [measured, idle, odd];
    const into = new Array<PerformanceMetrics>(5);
    unpackMetrics(packMetrics(runs), into, 2);
    expect(into.slice(2)).toStrictEqual(runs);
    expect(Object.keys(into[2]!)).toStrictEqual(Object.keys(measured));
    expect(Object.is(into[4]!.totalReturn, -0)).toBe(true);
    expect(idle.sharpe).toBeNull();
  });
});
