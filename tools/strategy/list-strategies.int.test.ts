import { afterEach, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { listStrategies } from "./list-strategies.ts";

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const list = (input: unknown) =>
  runTool(listStrategies, input, testContext(store!)) as Promise<{
    rankedBy: string | null;
    strategies: Record<string, unknown>[];
  }>;

const backtest = (strategyId: string, metrics: Record<string, unknown>) =>
  store!.saveBacktest({
    strategyId,
    startMs: null,
    endMs: null,
    initialCash: 100_000,
    metrics,
    trades: [],
    equity: [],
    benchmarks: {},
  });

describe("list_strategies", () => {
  it("lists stored strategies newest first, each with its stage and newest backtest's numbers", async () => {
    store = await createTestStore();
    expect(await list({})).toEqual({ rankedBy: null, archived: false, strategies: [] });

    const [older, newer, untested] = ["a", "b", "c"].map((digit, index) => ({
      id: digit.repeat(64),
      name: `strategy ${index + 1}`,
      spec: {},
    }));
    for (const strategy of [older!, newer!, untested!]) await store.saveStrategy(strategy);
    await backtest(older!.id, { totalReturn: 0.1, sharpe: 0.5, maxDrawdown: 0.2, trades: 4 });
    const newest = await backtest(older!.id, {
      totalReturn: -0.05,
      sharpe: null,
      maxDrawdown: 0.3,
      trades: 0,
    });
    await backtest(newer!.id, { totalReturn: 0.25 });
    await store.setStage(newer!.id, "paper", { capital: 10_000 }, "U1", Date.UTC(2024, 5, 3));

    const { strategies } = await list({});
    expect(strategies.map((strategy) => [strategy.name, strategy.stage])).toEqual([
      ["strategy 3", "backtest"],
      ["strategy 2", "paper"],
      ["strategy 1", "backtest"],
    ]);
    expect(strategies[0]).toMatchObject({ id: untested!.id, latestBacktest: null });
    expect(strategies[1]!.latestBacktest).toMatchObject({
      totalReturn: 0.25,
      sharpe: null,
      maxDrawdown: null,
      trades: null,
    });
    expect(strategies[2]).toMatchObject({
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      latestBacktest: {
        id: newest.id,
        totalReturn: -0.05,
        sharpe: null,
        maxDrawdown: 0.3,
        trades: 0,
      },
    });
    expect((await list({ limit: 1 })).strategies.map((strategy) => strategy.name)).toEqual([
      "strategy 3",
    ]);
    // strategy 2's newest run returned 0.25, strategy 1's -0.05; strategy 3 never ran.
    const ranked = await list({ rankBy: "totalReturn" });
    expect(ranked.rankedBy).toBe("totalReturn");
    expect(ranked.strategies.map((strategy) => strategy.name)).toEqual([
      "strategy 2",
      "strategy 1",
      "strategy 3",
    ]);
  });

  it("lists the strategies whose ids start as given, as replies shorten them", async () => {
    store = await createTestStore();
    for (const [id, name] of [
      [`23d7f2304a5a${"0".repeat(52)}`, "EMA 10/30 crossover"],
      [`23d7f2304a5b${"0".repeat(52)}`, "EMA 18/33 crossover"],
      ["9".repeat(64), "RSI dip"],
    ] as const)
      await store.saveStrategy({ id, name, spec: {} });
    const names = async (ids: string[]) =>
      (await list({ ids })).strategies.map((strategy) => strategy.name);
    expect(await names(["23d7f2304a5a"])).toEqual(["EMA 10/30 crossover"]);
    expect(await names(["23d7f230"])).toEqual(["EMA 18/33 crossover", "EMA 10/30 crossover"]);
    expect(await names(["99999999", "23d7f2304a5b"])).toEqual(["RSI dip", "EMA 18/33 crossover"]);
    expect(await names(["abcdef12"])).toEqual([]);
  });

  it.each([
    [{ ids: ["23d7f23"] }, "ids.0", /first 8 or more hex digits/],
    [{ ids: ["23D7F2304A5A"] }, "ids.0", /first 8 or more hex digits/],
    [{ ids: [] }, "ids", /too small/i],
    [{ limit: 0 }, "limit", /too small/i],
    [{ limit: 201 }, "limit", /too big/i],
    [{ limit: 2.5 }, "limit", /int/i],
    [{ stage: "paper" }, "", /unrecognized key/i],
    [{ rankBy: "cagr" }, "rankBy", /sharpe.*totalReturn.*maxDrawdown/],
  ])("refuses %j, naming the field", async (input, field, message) => {
    store = await createTestStore();
    await expect(list(input)).rejects.toMatchObject({
      code: "invalid_input",
      issues: [
        {
          path: field
            ? field.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part))
            : [],
          message: expect.stringMatching(message),
        },
      ],
    });
  });
});
