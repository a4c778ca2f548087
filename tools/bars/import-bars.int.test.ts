import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { runTool } from "../run-tool.ts";
import { importBars } from "./import-bars.ts";
import { marketOf } from "./market-of.ts";

const header = "symbol,timestamp,open,high,low,close,volume";
const row = (symbol: string, date: string) => `${symbol},${date},1,2,1,2,10`;

describe("import_bars", () => {
  it("reports missing sessions and bars on closed days against each symbol's calendar", async () => {
    const store = await createTestStore();
    const csv = [
      header,
      row("AAA", "2024-07-03"),
      row("AAA", "2024-07-04"),
      row("AAA", "2024-07-08"),
      row("EUR/USD", "2024-07-05"),
      row("EUR/USD", "2024-07-08"),
    ].join("\n");
    const result = await runTool(importBars, { csv }, testContext(store));
    expect(result).toMatchObject({
      imported: 5,
      quality: [
        {
          symbol: "AAA",
          market: "NYSE",
          missingSessions: 1,
          barsOutsideSessions: 1,
          missingBars: 0,
          examples: ["2024-07-05", "2024-07-04"],
        },
      ],
    });
    const asCrypto = await runTool(importBars, { csv, market: "CRYPTO" }, testContext(store));
    expect(
      (asCrypto as { quality: { symbol: string; missingSessions: number }[] }).quality.map((q) => [
        q.symbol,
        q.missingSessions,
      ]),
    ).toEqual([
      ["AAA", 3],
      ["EUR/USD", 2],
    ]);
    await store.close();
  });

  it("imports a file, all or nothing", async () => {
    const store = await createTestStore();
    const directory = await mkdtemp(join(tmpdir(), "alphadesk-import-"));
    try {
      const good = join(directory, "good.csv");
      await writeFile(
        good,
        [header, row("AAA", "2024-07-01"), row("AAA", "2024-07-02")].join("\n"),
      );
      expect(await runTool(importBars, { path: good }, testContext(store))).toMatchObject({
        imported: 2,
        symbols: ["AAA"],
        quality: [],
      });
      const bad = join(directory, "bad.csv");
      await writeFile(
        bad,
        [header, row("BBB", "2024-07-01"), "BBB,2024-07-02,1,0.5,1,2,10"].join("\n"),
      );
      await expect(runTool(importBars, { path: bad }, testContext(store))).rejects.toMatchObject({
        code: "invalid_input",
        message: expect.stringMatching(/line 3/),
      });
      expect((await store.listSymbols()).map((summary) => summary.symbol)).toEqual(["AAA"]);
      await expect(
        runTool(importBars, { path: join(directory, "none.csv") }, testContext(store)),
      ).rejects.toMatchObject({
        code: "invalid_input",
        issues: [expect.objectContaining({ path: ["path"] })],
      });
    } finally {
      await rm(directory, { recursive: true, force: true });
      await store.close();
    }
  });

  it("guesses the calendar from the symbol", () => {
    expect(
      ["SPY", "EUR/USD", "usd/jpy", "BTC/USD", "MES", "MESZ25", "CLF6", "MESA"].map(marketOf),
    ).toEqual(["NYSE", "FX", "FX", "CRYPTO", "CME", "CME", "CME", "NYSE"]);
  });
});
