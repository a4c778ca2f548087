import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { getBars } from "./get-bars.ts";

/** Daily bars dated 00:00 UTC with the given closes (open = close, high/low 1 away). */
function daily(symbol: string, dates: string[], closes: number[]): BarSeries {
  const column = (pick: (close: number) => number) => Float64Array.from(closes, pick);
  return {
    symbol,
    timestampMs: Float64Array.from(dates, (date) => Date.parse(`${date}T00:00:00Z`)),
    open: column((close) => close),
    high: column((close) => close + 1),
    low: column((close) => close - 1),
    close: column((close) => close),
    volume: column(() => 10),
  };
}

let store: Store;
beforeEach(async () => {
  store = await createTestStore();
});
afterEach(async () => {
  await store.close();
});

const run = (input: unknown) =>
  runTool(getBars, input, testContext(store)) as Promise<{
    bars: { time: string; close: number }[];
    rolls: unknown[];
  }>;

describe("continuous futures series from stored contracts", () => {
  it("stitches MES at the March 2025 roll and back-adjusts by the gap, computed by hand", async () => {
    // CME rolls MESH25 (expiring Friday 2025-03-21) eight days earlier, on Thursday 2025-03-13.
    await store.writeBars("1d", [
      daily(
        "MESH25",
        ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14"],
        [100, 101, 102, 103, 104],
      ),
      daily(
        "MESM25",
        ["2025-03-12", "2025-03-13", "2025-03-14", "2025-03-17", "2025-03-18"],
        [110, 112, 114, 115, 116],
      ),
    ]);
    const result = await run({ symbol: "MES" });
    // Gap on the roll day: 112 (June) - 103 (March) = 9, added to every March bar before it.
    expect(result.bars.map((bar) => [bar.time.slice(0, 10), bar.close])).toEqual([
      ["2025-03-10", 109],
      ["2025-03-11", 110],
      ["2025-03-12", 111],
      ["2025-03-13", 112],
      ["2025-03-14", 114],
      ["2025-03-17", 115],
      ["2025-03-18", 116],
    ]);
    expect(result.rolls).toEqual([{ date: "2025-03-13", from: "MESH25", to: "MESM25", gap: 9 }]);
  });

  it("names the contract missing between two stored ones", async () => {
    await store.writeBars("1d", [
      daily("MESH25", ["2025-03-10", "2025-03-13"], [100, 101]),
      daily("MESU25", ["2025-06-12", "2025-09-10"], [120, 121]),
    ]);
    await expect(run({ symbol: "MES" })).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/needs MESM25 \(front 2025-03-13 to 2025-06-11\)/),
    });
  });

  it("refuses raw prices for a root and points at a contract", async () => {
    await store.writeBars("1d", [
      daily("MESH25", ["2025-03-12", "2025-03-13"], [100, 101]),
      daily("MESM25", ["2025-03-13", "2025-03-14"], [110, 111]),
    ]);
    await expect(run({ symbol: "MES", adjusted: false })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(
        /always back-adjusted; ask for one contract \(e\.g\. MESM25\)/,
      ),
    });
  });

  it("says nothing is stored for a root without contracts", async () => {
    await expect(run({ symbol: "MCL" })).rejects.toMatchObject({ code: "not_found" });
  });
});
