import { afterEach, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { parseStrategySpec, strategyId } from "../strategy/spec-schema.ts";
import { listBacktests } from "./list-backtests.ts";

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const list = (input: unknown) =>
  runTool(listBacktests, input, testContext(store!)) as Promise<{
    backtests: Record<string, unknown>[];
  }>;

const backtest = (strategyId: string, metrics: Record<string, unknown>, startMs: number | null) =>
  store!.saveBacktest({
    strategyId,
    startMs,
    endMs: null,
    initialCash: 50_000,
    metrics,
    trades: [],
    equity: [],
    benchmarks: {},
  });

describe("list_backtests", () => {
  it("lists runs newest first with their strategy's name, period and headline numbers; of one strategy when asked", async () => {
    store = await createTestStore();
    expect(await list({})).toEqual({ backtests: [] });
    const crossover = { id: "a".repeat(64), name: "SMA 20/50 crossover", spec: {} };
    const dip = { id: "b".repeat(64), name: "RSI dip", spec: {} };
    for (const strategy of [crossover, dip]) await store.saveStrategy(strategy);
    const first = await backtest(
      crossover.id,
      {
        startTime: "2020-01-02T00:00:00.000Z",
        endTime: "2024-12-31T00:00:00.000Z",
        totalReturn: 0.25,
        sharpe: 0.8,
        maxDrawdown: 0.12,
        trades: 9,
      },
      Date.UTC(2019, 0, 1),
    );
    const second = await backtest(
      dip.id,
      { totalReturn: -0.05, sharpe: null },
      Date.UTC(2021, 5, 1),
    );
    const third = await backtest(crossover.id, { totalReturn: 0.3 }, null);

    const { backtests } = await list({});
    expect(backtests.map((run) => [run.id, run.strategyName])).toEqual([
      [third.id, "SMA 20/50 crossover"],
      [second.id, "RSI dip"],
      [first.id, "SMA 20/50 crossover"],
    ]);
    // The simulated period (its metrics) wins over the one asked for; without it, the one asked for.
    expect(backtests[2]).toEqual({
      id: first.id,
      strategyId: crossover.id,
      strategyName: "SMA 20/50 crossover",
      start: "2020-01-02T00:00:00.000Z",
      end: "2024-12-31T00:00:00.000Z",
      initialCash: 50_000,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      totalReturn: 0.25,
      sharpe: 0.8,
      maxDrawdown: 0.12,
      trades: 9,
    });
    expect(backtests[1]).toMatchObject({
      start: "2021-06-01T00:00:00.000Z",
      end: null,
      totalReturn: -0.05,
      sharpe: null,
      maxDrawdown: null,
      trades: null,
    });

    const ofCrossover = await list({ strategyId: crossover.id, limit: 1 });
    expect(ofCrossover.backtests.map((run) => run.id)).toEqual([third.id]);
    expect(await list({ strategyId: "c".repeat(64) })).toEqual({ backtests: [] });
  });

  it("gives each strategy's spec when asked, as it was stored", async () => {
    store = await createTestStore();
    const spec = parseStrategySpec(issueExampleSpec);
    await store.saveStrategy({ id: strategyId(spec), name: spec.name, spec });
    await backtest(strategyId(spec), { totalReturn: 0.1 }, null);
    const [plain] = (await list({})).backtests;
    expect(plain).not.toHaveProperty("spec");
    const [withSpec] = (await list({ limit: 1, withSpecs: true })).backtests;
    expect(withSpec!.spec).toEqual(spec);
    // A stored spec the schema no longer reads is left out, not a failure of the listing.
    await store.saveStrategy({ id: "c".repeat(64), name: "old", spec: { rules: "gone" } });
    await backtest("c".repeat(64), { totalReturn: 0 }, null);
    const [old, again] = (await list({ withSpecs: true })).backtests;
    expect(old).not.toHaveProperty("spec");
    expect(again!.spec).toEqual(spec);
  });

  it.each([
    [{ withSpecs: "yes" }, "withSpecs", /boolean/i],
    [{ limit: 0 }, "limit", /too small/i],
    [{ limit: 201 }, "limit", /too big/i],
    [{ limit: 2.5 }, "limit", /int/i],
    [{ strategyId: "ABC" }, "strategyId", /64-hex-digit id.*list_strategies {"ids"/],
    [{ strategy: "a".repeat(64) }, "", /unrecognized key/i],
  ])("refuses %j, naming the field", async (input, field, message) => {
    store = await createTestStore();
    await expect(list(input)).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: field ? [field] : [], message: expect.stringMatching(message) }],
    });
  });
});
