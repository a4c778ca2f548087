import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { defineUniverse, listUniverses } from "./universe-tools.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => {
  await store.close();
});

describe("universes", () => {
  it("lists the built-in universes of the issue", async () => {
    const { universes } = (await runTool(listUniverses, {}, testContext(store))) as {
      universes: { name: string; symbols: string[]; builtin: boolean }[];
    };
    const byName = Object.fromEntries(
      universes.map((universe) => [universe.name, universe.symbols]),
    );
    expect(byName["sector-etfs"]).toEqual([
      "XLB",
      "XLC",
      "XLE",
      "XLF",
      "XLI",
      "XLK",
      "XLP",
      "XLRE",
      "XLU",
      "XLV",
      "XLY",
    ]);
    expect(byName["index-etfs"]).toEqual(["SPY", "QQQ", "IWM", "DIA"]);
    expect(byName["cme-micros"]).toEqual(["MES", "MNQ", "M2K", "MYM", "MGC", "MCL"]);
    expect(byName["fx-majors"]).toHaveLength(7);
    expect(universes.every((universe) => universe.builtin)).toBe(true);
  });

  it("defines, replaces and lists a user's universe", async () => {
    const context = testContext(store);
    expect(
      await runTool(defineUniverse, { name: "my-tech", symbols: ["AAPL", "MSFT"] }, context),
    ).toMatchObject({ created: true });
    expect(
      await runTool(
        defineUniverse,
        { name: "my-tech", symbols: ["NVDA"], description: "chips" },
        context,
      ),
    ).toEqual({
      universe: { name: "my-tech", description: "chips", symbols: ["NVDA"], builtin: false },
      created: false,
    });
    const { universes } = (await runTool(listUniverses, {}, context)) as {
      universes: { name: string }[];
    };
    expect(universes.at(-1)).toEqual({
      name: "my-tech",
      description: "chips",
      symbols: ["NVDA"],
      builtin: false,
    });
  });

  it.each([
    [{ name: "sector-etfs", symbols: ["A"] }, "name", /built-in universe/],
    [{ name: "My Tech", symbols: ["A"] }, "name", /lower-case letters/],
    [{ name: "x", symbols: [] }, "symbols", /too small/i],
    [{ name: "x", symbols: ["A", "A"] }, "symbols", /twice/],
  ])("refuses %j", async (input, field, message) => {
    await expect(runTool(defineUniverse, input, testContext(store))).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: [field], message: expect.stringMatching(message) })],
    });
  });
});
