import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateMarket } from "../../engine/synthetic/index.ts";
import { exportBars } from "../../tools/bars/export-bars.ts";
import { backtestStrategy, type BacktestResult } from "../../tools/backtest/backtest-strategy.ts";
import { generateCode } from "../../tools/codegen/generate-code.ts";
import { runPython, tradeDifferences, type PrintedTrade } from "../../tools/codegen/parity/run.ts";
import type { Store } from "../../tools/ports/store.ts";
import { runTool } from "../../tools/run-tool.ts";
import { createTestStore } from "../support/pglite.ts";
import { testContext } from "../support/tool-context.ts";

/**
 * The check a person runs before trusting a generated program: its replay over the bars
 * export_bars wrote prints the trades backtest_strategy made on the same stored bars.
 */
let store: Store;
let directory: string;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", generateMarket({ symbols: ["QQQ", "TLT"], years: 3, seed: 11 }).bars);
  directory = await mkdtemp(join(tmpdir(), "alphadesk-replay-"));
});
afterAll(async () => {
  await store.close();
  await rm(directory, { recursive: true, force: true });
});

describe("a generated program replays the exported bars", () => {
  it("prints the backtest's trades", async () => {
    const context = testContext(store);
    const spec = {
      name: "RSI dip on two ETFs",
      universe: ["QQQ", "TLT"],
      timeframe: "1d",
      entry: { lt: [{ rsi: { period: 14 } }, 35] },
      exit: { gt: [{ rsi: { period: 14 } }, 55] },
      sizing: { fractionOfEquity: 0.5 },
      stopLoss: { percent: 8 },
      costs: { feeBps: 2, slippageBps: 3 },
    };
    const backtest = (await runTool(backtestStrategy, { spec }, context)) as BacktestResult;
    expect(backtest.trades.length).toBeGreaterThan(5);
    const strategyId = backtest.strategyId;
    const program = (await runTool(generateCode, { strategyId, target: "python" }, context)) as {
      code: string;
      filename: string;
    };
    const bars = (await runTool(exportBars, { strategyId }, context)) as {
      csv: string;
      filename: string;
    };
    const programPath = join(directory, program.filename);
    const csvPath = join(directory, bars.filename);
    await writeFile(programPath, program.code);
    await writeFile(csvPath, bars.csv);

    const replay = await runPython(programPath, csvPath);
    expect(replay.stderr).toBe("");
    expect(replay.exitCode).toBe(0);
    const printed = (JSON.parse(replay.stdout) as { trades: PrintedTrade[] }).trades;
    expect(tradeDifferences(backtest.trades, printed)).toEqual([]);
  });
});
