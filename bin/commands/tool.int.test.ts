import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { errorOf } from "../../test/e2e/run-cli.ts";
import { seedHome } from "../../test/support/pglite.ts";
import { toolCommand } from "./tool.ts";

// `alphadesk tool` in-process: each case spawned would cost a Node start and the registry's
// import (seconds on a busy machine); test/e2e/cli.int.test.ts runs the binary for the exit code.
let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "alphadesk-tool-"));
  await seedHome(home);
  // A case that passes parsing opens the runtime: on this home, never the repository's.
  vi.stubEnv("ALPHADESK_HOME", home);
  vi.stubEnv("DATABASE_URL", "");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
});

async function runToolCommand(
  name: string,
  json: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await toolCommand(
    name,
    json,
    {},
    {
      stdout: { write: (chunk: string) => ((stdout += chunk), true) },
      stderr: { write: (chunk: string) => ((stderr += chunk), true) },
    },
  );
  return { code, stdout, stderr };
}

describe("alphadesk tool: bad input exits 2 with an error naming the field", () => {
  it.each([
    ["import_bars", {}, ["path"], /exactly one of `path` or `csv`/],
    [
      "import_bars",
      { csv: "symbol,timestamp\nAAA,1" },
      ["line", 1],
      /lacks open, high, low, close, volume/,
    ],
    [
      "compute_indicators",
      { symbol: "SPY", indicators: [{ rsi: { period: 0 } }] },
      ["indicators", 0, "rsi", "period"],
      /too small/i,
    ],
    [
      "compute_indicators",
      { symbol: "SPY", indicators: [{ rsx: {} }] },
      ["indicators", 0],
      /unknown indicator "rsx" \(did you mean "rsi"\?\)/,
    ],
    [
      "backtest_strategy",
      { spec: { name: "x", universe: [], entry: true } },
      ["spec", "universe"],
      /too small/i,
    ],
    [
      "backtest_strategy",
      { spec: { name: "x", universe: ["SPY"], entry: { crossAbove: [{ sma: { period: 20 } }] } } },
      ["spec", "entry", "crossAbove"],
      /.+/,
    ],
    [
      "backtest_strategy",
      { spec: { name: "x", universe: ["SPY"], entry: true }, initialCash: -1 },
      ["initialCash"],
      /too small/i,
    ],
    ["generate_demo_market", { years: 0 }, ["years"], /too small/i],
    [
      "market_calendar",
      { market: "NASDAQ" },
      ["market"],
      /expected one of "NYSE"\|"CME"\|"FX"\|"CRYPTO"/,
    ],
    ["list_universes", { all: true }, [], /Unrecognized key/],
    ["set_price_alert", { symbol: "SPY" }, ["price"], /either price .* or percent/],
    ["set_price_alert", { symbol: "SPY", percent: 5 }, ["direction"], /needs its direction/],
    ["list_price_alerts", { state: "open" }, ["state"], /expected one of/],
    ["cancel_price_alert", { id: "xyz" }, ["id"], /an alert's id/],
    ["cancel_price_alert", {}, ["id"], /give one of id, symbol or all/],
    ["check_price_alerts", { now: true }, [], /Unrecognized key/],
    ["size_position", { symbol: "SPY" }, ["stopPrice"], /give the stop/],
    [
      "drawdowns",
      { symbol: "SPY", backtestId: "00000000-0000-4000-8000-000000000001" },
      ["backtestId"],
      /not both/,
    ],
    [
      "size_position",
      { symbol: "SPY", stopPercent: 5, riskPercent: 1, riskAmount: 100 },
      ["riskAmount"],
      /not both/,
    ],
    ["seasonality", { symbol: "SPY", by: "quarter" }, ["by"], /expected one of/],
    ["analyze_pair", { a: "KO", b: "ko" }, ["b"], /two different symbols/],
    [
      "analyze_pair",
      { a: "KO", b: "PEP", entryZ: 1, exitZ: 1 },
      ["exitZ"],
      /entryZ must be above exitZ/,
    ],
    ["seasonality", { symbol: "SPY", focus: "Smarch" }, ["focus"], /"Smarch" is not a month/],
    ["account_performance", { period: "2W" }, ["period"], /expected one of/],
    ["get_bars", { symbol: "SPY", timeframe: "2h" }, ["timeframe"], /expected one of/],
    ["fetch_bars", { symbols: ["SPY"], start: "2024-13-01" }, ["start"], /not a valid date/],
    ["define_universe", { name: "index-etfs", symbols: ["SPY"] }, ["name"], /built-in universe/],
    ["propose_strategy_orders", { strategyId: "my-idea" }, ["strategyId"], /.+/],
    ["propose_strategy_orders", { strategy: "x" }, [], /unrecognized key/i],
    ["desk_signals", { stage: "paper" }, [], /unrecognized key/i],
    [
      "check_order",
      { symbol: "SPY", side: "buy", quantity: 1, notional: 100 },
      ["quantity"],
      /exactly one of quantity and notional/,
    ],
    [
      "market_calendar",
      { market: "NYSE", start: "2024-13-01", end: "2024-12-31" },
      ["start"],
      /not a valid date/,
    ],
  ])("%s %j", async (tool, input, path, message) => {
    const result = await runToolCommand(tool, JSON.stringify(input));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const error = errorOf(result.stderr);
    expect(error.code).toBe("invalid_input");
    expect(
      error.issues!.some(
        (issue) =>
          JSON.stringify(issue.path) === JSON.stringify(path) && message.test(issue.message),
      ),
    ).toBe(true);
  });
});
