import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import type { BarSeries } from "../../engine/types.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { listSymbols } from "./list-symbols.ts";

let store: Store;
const daily = generateMarket({ symbols: ["SPY", "QQQ", "MES"], years: 2, seed: 3 }).bars;
// An hour-bar series of SPY: the first 30 daily rows, their times moved to hours of one day.
const spy = daily.find((series) => series.symbol === "SPY")!;
const hourly: BarSeries = {
  ...spy,
  timestampMs: Float64Array.from({ length: 30 }, (_, i) => Date.UTC(2021, 2, 1) + i * 3_600_000),
  open: spy.open.slice(0, 30),
  high: spy.high.slice(0, 30),
  low: spy.low.slice(0, 30),
  close: spy.close.slice(0, 30),
  volume: spy.volume.slice(0, 30),
};

beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", daily);
  await store.writeBars("1h", [hourly]);
});
afterAll(() => store.close());

type Listing = {
  symbols: { symbol: string; timeframe: string; bars: number; first: string; last: string }[];
  missing: string[];
};
const list = async (input: unknown) =>
  (await runTool(listSymbols, input, testContext(store))) as Listing;
const iso = (ms: number) => new Date(ms).toISOString();

describe("list_symbols", () => {
  it("lists each stored symbol and timeframe with its bar count, first and last bar", async () => {
    const { symbols, missing } = await list({});
    const expected = [...daily.map((series) => [series, "1d"] as const), [hourly, "1h"] as const]
      .map(([series, timeframe]) => ({
        symbol: series.symbol,
        timeframe,
        bars: series.timestampMs.length,
        first: iso(series.timestampMs[0]!),
        last: iso(series.timestampMs.at(-1)!),
      }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol) || a.timeframe.localeCompare(b.timeframe));
    expect(symbols).toEqual(expected);
    expect(missing).toEqual([]);
    // The reply folds futures contracts into their root.
    const reply = describeResult("list_symbols", { symbols, missing });
    expect(reply).toMatch(/^\d+ symbols with bars stored:\n/);
    expect(reply).toMatch(/\n- MES futures: \d+ contracts from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
    expect(reply).toContain(`- hourly, 2021-03-01 to 2021-03-02, 30 bars: SPY`);
  });

  it("says how old the newest daily bar is when it is not recent, and not when it is", async () => {
    const listing = (await runTool(listSymbols, {}, testContext(store))) as Listing & {
      asOf: string;
    };
    // The test clock is 2026-01-01; the newest daily bar is the synthetic market's last.
    const newest = new Date(Math.max(...daily.map((series) => series.timestampMs.at(-1)!)));
    const days = Math.floor((Date.UTC(2026, 0, 1) - newest.getTime()) / 86_400_000);
    expect(listing.asOf).toBe("2026-01-01T00:00:00.000Z");
    expect(describeResult("list_symbols", listing)).toContain(
      `The newest daily bar is from ${newest.toISOString().slice(0, 10)}, ${days} days ago: "update my data" fetches newer ones`,
    );
    const fresh = { ...listing, asOf: new Date(newest.getTime() + 86_400_000).toISOString() };
    expect(describeResult("list_symbols", fresh)).not.toContain("The newest daily bar");
  });

  it("answers for the symbols and timeframe asked about, naming those with no bars", async () => {
    const asked = await list({ symbols: ["SPY", "AAPL"], timeframe: "1h" });
    expect(asked.symbols.map((row) => [row.symbol, row.timeframe, row.bars])).toEqual([
      ["SPY", "1h", 30],
    ]);
    expect(asked.missing).toEqual(["AAPL"]);
    expect(describeResult("list_symbols", asked)).toContain(
      "No bars stored for AAPL: import them with import_bars",
    );
  });

  it.each([
    [{ symbols: [] }, "symbols"],
    [{ timeframe: "2d" }, "timeframe"],
    [{ symbols: ["S P Y"] }, "symbols"],
    [{ symbol: "SPY" }, ""],
  ])("refuses %j, naming the field", async (input, field) => {
    await expect(list(input)).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: expect.arrayContaining(field ? [field] : []) })],
    });
  });
});
