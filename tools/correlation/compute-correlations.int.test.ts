import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { computeCorrelations } from "./compute-correlations.ts";

const dayMs = 86_400_000;
const firstMs = Date.UTC(2024, 0, 1);

/** Daily bars from log returns, one a day from 2024-01-01 (weekends included: a 24/7 market). */
function fromReturns(symbol: string, returns: number[]): BarSeries {
  const close = Float64Array.from({ length: returns.length + 1 }, () => 100);
  returns.forEach((r, k) => (close[k + 1] = close[k]! * Math.exp(r)));
  return {
    symbol,
    timestampMs: Float64Array.from(close, (_, i) => firstMs + i * dayMs),
    open: close,
    high: close,
    low: close,
    close,
    volume: close.map(() => 1),
  };
}

// AAA and BBB move together for 40 days, then opposite for 20: their correlation falls from
// +1 to −1, a regime change of the average correlation against a 10-bar baseline.
const base = Array.from({ length: 60 }, (_, t) => 0.01 * Math.sin(1.3 * t + 0.4));
const together = base.map((r, t) => (t < 40 ? r : -r));

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", [fromReturns("AAA", base), fromReturns("BBB", together)]);
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown) =>
  runTool(computeCorrelations, input, testContext(store)) as Promise<{
    matrix: number[][];
    averageCorrelation: number;
    firstEigenShare: number;
    events: { time: string; metric: string; direction: string; value: number; baseline: number }[];
    baseline: { averageCorrelation: number | null };
  }>;

describe("compute_correlations", () => {
  it("raises a regime event when hand-made series turn from together to opposite", async () => {
    const result = await run({ symbols: ["AAA", "BBB"], window: 5, baselineBars: 10 });
    // The last window holds only opposite moves: correlation −1, λ₁ = 2 of 2 (share 1).
    expect(result.matrix[0]![1]).toBeCloseTo(-1, 12);
    expect(result.averageCorrelation).toBeCloseTo(-1, 12);
    expect(result.firstEigenShare).toBeCloseTo(1, 9);
    const fall = result.events.find((event) => event.metric === "averageCorrelation");
    expect(fall).toMatchObject({ direction: "fall", baseline: expect.closeTo(1, 9) });
    // The 40th return (index 40) is the first opposite one; it ends on day 41. Its window of 5
    // holds one opposite move, which already moves the correlation by more than 0.15.
    expect(fall!.time).toBe(new Date(firstMs + 41 * dayMs).toISOString());
    // The first eigenvalue's share is 1 at correlation ±1 and 1/2 at 0: it dips as the pair
    // passes through 0 (a fall on day 41) and returns to 1 once the window holds only opposite
    // moves, a rise against a baseline that still holds the dip (day 49).
    expect(
      result.events
        .filter((event) => event.metric === "firstEigenShare")
        .map((event) => [event.time.slice(0, 10), event.direction]),
    ).toEqual([
      ["2024-02-19", "rise"],
      ["2024-02-11", "fall"],
    ]);
  });

  it("ranks every other symbol against a focus, adding it to the set, and keeps the rolling history", async () => {
    await store.writeBars("1d", [
      fromReturns(
        "CCC",
        base.map((r) => 2 * r),
      ),
    ]);
    const result = (await run({ symbols: ["BBB", "CCC"], focus: "AAA", window: 5 })) as unknown as {
      symbols: string[];
      focus: { symbol: string; correlations: { symbol: string; correlation: number }[] };
      history: { time: string; averageCorrelation: number }[];
    };
    expect(result.symbols).toEqual(["BBB", "CCC", "AAA"]);
    // In the last window CCC moves as AAA, twice as far (+1), and BBB against it (−1).
    expect(result.focus.symbol).toBe("AAA");
    expect(result.focus.correlations.map(({ symbol }) => symbol)).toEqual(["CCC", "BBB"]);
    expect(result.focus.correlations[0]!.correlation).toBeCloseTo(1, 12);
    expect(result.focus.correlations[1]!.correlation).toBeCloseTo(-1, 12);
    // One point per full window: 60 returns, windows of 5, the first ending on day 5.
    expect(result.history).toHaveLength(56);
    expect(result.history[0]!.time).toBe(new Date(firstMs + 5 * dayMs).toISOString());
    // All three together at first (average +1); at the end BBB against both: (−1 −1 +1) / 3.
    expect(result.history[0]!.averageCorrelation).toBeCloseTo(1, 12);
    expect(result.history.at(-1)!.averageCorrelation).toBeCloseTo(-1 / 3, 12);
    await expect(run({ symbols: ["AAA", "BBB"], focus: "a b" })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: ["focus"] })],
    });
  });

  it("stops at `at` and starts at `start`", async () => {
    const early = await run({
      symbols: ["AAA", "BBB"],
      window: 5,
      baselineBars: 10,
      at: "2024-02-05",
    });
    expect(early.averageCorrelation).toBeCloseTo(1, 12);
    expect(early.baseline.averageCorrelation).toBeCloseTo(1, 9);
    await expect(
      run({ symbols: ["AAA", "BBB"], window: 5, start: "2024-02-26" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: ["window"], message: "needs 6 common dates, have 5" }],
    });
  });

  it("names the symbols without bars and how to get them", async () => {
    await expect(run({ symbols: ["AAA", "ZZZ", "YYY"] })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(
        /no 1d bars stored for ZZZ, YYY; fetch them with fetch_bars .* generate_demo_market/,
      ),
    });
    // The default cross-asset set is not stored here.
    await expect(run({})).rejects.toMatchObject({ message: expect.stringMatching(/XLB, XLC/) });
  });

  it.each([
    [{ window: 2 }, ["window"]],
    [{ window: 60.5 }, ["window"]],
    [{ symbols: ["AAA"] }, ["symbols"]],
    [{ symbols: ["AAA", "AAA"] }, ["symbols"]],
    [{ universe: "index-etfs", symbols: ["AAA", "BBB"] }, ["symbols"]],
    [{ timeframe: "1h" }, ["timeframe"]],
    [{ at: "2024-01-01", end: "2024-01-02" }, ["at"]],
    [{ end: "yesterday" }, ["end"]],
    [{ eigenShareThreshold: 0 }, ["eigenShareThreshold"]],
    [{ colour: "red" }, []],
  ])("refuses %j naming the field", async (input, path) => {
    await expect(run(input)).rejects.toMatchObject({
      code: "invalid_input",
      issues: expect.arrayContaining([expect.objectContaining({ path })]),
    });
  });

  it("refuses an unknown universe, naming the known ones", async () => {
    await expect(run({ universe: "nope" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/unknown universe "nope" \(known: sector-etfs, index-etfs/),
      issues: [{ path: ["universe"], message: 'unknown universe "nope"' }],
    });
  });
});
