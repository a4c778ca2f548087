import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { chartsForResult } from "../charts/charts-for-result.ts";
import type { Store } from "../ports/store.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { getOptimization } from "./get-optimization.ts";
import { listOptimizations } from "./list-optimizations.ts";
import { optimizeStrategy, type OptimizeResult } from "./optimize-strategy.ts";

const crossover = {
  name: "SMA {fast}/{slow} crossover",
  universe: ["SPY"],
  params: { fast: { int: [5, 20], step: 5 }, slow: { int: [30, 60], step: 10 } },
  entry: {
    crossAbove: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
  },
  exit: {
    crossBelow: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
  },
};

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", generateMarket({ symbols: ["SPY"], years: 3, seed: 4 }).bars);
}, 60_000);
afterAll(async () => {
  await store.close();
});

const get = (input: object) =>
  runTool(getOptimization, input, testContext(store)) as Promise<
    OptimizeResult & { createdAt: string; strategyName: string }
  >;
const list = (input: object) =>
  runTool(listOptimizations, input, testContext(store)) as Promise<{
    optimizations: { id: string; state: string; strategyName: string; best: unknown }[];
  }>;

describe("get_optimization and list_optimizations", () => {
  it("say nothing is stored, and refuse bad ids naming the problem", async () => {
    await expect(get({})).rejects.toMatchObject({
      code: "not_found",
      message: "no optimization has finished yet: optimize_strategy runs one",
    });
    expect(await list({})).toEqual({ optimizations: [] });
    expect(describeResult("list_optimizations", { optimizations: [] })).toMatch(
      /^No optimization is stored yet/,
    );
    await expect(get({ optimizationId: "latest" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("a stored optimization's id: a UUID"),
    });
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(get({ optimizationId: unknown })).rejects.toMatchObject({
      code: "not_found",
      message: `no stored optimization has the id ${unknown}: list_optimizations lists them`,
    });
    await expect(list({ limit: 0 })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(get({ id: unknown })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("show a finished optimization as it ran, the newest by default; a running one is refused", async () => {
    const ran = (await runTool(
      optimizeStrategy,
      { spec: crossover, sampler: "grid", prune: false },
      testContext(store),
    )) as OptimizeResult;
    const running = await store.openOptimization({
      key: "unfinished",
      template: crossover,
      settings: {},
    });

    const shown = await get({});
    expect(shown).toMatchObject({ ...ran, strategyName: "SMA {fast}/{slow} crossover" });
    expect(Date.parse(shown.createdAt)).toBeGreaterThan(Date.now() - 600_000);
    expect(await get({ optimizationId: ran.id })).toEqual(shown);
    // Its heatmap, as optimize_strategy's: 4 fast x 4 slow, none pruned.
    const [heatmap] = chartsForResult("get_optimization", shown);
    expect(heatmap).toMatchObject({ kind: "heatmap", marked: { x: ran.best.params.fast } });
    expect(describeResult("get_optimization", shown)).toMatch(
      /^Optimization of "SMA \{fast\}\/\{slow\} crossover", run \d{4}-\d\d-\d\d \d\d:\d\d UTC\.\nOptimization [0-9a-f-]{36}: grid over 16 trials/,
    );

    await expect(get({ optimizationId: running.optimization.id })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("is running: run the same optimize_strategy request again"),
    });
    const { optimizations } = await list({});
    expect(optimizations.map(({ id, state, best }) => [id, state, best !== null])).toEqual([
      [running.optimization.id, "running", false],
      [ran.id, "completed", true],
    ]);
    expect(optimizations[1]).toMatchObject({
      best: { params: ran.best.params, strategyId: ran.best.strategyId },
      trialsRun: 16,
      sampler: "grid",
    });
    const [, , finished] = describeResult("list_optimizations", { optimizations }).split("\n");
    expect(finished).toMatch(
      new RegExp(
        `^- SMA \\{fast\\}/\\{slow\\} crossover, .* UTC: Sharpe ratio ${ran.best.objective.toFixed(2)} at fast ${ran.best.params.fast}, slow ${ran.best.params.slow}, the best of 16 trials; id ${ran.id}$`,
      ),
    );
  });

  it("gives a result stored before results gave their space the space its template declared", async () => {
    const ran = (await runTool(
      optimizeStrategy,
      { spec: { ...crossover, name: "Older" }, sampler: "grid", prune: false },
      testContext(store),
    )) as OptimizeResult;
    expect(ran.space).toEqual(crossover.params);
    const { space: _space, ...older } = ran;
    const stored = await store.openOptimization({
      key: "older",
      template: crossover,
      settings: {},
    });
    await store.finishOptimization(stored.optimization.id, "completed", older);
    const shown = await get({ optimizationId: stored.optimization.id });
    expect(shown.space).toEqual(crossover.params);
    // 5, 10, 15, 20 by 30, 40, 50, 60.
    expect(describeResult("get_optimization", shown).split("\n")[2]).toBe(
      "Searched fast 5-20 step 5 and slow 30-60 step 10: 16 combinations.",
    );
  });
});
