import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { writeSplitAaa } from "../../test/support/split-fixture.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { parseStrategySpec, strategyId } from "../strategy/spec-schema.ts";
import { exportBars } from "./export-bars.ts";
import { getBars } from "./get-bars.ts";
import { importBars } from "./import-bars.ts";

interface Exported {
  filename: string;
  timeframe: string;
  adjusted: boolean;
  rows: number;
  symbols: { symbol: string; bars: number; first: string; last: string }[];
  csv: string;
}

let store: Store;
const market = generateMarket({ symbols: ["SPY", "BTC/USD"], years: 1, seed: 5 });
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
  await writeSplitAaa(store);
});
afterAll(async () => {
  await store.close();
});

const run = (input: unknown, on = store) =>
  runTool(exportBars, input, testContext(on)) as Promise<Exported>;

describe("export_bars", () => {
  it("writes the bars in import_bars' columns, back-adjusted as backtests read them", async () => {
    const adjusted = await run({ symbols: ["aaa"] });
    // By hand: the prices before the split divided by 4, volumes times 4.
    expect(adjusted.csv).toBe(
      [
        "symbol,timestamp,open,high,low,close,volume",
        "AAA,2024-01-01T00:00:00.000Z,25,25.5,24.5,25,4000",
        "AAA,2024-01-02T00:00:00.000Z,25,26,24.75,26,4000",
        "AAA,2024-01-03T00:00:00.000Z,26,27,25,26,1000",
        "AAA,2024-01-04T00:00:00.000Z,26,26.5,25.5,26,1000",
        "",
      ].join("\n"),
    );
    expect(adjusted).toMatchObject({ filename: "AAA-1d-bars.csv", rows: 4, adjusted: true });
    const raw = await run({ symbols: ["AAA"], adjusted: false, start: "2024-01-02" });
    expect(raw.csv.split("\n").slice(1, 3)).toEqual([
      "AAA,2024-01-02T00:00:00.000Z,100,104,99,104,1000",
      "AAA,2024-01-03T00:00:00.000Z,26,27,25,26,1000",
    ]);
    expect(raw.symbols).toEqual([
      {
        symbol: "AAA",
        bars: 3,
        first: "2024-01-02T00:00:00.000Z",
        last: "2024-01-04T00:00:00.000Z",
      },
    ]);
  });

  it("round-trips through import_bars to the same bars, symbol by symbol", async () => {
    const exported = await run({ symbols: ["SPY", "BTC/USD"], start: "2020-03-01" });
    expect(exported.filename).toBe("SPY_BTC-USD-1d-bars.csv");
    const inRange = market.bars.map(
      (series) => [...series.timestampMs].filter((t) => t >= Date.UTC(2020, 2, 1)).length,
    );
    expect(exported.symbols.map(({ bars }) => bars)).toEqual(inRange);
    expect(exported.rows).toBe(inRange[0]! + inRange[1]!);

    const fresh = await createTestStore();
    try {
      const imported = (await runTool(importBars, { csv: exported.csv }, testContext(fresh))) as {
        imported: number;
        symbols: string[];
      };
      expect(imported.imported).toBe(exported.rows);
      for (const symbol of ["SPY", "BTC/USD"]) {
        const before = await runTool(getBars, { symbol, start: "2020-03-01" }, testContext(store));
        const after = await runTool(getBars, { symbol }, testContext(fresh));
        expect((after as { bars: unknown[] }).bars).toEqual((before as { bars: unknown[] }).bars);
      }
    } finally {
      await fresh.close();
    }
  });

  it("exports a stored strategy's universe on its timeframe", async () => {
    const spec = parseStrategySpec({
      name: "Two markets",
      universe: ["SPY", "BTC/USD"],
      timeframe: "1d",
      entry: { crossAbove: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
      exit: { crossBelow: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
      sizing: { fractionOfEquity: 0.5 },
      costs: { feeBps: 1, slippageBps: 0 },
    });
    const id = strategyId(spec);
    await store.saveStrategy({ id, name: spec.name, spec });
    const exported = await run({ strategyId: id });
    expect(exported.symbols.map(({ symbol }) => symbol)).toEqual(["SPY", "BTC/USD"]);
    expect(exported.timeframe).toBe("1d");
    expect(exported.rows).toBe(market.bars[0]!.close.length + market.bars[1]!.close.length);
  });

  it("names what is wrong with bad input", async () => {
    const refusal = (input: unknown) => run(input).catch((error: unknown) => error);
    expect(await refusal({})).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("give `symbols` or `strategyId`"),
    });
    expect(await refusal({ symbols: ["SPY"], strategyId: "a".repeat(64) })).toMatchObject({
      code: "invalid_input",
    });
    expect(await refusal({ symbols: [] })).toMatchObject({ code: "invalid_input" });
    expect(await refusal({ symbols: ["SPY", "spy"] })).toMatchObject({
      message: expect.stringContaining("every symbol only once"),
    });
    expect(await refusal({ symbols: ["SPY", "QQQ"] })).toMatchObject({
      code: "not_found",
      message: expect.stringContaining("no 1d bars stored for QQQ"),
    });
    expect(await refusal({ symbols: ["SPY"], start: "2022-01-01" })).toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/no 1d bars of SPY from 2022-01-01 to its last: the stored/),
    });
    expect(
      await refusal({ symbols: ["SPY"], start: "2020-06-01", end: "2020-01-01" }),
    ).toMatchObject({ message: expect.stringContaining("`start` must not be after `end`") });
    expect(await refusal({ strategyId: "b".repeat(64) })).toMatchObject({
      code: "not_found",
      message: expect.stringContaining(`no strategy ${"b".repeat(64)}`),
    });
    expect(await refusal({ strategyId: "latest" })).toMatchObject({ code: "invalid_input" });
    expect(await refusal({ symbols: ["SPY"], format: "xlsx" })).toMatchObject({
      code: "invalid_input",
    });
  });
});
