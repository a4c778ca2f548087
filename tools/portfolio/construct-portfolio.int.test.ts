import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32, normalSource } from "../../engine/random.ts";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import {
  cycleBacktest,
  cycleBars,
  cycleId,
  cycleSpec,
  mirrorFills,
  recordFilledOrders,
  stageStartMs,
  storeCycleStrategy,
} from "../../test/support/stage-fixtures.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Broker } from "../ports/broker.ts";
import type { Execution } from "../ports/execution.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { parseStrategySpec, strategyId } from "../strategy/spec-schema.ts";
import { constructPortfolioTool } from "./construct-portfolio.ts";
import { listPortfolios } from "./list-portfolios.ts";
import type { ConstructPortfolioOutput } from "./portfolio-schema.ts";

/** Tuesday 2024-04-30, after the close: the cycle strategy has traded on paper since 2024-03-04. */
const nowMs = Date.UTC(2024, 3, 30, 21, 0);

/** Four seeded series with a common factor; "D" is "A" plus a little noise (one cluster). */
function seriesReturns(observations: number): Record<string, number[]> {
  const normal = normalSource(mulberry32(4));
  const rows = Array.from({ length: observations }, () => {
    const [factor, a] = [normal(), normal()];
    return {
      A: 0.0006 + 0.01 * (0.5 * factor + a),
      B: 0.0003 + 0.008 * (0.3 * factor + normal()),
      C: 0.0002 + 0.012 * (0.2 * factor + normal()),
      D: 0.0005 + 0.01 * (0.5 * factor + a + 0.2 * normal()),
    };
  });
  return Object.fromEntries(
    (["A", "B", "C", "D"] as const).map((name) => [name, rows.map((row) => row[name])]),
  );
}

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown, context = testContext(store)) =>
  runTool(constructPortfolioTool, input, context) as Promise<ConstructPortfolioOutput>;

describe("construct_portfolio on raw returns", () => {
  it("weights by HRP under the constraints, stores the run and reads it back", async () => {
    const returns = seriesReturns(500);
    const result = await run({
      returns,
      constraints: { maxWeight: 0.4, cashBuffer: 0.1, clusterCap: 0.45, clusterThreshold: 0.7 },
    });
    expect(result.objective).toBe("hrp");
    expect(result.covariance.method).toBe("ledoitWolf");
    const weights = Object.values(result.weights);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(0.9, 10);
    for (const weight of weights) expect(weight).toBeLessThanOrEqual(0.4 + 1e-12);
    // A and D move together: one cluster, capped.
    const pair = result.clusters.find((cluster) => cluster.members.includes("A"))!;
    expect(pair.members.sort()).toEqual(["A", "D"]);
    expect(pair.weight).toBeLessThanOrEqual(0.45 + 1e-10);
    expect(Object.values(result.riskContributions).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(result.frontier).toHaveLength(20);
    expect(result.sharpe).toBeCloseTo(result.expectedReturn / result.volatility, 12);
    expect(result.observations).toBe(500);

    const stored = await store.requestPortfolio(result.id);
    const { id: _id, ...output } = result;
    expect(stored).toMatchObject({
      assets: ["A", "B", "C", "D"],
      source: "returns",
      objective: "hrp",
      weights: result.weights,
      actor: "test",
    });
    expect(stored!.result).toEqual(output);
    expect(stored!.request).toMatchObject({ series: ["A", "B", "C", "D"], objective: "hrp" });
    expect(JSON.stringify(stored!.request)).not.toContain(String(returns.A![0]));

    const again = await run({ returns, objective: "minVariance" });
    const history = await store.listPortfolios({ assets: ["D", "C", "B", "A"], limit: 5 });
    expect(history.map((row) => row.id)).toEqual([again.id, result.id]);
  });

  it("turns weights into dollars of the broker's buying power", async () => {
    const broker = {
      name: "paper-sim",
      live: false,
      account: async () => ({
        equity: 150_000,
        cash: 100_000,
        buyingPower: 200_000,
        patternDayTrader: false,
        dayTradeCount: 0,
        shortingEnabled: false,
        lastEquity: null,
      }),
    } satisfies Pick<Broker, "name" | "live" | "account">;
    const execution = { broker } as unknown as Execution;
    const result = await run(
      {
        returns: seriesReturns(100),
        objective: "equalWeight",
        constraints: { useBuyingPower: true, cashBuffer: 0.2 },
      },
      { ...testContext(store), execution },
    );
    expect(result.allocation).toEqual({
      broker: "paper-sim",
      buyingPower: 200_000,
      amounts: { A: 40_000, B: 40_000, C: 40_000, D: 40_000 },
    });
    const without = await run({
      returns: seriesReturns(100),
      constraints: { useBuyingPower: true },
    });
    expect(without.allocation).toBeUndefined();
    expect(without.warnings.join(" ")).toMatch(/no broker is connected/);
  });

  it("refuses bad input with an error naming the field", async () => {
    const returns = seriesReturns(100);
    const issue = async (input: unknown) => {
      const error = await run(input).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "invalid_input" });
      return (error as { issues: { path: (string | number)[]; message: string }[] }).issues[0]!;
    };
    expect(await issue({ returns: { ...returns, B: returns.B!.slice(1) } })).toEqual({
      path: ["returns", "B"],
      message: 'has 99 returns where "A" has 100: every series needs the same length',
    });
    const few = Object.fromEntries(Object.entries(returns).map(([k, v]) => [k, v.slice(0, 10)]));
    expect((await issue({ returns: few })).message).toMatch(/needs at least 20/);
    expect(
      (await issue({ returns: { A: [...returns.A!.slice(0, 99), Number.NaN], B: returns.B } }))
        .path,
    ).toEqual(["returns", "A", 99]);
    expect(await issue({ returns, constraints: { maxWeight: 0.2 } })).toMatchObject({
      path: ["constraints", "maxWeight"],
      message: expect.stringMatching(/maxWeight x 4 assets = 0.8 < 1 \(1 - cashBuffer\)/),
    });
    expect(
      (await issue({ returns, constraints: { minWeight: 0.5, maxWeight: 0.4 } })).path,
    ).toEqual(["constraints", "minWeight"]);
    expect((await issue({ returns, strategyIds: ["a", "b"] })).path).toEqual(["strategyIds"]);
    const copies = { ...returns, D: returns.A! };
    expect(await issue({ returns: copies, covariance: "sample" })).toMatchObject({
      path: ["covariance"],
    });
  });
});

describe("construct_portfolio on stored strategies", () => {
  it("uses actual equity where a strategy trades on paper and the latest backtest elsewhere", async () => {
    // The cycle strategy on paper since 2024-03-04, its fills mirroring its backtest.
    await storeCycleStrategy(store);
    await store.setStage(cycleId, "paper", { capital: 100_000 }, "U1", stageStartMs);
    const bars = cycleBars(Date.UTC(2024, 1, 1), nowMs);
    await store.writeBars("1d", [bars]);
    const fills = mirrorFills(cycleBacktest(bars, 100_000, stageStartMs, nowMs));
    await recordFilledOrders(store, fills, {
      strategyId: cycleId,
      live: false,
      broker: "paper-sim",
    });

    // Two strategies known only by stored backtests (a stale one and the newest for the first).
    const normal = normalSource(mulberry32(9));
    const others = ["Backtested one", "Backtested two"].map((name) => {
      const spec = parseStrategySpec({ ...cycleSpec, name });
      return { id: strategyId(spec), name, spec };
    });
    const backtestIds: string[] = [];
    for (const [index, other] of others.entries()) {
      await store.saveStrategy(other);
      for (const version of [0, 1]) {
        let value = 100_000;
        const equity = Array.from(bars.timestampMs, (timeMs) => {
          value *= 1 + 0.0005 * (index + version) + 0.01 * normal();
          return { time: new Date(timeMs).toISOString(), value };
        });
        const saved = await store.saveBacktest({
          strategyId: other.id,
          startMs: null,
          endMs: null,
          initialCash: 100_000,
          metrics: {},
          trades: [],
          equity,
          benchmarks: {},
        });
        if (version === 1) backtestIds.push(saved.id);
      }
    }

    const context = { ...testContext(store), clock: { nowMs: () => nowMs } };
    const result = await run(
      { strategyIds: [cycleId, ...others.map((other) => other.id)], objective: "riskParity" },
      context,
    );
    expect(result.strategies).toEqual([
      { strategyId: cycleId, name: cycleSpec.name, source: "paper" },
      {
        strategyId: others[0]!.id,
        name: "Backtested one",
        source: "backtest",
        backtestId: backtestIds[0],
      },
      {
        strategyId: others[1]!.id,
        name: "Backtested two",
        source: "backtest",
        backtestId: backtestIds[1],
      },
    ]);
    // Returns on the dates all three share: the paper stage's. It began 2024-03-04 15:00 UTC, so
    // its first equity is the bar stamped 2024-03-05 and its first return ends 2024-03-06.
    // Weekdays 2024-03-06..29: 18; 2024-04-01..30: 22; 40 returns.
    expect(result.period!.first.slice(0, 10)).toBe("2024-03-06");
    expect(result.period!.last.slice(0, 10)).toBe("2024-04-30");
    expect(result.observations).toBe(40);
    expect(Object.values(result.riskContributions)).toEqual(
      [1, 2, 3].map(() => expect.closeTo(1 / 3, 6)),
    );
    // Listed later with the strategies' names, as they were when it was built.
    const listed = (await runTool(listPortfolios, { portfolioId: result.id }, context)) as {
      portfolios: { weights: { asset: string; name: string | null }[] }[];
    };
    expect(listed.portfolios[0]!.weights.map(({ name }) => name).sort()).toEqual(
      ["Backtested one", "Backtested two", cycleSpec.name].sort(),
    );
  });

  it("names a strategy it cannot weight", async () => {
    const error = await run({ strategyIds: [cycleId, "f".repeat(64)] }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      code: "invalid_input",
      issues: [
        { path: ["strategyIds", 1], message: expect.stringMatching(/not a stored strategy/) },
      ],
    });
  });
});

describe("construct_portfolio on stored symbols", () => {
  // An ETF on NYSE days and a coin every day: the coin's weekends fold into Monday's return.
  const market = generateMarket({ symbols: ["SPY", "TLT", "BTC/USD"], years: 2, seed: 3 });
  let symbolStore: Store;
  beforeAll(async () => {
    symbolStore = await createTestStore();
    await symbolStore.writeBars("1d", market.bars);
  });
  afterAll(async () => {
    await symbolStore.close();
  });
  const runOn = (input: unknown) => run(input, testContext(symbolStore));

  it("weights the symbols' daily returns on the dates they share, and its numbers check by hand", async () => {
    const result = await runOn({
      symbols: ["spy", "TLT", "BTC/USD"],
      objective: "equalWeight",
      covariance: "sample",
      start: "2020-06-01",
    });
    expect(Object.keys(result.weights)).toEqual(["SPY", "TLT", "BTC/USD"]);
    for (const weight of Object.values(result.weights)) expect(weight).toBeCloseTo(1 / 3, 9);
    // By hand: closes on the dates all three share from the start (SPY's, a subset of the
    // coin's), simple returns, the equal-weight mix, its sample deviation x sqrt(252).
    const closes = market.bars.map(
      (series) => new Map([...series.timestampMs].map((t, i) => [t, series.close[i]!] as const)),
    );
    const days = [...closes[0]!.keys()]
      .filter((t) => t >= Date.UTC(2020, 5, 1) && closes.every((byDay) => byDay.has(t)))
      .sort((a, b) => a - b);
    const mixed = days.slice(1).map((day, k) => {
      const before = days[k]!;
      return closes.reduce((sum, byDay) => sum + (byDay.get(day)! / byDay.get(before)! - 1) / 3, 0);
    });
    const mean = mixed.reduce((sum, r) => sum + r, 0) / mixed.length;
    const variance = mixed.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (mixed.length - 1);
    expect(result.observations).toBe(days.length - 1);
    expect(result.period!.first.slice(0, 10)).toBe(new Date(days[1]!).toISOString().slice(0, 10));
    expect(result.volatility).toBeCloseTo(Math.sqrt(variance * 252), 9);
    expect(result.expectedReturn).toBeCloseTo(mean * 252, 9);

    // The mix held every day: its value, deepest fall from a running peak, worst day, and the
    // 5% tail of days (rounded up) for value at risk and expected shortfall.
    let [value, peak, deepest] = [1, 1, 0];
    for (const r of mixed) {
      value *= 1 + r;
      peak = Math.max(peak, value);
      deepest = Math.max(deepest, 1 - value / peak);
    }
    const worstFirst = [...mixed].sort((a, b) => a - b);
    const tail = worstFirst.slice(0, Math.ceil(mixed.length / 20));
    const worstDay = days[mixed.indexOf(worstFirst[0]!) + 1]!;
    const { history } = result;
    expect(history.periods).toBe(mixed.length);
    expect(history.totalReturn).toBeCloseTo(value - 1, 9);
    expect(history.maxDrawdown).toBeCloseTo(deepest, 9);
    expect(history.worstPeriod.return).toBeCloseTo(worstFirst[0]!, 12);
    expect(history.worstPeriod.time).toBe(new Date(worstDay).toISOString());
    expect(history.tailPeriods).toBe(tail.length);
    expect(history.valueAtRisk).toBeCloseTo(-tail.at(-1)!, 12);
    expect(history.expectedShortfall).toBeCloseTo(-tail.reduce((a, b) => a + b) / tail.length, 12);
    expect(history.value).toHaveLength(mixed.length);
    expect(history.value.at(-1)!.value).toBeCloseTo(100 * value, 7);
    // The listing shows the same risk, without the value curve.
    const listed = await runTool(
      listPortfolios,
      { portfolioId: result.id },
      testContext(symbolStore),
    );
    const { value: _curve, ...summary } = history;
    expect((listed as { portfolios: { history: unknown }[] }).portfolios[0]!.history).toEqual(
      summary,
    );
  });

  it("names what is wrong with bad input, and stores nothing for it", async () => {
    const before = (await symbolStore.listPortfolios({ limit: 100 })).length;
    const refusal = async (input: unknown) =>
      (await runOn(input).catch((caught: unknown) => caught)) as {
        code: string;
        message: string;
      };
    expect(await refusal({ symbols: ["SPY"] })).toMatchObject({ code: "invalid_input" });
    expect((await refusal({ symbols: ["SPY", "spy"] })).message).toMatch(/every symbol only once/);
    expect((await refusal({ symbols: ["SPY", "QQQ"] })).message).toMatch(/no 1d bars for QQQ/);
    expect(
      (await refusal({ symbols: ["SPY", "TLT"], start: "2021-06-01", end: "2021-01-01" })).message,
    ).toMatch(/`start` is after `end`/);
    expect((await refusal({ returns: seriesReturns(100), start: "2021-01-01" })).message).toMatch(
      /give them with `symbols`/,
    );
    expect(
      (await refusal({ symbols: ["SPY", "TLT"], returns: seriesReturns(100) })).message,
    ).toMatch(/exactly one of them/);
    expect((await refusal({ symbols: ["SPY", "TLT"], start: "2021-12-20" })).message).toMatch(
      /share only \d+ daily closes from the start; at least 21 are needed/,
    );
    expect((await symbolStore.listPortfolios({ limit: 100 })).length).toBe(before);
  });
});
