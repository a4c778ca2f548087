import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { writeSplitAaa } from "../../test/support/split-fixture.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { getBars } from "./get-bars.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await writeSplitAaa(store);
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown) =>
  runTool(getBars, input, testContext(store)) as Promise<{
    bars: { close: number; volume: number }[];
    corporateActions: unknown[];
  }>;

describe("get_bars", () => {
  it("serves back-adjusted bars by default and raw ones on request", async () => {
    const adjusted = await run({ symbol: "AAA" });
    expect(adjusted.bars.map((bar) => bar.close)).toEqual([25, 26, 26, 26]);
    expect(adjusted.bars.map((bar) => bar.volume)).toEqual([4000, 4000, 1000, 1000]);
    expect(adjusted.corporateActions).toEqual([{ exDate: "2024-01-03", kind: "split", ratio: 4 }]);
    const raw = await run({ symbol: "AAA", adjusted: false });
    expect(raw.bars.map((bar) => bar.close)).toEqual([100, 104, 26, 26]);
  });

  it("adjusts as of the last bar served, then cuts at the start", async () => {
    const window = await run({ symbol: "AAA", end: "2024-01-02" });
    // The split after `end` is not applied: it would only rescale every bar of the window.
    expect(window.bars.map((bar) => bar.close)).toEqual([100, 104]);
    const later = await run({ symbol: "AAA", start: "2024-01-02" });
    expect(later.bars.map((bar) => bar.close)).toEqual([26, 26, 26]);
  });

  it("refuses what it cannot serve, naming the field", async () => {
    await expect(run({ symbol: "ZZZ" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/no 1d bars stored for ZZZ/),
    });
    // Stored, but not in the range asked for: the stored range is named.
    for (const range of [{ start: "2025-01-01" }, { end: "2023-12-31" }])
      await expect(run({ symbol: "AAA", ...range })).rejects.toMatchObject({
        code: "not_found",
        message: expect.stringMatching(
          /^no 1d bars of AAA from (2025-01-01 to its last|its first bar to 2023-12-31): the stored ones run from 2024-01-01 to 2024-01-04$/,
        ),
      });
    await expect(
      run({ symbol: "AAA", start: "2024-02-01", end: "2024-01-01" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(run({ symbol: "AAA", adjusted: "yes" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["adjusted"] })],
    });
  });
});
