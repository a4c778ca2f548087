import { afterEach, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { promoteStrategy } from "../lifecycle/promote-strategy.ts";
import type { Store } from "../ports/store.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { listStrategies } from "./list-strategies.ts";
import { updateStrategy } from "./update-strategy.ts";

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const id = "ab".repeat(32);
const other = "cd".repeat(32);
const update = (input: unknown) => runTool(updateStrategy, input, testContext(store!));
const listed = async (input: unknown = {}) =>
  (
    (await runTool(listStrategies, input, testContext(store!))) as {
      strategies: { name: string; archivedAt: string | null }[];
    }
  ).strategies.map((row) => row.name);
const failure = (input: unknown) =>
  update(input).then(
    () => undefined,
    (error: unknown) => error as { code: string; message: string },
  );

async function setUp() {
  store = await createTestStore();
  await store.saveStrategy({ id, name: "pairs KITE/MES (leg KITE proxy)", spec: { a: 1 } });
  await store.saveStrategy({ id: other, name: "SMA 20/50 crossover", spec: { b: 1 } });
}

describe("update_strategy", () => {
  it("renames a strategy where it is listed, its spec untouched", async () => {
    await setUp();
    const renamed = await update({ strategyId: id, name: "  Kite pairs " });
    expect(renamed).toEqual({
      strategy: {
        id,
        name: "Kite pairs",
        previousName: "pairs KITE/MES (leg KITE proxy)",
        archived: false,
        archivedAt: null,
      },
      changed: ["name"],
    });
    expect(await listed()).toEqual(["SMA 20/50 crossover", "Kite pairs"]);
    expect((await store!.requestStrategy(id))?.spec).toEqual({ a: 1 });
    expect(describeResult("update_strategy", renamed as Record<string, unknown>)).toBe(
      `Renamed "pairs KITE/MES (leg KITE proxy)" to "Kite pairs" (${id.slice(0, 12)}…).`,
    );
  });

  it("archives a strategy out of the listings, keeps it, and restores it", async () => {
    await setUp();
    await store!.saveBacktest({
      strategyId: id,
      startMs: null,
      endMs: null,
      initialCash: 100_000,
      metrics: { sharpe: 1 },
      trades: [],
      equity: [],
      benchmarks: {},
    });
    const archived = await update({ strategyId: id, archived: true });
    // testContext's clock.
    expect(archived).toMatchObject({
      strategy: { archived: true, archivedAt: "2026-01-01T00:00:00.000Z" },
      changed: ["archived"],
    });
    expect(describeResult("update_strategy", archived as Record<string, unknown>)).toContain(
      "it is left out of the listings; its spec, backtests and programs are kept",
    );
    expect(await listed()).toEqual(["SMA 20/50 crossover"]);
    expect(await listed({ archived: true })).toEqual(["pairs KITE/MES (leg KITE proxy)"]);
    expect(await listed({ ids: [id.slice(0, 8)] })).toEqual(["pairs KITE/MES (leg KITE proxy)"]);
    expect(await store!.listBacktests(10, id)).toHaveLength(1);
    // Archiving it again changes nothing, not even when.
    expect(await update({ strategyId: id, archived: true })).toMatchObject({ changed: [] });

    expect(await update({ strategyId: id, archived: false })).toMatchObject({
      strategy: { archived: false, archivedAt: null },
      changed: ["archived"],
    });
    expect(await listed()).toEqual(["SMA 20/50 crossover", "pairs KITE/MES (leg KITE proxy)"]);
  });

  it("archives only a strategy at the backtest stage, and promotes no archived one", async () => {
    await setUp();
    await store!.setStage(id, "paper", { capital: 10_000 }, "U1", Date.UTC(2025, 0, 2));
    expect(await failure({ strategyId: id, archived: true })).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("the strategy trades at paper"),
    });
    expect(await listed()).toHaveLength(2);

    await update({ strategyId: other, archived: true });
    expect(
      await runTool(promoteStrategy, { strategyId: other }, testContext(store!)).catch(
        (error: unknown) => error,
      ),
    ).toMatchObject({ code: "invalid_input", message: expect.stringContaining("archived") });
  });

  it("refuses bad input, naming what is wrong, and changes nothing", async () => {
    await setUp();
    expect(await failure({ strategyId: id })).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("give what to change: `name` or `archived`"),
    });
    expect(await failure({ strategyId: "abc", name: "x" })).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("strategyId"),
    });
    expect(await failure({ strategyId: id, name: "   " })).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("name"),
    });
    expect(await failure({ strategyId: id, archived: "yes" })).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("archived"),
    });
    expect(await failure({ strategyId: "ef".repeat(32), name: "x" })).toMatchObject({
      code: "not_found",
      message: expect.stringContaining("list_strategies lists them"),
    });
    expect(await listed()).toEqual(["SMA 20/50 crossover", "pairs KITE/MES (leg KITE proxy)"]);
  });
});
