import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { backtestStrategy } from "../backtest/backtest-strategy.ts";
import { importBars } from "../bars/import-bars.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { generateCode } from "./generate-code.ts";
import { generateStrategyCode } from "./generate.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";
import { runPython, tradeDifferences, type PrintedTrade } from "./parity/run.ts";

let store: Store;
let directory: string;
let csvPath: string;

const spec = {
  name: "Mean reversion with a trailing stop",
  universe: ["AAA", "BTC/USD"],
  entry: { lt: [{ rsi: { period: 4 } }, 30] },
  exit: { gt: [{ rsi: { period: 4 } }, 65] },
  trailingStop: { atrMultiple: 2 },
  sizing: { fractionOfEquity: 0.5 },
  costs: { feeBps: 1, slippageBps: 2 },
};

beforeAll(async () => {
  store = await createTestStore();
  directory = await mkdtemp(join(tmpdir(), "alphadesk-generate-code-"));
  const csv = parityMarketCsv();
  csvPath = join(directory, "bars.csv");
  await writeFile(csvPath, csv);
  await runTool(importBars, { csv }, testContext(store));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("generate_code", () => {
  it("renders a stored strategy whose program makes backtest_strategy's trades on the imported file", async () => {
    const backtest = (await runTool(backtestStrategy, { spec }, testContext(store))) as {
      strategyId: string;
      trades: PrintedTrade[];
    };
    expect(backtest.trades.length).toBeGreaterThan(20);
    const generated = (await runTool(
      generateCode,
      { strategyId: backtest.strategyId, target: "python" },
      testContext(store),
    )) as { code: string; specHash: string };
    expect(generated).toMatchObject(generateStrategyCode(spec, "python"));
    expect(generated.specHash).toBe(backtest.strategyId);

    const program = join(directory, "stored.py");
    await writeFile(program, generated.code);
    const result = await runPython(program, csvPath);
    expect(result.stderr).toBe("");
    const printed = JSON.parse(result.stdout) as { trades: PrintedTrade[] };
    expect(tradeDifferences(backtest.trades, printed.trades)).toEqual([]);
  });

  it("says so when no strategy has the id", async () => {
    await expect(
      runTool(generateCode, { strategyId: "0".repeat(64), target: "python" }, testContext(store)),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
