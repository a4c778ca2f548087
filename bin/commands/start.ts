import Table from "cli-table3";
import { tools, type BacktestResult } from "../../tools/index.ts";
import { runTool } from "../../tools/run-tool.ts";
import { backtestTable } from "../../bots/core/render-turn.ts";
import { readConfig } from "../config.ts";
import { openRuntime, type Runtime } from "../runtime.ts";
import { turnTextCharts } from "./text-chart.ts";

/**
 * `npm start`: in a terminal, the chat (after creating the synthetic demo market on first run);
 * without one (CI, a pipe), what Alphadesk can do and a demo backtest on the embedded defaults.
 */
export async function startCommand(): Promise<number> {
  const config = readConfig();
  const out = (line = "") => process.stdout.write(`${line}\n`);
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const runtime = await openRuntime(config);
    try {
      await ensureDemoMarket(runtime, out);
    } finally {
      await runtime.close();
    }
    return (await import("./chat.ts")).chatCommand({});
  }
  out("Alphadesk: an assistant for systematic trading research (offline demo mode)\n");
  out("Tools available now (npx alphadesk tool <name> '<json>'):");
  for (const tool of tools) out(`  ${tool.name.padEnd(22)} ${tool.summary}`);
  out(
    `\nData: ${config.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.ALPHADESK_HOME}`}`,
  );

  const runtime = await openRuntime(config);
  try {
    const symbol = await ensureDemoMarket(runtime, out);
    const spec = {
      name: "SMA 20/50 crossover",
      universe: [symbol],
      timeframe: "1d",
      entry: { crossAbove: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
      exit: { crossBelow: [{ sma: { period: 20 } }, { sma: { period: 50 } }] },
      sizing: { fractionOfEquity: 1 },
      costs: { feeBps: 1, slippageBps: 0 },
    };
    out(
      `\nDemo backtest: ${spec.name} on ${symbol}, fills at the next open, 1 bp fees, $100,000 start`,
    );
    const result = (await run(runtime, "backtest_strategy", { spec })) as BacktestResult;
    out(metricsTable(result));
    for (const chart of turnTextCharts([{ name: "backtest_strategy", ok: true, output: result }]))
      out(`\n${chart}`);
    for (const warning of result.warnings) out(`Note: ${warning}`);
    out(`\nStored as backtest ${result.id}. Try your own:`);
    out(
      `  npx alphadesk tool backtest_strategy '${JSON.stringify({ spec: { ...spec, name: "RSI dip", entry: { lt: [{ rsi: { period: 14 } }, 30] }, exit: { gt: [{ rsi: { period: 14 } }, 55] } } })}'`,
    );
    out(
      '  npx alphadesk tool import_bars \'{"path":"my-bars.csv"}\'   (symbol,timestamp,open,high,low,close,volume)',
    );
    out(
      'Or in plain words: npx alphadesk ask "backtest a 20/50 moving average crossover on SPY since 2020"',
    );
    out("In a terminal, npm start opens the chat (npx alphadesk chat).");
    return 0;
  } finally {
    await runtime.close();
  }
}

async function ensureDemoMarket(runtime: Runtime, out: (line?: string) => void): Promise<string> {
  let stored = (await runtime.store.listSymbols("1d")).filter(
    (summary) => summary.symbol !== "SPY",
  );
  if (stored.length === 0) {
    out("\nCreating the synthetic demo market (seed 42, 5 years of daily bars)...");
    await run(runtime, "generate_demo_market", {});
    stored = (await runtime.store.listSymbols("1d")).filter((summary) => summary.symbol !== "SPY");
  }
  const names = stored.map((summary) => summary.symbol);
  out(
    `Stored daily series: ${names.length + 1}, e.g. SPY, ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", ..." : ""} (ask "which symbols are stored?" for all of them)`,
  );
  return stored[0]!.symbol;
}

async function run(runtime: Runtime, name: string, input: unknown): Promise<unknown> {
  const tool = tools.find((candidate) => candidate.name === name)!;
  const context = runtime.contextFor(name);
  try {
    return await runTool(tool, input, context);
  } finally {
    context.done();
  }
}

/** The backtest's metrics against its benchmarks: the chat faces' table, drawn for a terminal. */
function metricsTable(result: BacktestResult): string {
  const block = backtestTable(result)!;
  const table = new Table({ head: [...block.header], style: { head: [], border: [] } });
  for (const row of block.rows) table.push([...row]);
  return table.toString();
}
