import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { sharpeDifferenceTest } from "../../engine/validation/index.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { AlphadeskError } from "../errors.ts";
import type { Store } from "../ports/store.ts";
import { describeComparison } from "../replies/comparison.ts";
import { runTool } from "../run-tool.ts";
import { backtestStrategy, type BacktestResult } from "./backtest-strategy.ts";
import { compareBacktests } from "./compare-backtests.ts";

/** The tool's output: compare_backtests' own schema, read as the test needs it. */
type Compared = z.output<typeof compareBacktests.output>;

let store: Store;
const market = generateMarket({ symbols: ["GOOG", "QQQ"], years: 5, seed: 5 });
const crossover = (kind: string, fast: number, slow: number) => ({
  name: `${kind.toUpperCase()} ${fast}/${slow} crossover`,
  universe: ["GOOG"],
  entry: { crossAbove: [{ [kind]: { period: fast } }, { [kind]: { period: slow } }] },
  exit: { crossBelow: [{ [kind]: { period: fast } }, { [kind]: { period: slow } }] },
});
const run = async (spec: object, period: { start?: string; end?: string } = {}) =>
  (await runTool(backtestStrategy, { spec, ...period }, testContext(store))) as BacktestResult;
const compare = async (input: unknown) =>
  (await runTool(compareBacktests, input, testContext(store))) as Compared;

let whole: BacktestResult;
let later: BacktestResult;
let hold: BacktestResult;

beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
  whole = await run(crossover("sma", 20, 50));
  later = await run(crossover("ema", 10, 30), { start: dayOf(market, 400) });
  hold = await run({ name: "Hold GOOG", universe: ["GOOG"], entry: true });
});
afterAll(() => store.close());

/** The ISO day of GOOG's `index`-th bar. */
function dayOf(generated: typeof market, index: number): string {
  const goog = generated.bars.find((bars) => bars.symbol === "GOOG")!;
  return new Date(goog.timestampMs[index]!).toISOString().slice(0, 10);
}

/** Computed here from the curves backtest_strategy returned, not by the tool. */
function commonReturns(curves: BacktestResult["equity"][]) {
  const [first, ...rest] = curves.map((curve) => new Map(curve.map((p) => [p.time, p.value])));
  const times = [...first!.keys()].filter((time) => rest.every((other) => other.has(time))).sort();
  const returns = curves.map((curve) => {
    const values = new Map(curve.map((p) => [p.time, p.value]));
    return Float64Array.from(
      times.slice(1),
      (time, k) => values.get(time)! / values.get(times[k]!)! - 1,
    );
  });
  return { times, returns };
}
const sharpe = (returns: Float64Array, perYear: number) => {
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const sd = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / (returns.length - 1));
  return (mean / sd) * Math.sqrt(perYear);
};

describe("compare_backtests", () => {
  it("compares over the closes the backtests share, the best against the others", async () => {
    const shown = await compare({ backtestIds: [whole.id, later.id, hold.id] });
    const { times, returns } = commonReturns([whole.equity, later.equity, hold.equity]);
    // The later backtest starts the common period.
    expect(times[0]).toBe(later.equity[0]!.time);
    expect(shown.common).toEqual({ start: times[0], end: times.at(-1), returns: times.length - 1 });
    const years = (Date.parse(times.at(-1)!) - Date.parse(times[0]!)) / (365.25 * 86_400_000);
    const perYear = returns[0]!.length / years;
    const sharpes = returns.map((series) => sharpe(series, perYear));
    shown.backtests.forEach((backtest, index) =>
      expect(backtest.commonSharpe).toBeCloseTo(sharpes[index]!, 10),
    );
    expect(shown.backtests.map((backtest) => backtest.name)).toEqual([
      "SMA 20/50 crossover",
      "EMA 10/30 crossover",
      "Hold GOOG",
    ]);
    const bestAt = sharpes.indexOf(Math.max(...sharpes));
    expect(shown.best).toBe([whole.id, later.id, hold.id][bestAt]);
    expect(shown.tests).toHaveLength(2);
    for (const test of shown.tests) {
      const at = [whole.id, later.id, hold.id].indexOf(test.backtestId);
      expect(at).not.toBe(bestAt);
      expect(test.sharpeDifference).toBeCloseTo(sharpes[bestAt]! - sharpes[at]!, 10);
      const expected = sharpeDifferenceTest(returns[bestAt]!, returns[at]!).pValue;
      expect(test.pValue).toBeCloseTo(expected, 12);
      // Two tests: each must pass 0.05 / 2.
      expect(test.significant).toBe(expected < 0.025);
    }
    // Each pair's Pearson correlation, by the textbook formula here.
    const pearson = (x: Float64Array, y: Float64Array) => {
      const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;
      const [mx, my] = [mean(x), mean(y)];
      let [sxy, sxx, syy] = [0, 0, 0];
      x.forEach((xi, t) => {
        sxy += (xi - mx) * (y[t]! - my);
        sxx += (xi - mx) ** 2;
        syy += (y[t]! - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    };
    const ids = [whole.id, later.id, hold.id];
    expect(shown.correlations.map(({ a, b }) => [a, b])).toEqual([
      [ids[0], ids[1]],
      [ids[0], ids[2]],
      [ids[1], ids[2]],
    ]);
    // Each pair over the closes the two share: the full-period pair reaches further back.
    const curves = [whole.equity, later.equity, hold.equity];
    for (const { a, b, correlation } of shown.correlations) {
      const pair = commonReturns([curves[ids.indexOf(a)]!, curves[ids.indexOf(b)]!]).returns;
      expect(correlation).toBeCloseTo(pearson(pair[0]!, pair[1]!), 9);
    }
    // Each curve from 1 on the common period's first close.
    for (const { curve } of shown.equity) {
      expect(curve[0]).toEqual({ time: times[0], value: 1 });
      expect(curve.at(-1)!.time).toBe(times.at(-1));
    }
    const words = describeComparison(shown);
    expect(words).toContain(
      `3 backtests side by side, over the ${times.length - 1} returns they share`,
    );
    expect(words).toContain("Their own periods differ");
    expect(words).toContain("(Bonferroni)");
    expect(words).toMatch(
      /Their returns move together \(over the closes each pair shares\): SMA 20\/50 crossover \/ EMA 10\/30 crossover -?\d\.\d\d/,
    );
    // A model reads the numbers, not the specs and curves.
    const brief = compareBacktests.brief!.output.parse(compareBacktests.brief!.from(shown));
    expect(JSON.stringify(brief)).not.toMatch(/"equity"|"spec"/);
  });

  it("takes the backtests run last, oldest first, by default", async () => {
    expect((await compare({})).backtests.map((b) => b.id)).toEqual([later.id, hold.id]);
    expect((await compare({ last: 3 })).backtests.map((b) => b.id)).toEqual([
      whole.id,
      later.id,
      hold.id,
    ]);
  });

  it("leaves a curve that never moved untested", async () => {
    const never = await run({
      ...crossover("sma", 20, 50),
      name: "Never",
      entry: { gt: [{ rsi: { period: 14 } }, 101] },
    });
    const shown = await compare({ backtestIds: [whole.id, never.id] });
    const flat = shown.tests.find((test) => test.backtestId === never.id) ?? shown.tests[0]!;
    expect(flat.pValue).toBeNull();
    expect(shown.correlations).toEqual([{ a: whole.id, b: never.id, correlation: null }]);
    expect(flat.significant).toBe(false);
    expect(describeComparison(shown)).toContain("untested, as that curve never moved");
  });

  it("says when the backtests share too few closes", async () => {
    const early = await run(crossover("sma", 5, 10), { end: dayOf(market, 300) });
    const late = await run(crossover("sma", 5, 10), { start: dayOf(market, 900) });
    const shown = await compare({ backtestIds: [early.id, late.id] });
    expect(shown).toMatchObject({ common: null, best: null, tests: [] });
    expect(shown.backtests.map((backtest) => backtest.commonSharpe)).toEqual([null, null]);
    expect(describeComparison(shown)).toContain("They share too few closes");
    // Nor do the two alone: no correlation either.
    expect(shown.correlations).toEqual([{ a: early.id, b: late.id, correlation: null }]);
  });

  it("refuses bad input, naming what is wrong", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const cases: [unknown, string, string][] = [
      [{ backtestIds: [whole.id] }, "invalid_input", "at least 2 backtests to compare"],
      [{ backtestIds: Array(7).fill(whole.id) }, "invalid_input", "at most 6 backtests at once"],
      [{ backtestIds: [whole.id, "42"] }, "invalid_input", "a stored backtest's id: a UUID"],
      [{ backtestIds: [whole.id, whole.id] }, "invalid_input", `${whole.id} is given twice`],
      [
        { backtestIds: [whole.id, hold.id], last: 2 },
        "invalid_input",
        "backtestIds or last, not both",
      ],
      [{ last: 1 }, "invalid_input", "last"],
      [{ backtestIds: [whole.id, unknown] }, "not_found", `no backtest with id ${unknown}`],
    ];
    for (const [input, code, message] of cases) {
      const error = await compare(input).catch((thrown: unknown) => thrown);
      expect(error, JSON.stringify(input)).toBeInstanceOf(AlphadeskError);
      expect((error as AlphadeskError).code, JSON.stringify(input)).toBe(code);
      expect((error as AlphadeskError).message, JSON.stringify(input)).toContain(message);
    }
    const empty = await createTestStore();
    try {
      const error = await runTool(compareBacktests, {}, testContext(empty)).catch(
        (e: unknown) => e,
      );
      expect((error as AlphadeskError).message).toContain("no backtest is stored");
    } finally {
      await empty.close();
    }
  });
});
