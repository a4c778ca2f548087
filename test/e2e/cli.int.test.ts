import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakePolygon } from "../fakes/polygon-server.ts";
import { errorOf, runCli } from "./run-cli.ts";
import { seedHome } from "../support/pglite.ts";

let home: string;
const env = () => ({ ALPHADESK_HOME: home, DATABASE_URL: "" });

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "alphadesk-cli-"));
  await seedHome(home);
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("npx alphadesk in the repository root", () => {
  it("runs the package's own command", async () => {
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        "npx",
        ["--no-install", "alphadesk", "tools"],
        { cwd: join(import.meta.dirname, "../..") },
        (error, stdout) => resolve({ code: error ? 1 : 0, stdout }),
      );
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^backtest_strategy /m);
  });
});

describe("alphadesk tools", () => {
  it("lists every tool with its JSON Schema", async () => {
    const result = await runCli(["tools", "--json"], env());
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout) as {
      name: string;
      summary: string;
      inputSchema: { type: string };
    }[];
    expect(listing.map((tool) => tool.name).sort()).toEqual(
      [
        "backtest_strategy",
        "list_backtests",
        "get_backtest",
        "compare_backtests",
        "drawdowns",
        "list_strategies",
        "update_strategy",
        "get_validation",
        "strategy_signals",
        "desk_signals",
        "compute_correlations",
        "compute_indicators",
        "currency_strength",
        "define_universe",
        "fetch_bars",
        "generate_demo_market",
        "get_bars",
        "export_bars",
        "market_snapshot",
        "seasonality",
        "analyze_pair",
        "list_symbols",
        "get_quotes",
        "account_performance",
        "set_price_alert",
        "list_price_alerts",
        "cancel_price_alert",
        "check_price_alerts",
        "import_bars",
        "list_findings",
        "list_universes",
        "market_calendar",
        "scan_markets",
        "sector_rotation",
        "optimize_strategy",
        "list_optimizations",
        "get_optimization",
        "validate_strategy",
        "list_validation_rules",
        "add_validation_rule",
        "set_validation_rule",
        "size_position",
        "propose_order",
        "check_order",
        "propose_strategy_orders",
        "list_approvals",
        "list_orders",
        "get_positions",
        "position_risk",
        "cancel_order",
        "kill_switch",
        "promote_strategy",
        "strategy_status",
        "desk_status",
        "construct_portfolio",
        "list_portfolios",
        "rebalance_portfolio",
        "generate_code",
        "code_history",
        "diff_generated_code",
        "verify_audit_log",
        "search_research",
        "add_research_source",
        "list_research_sources",
        "update_research_source",
        "ingest_research",
        "research_digest",
        "explain_strategy",
        "performance_context",
        "explain_term",
      ].sort(),
    );
    for (const tool of listing) expect(tool.inputSchema.type).toBe("object");

    // Without --json: a line each, its name and summary.
    const lines = (await runCli(["tools"], env())).stdout.split("\n");
    for (const { name, summary } of listing)
      expect(lines.find((line) => line.startsWith(`${name} `))).toMatch(
        new RegExp(`^${name} +${summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`),
      );
  });
});

// Every tool's bad input, run in-process, is in bin/commands/tool.int.test.ts; here the exit code
// through the real binary.
describe("alphadesk tool: bad input exits 2 with an error naming the field", () => {
  it("refuses input that is not JSON and tools that do not exist", async () => {
    const notJson = await runCli(["tool", "import_bars", "{path:"], env());
    expect(notJson.code).toBe(2);
    expect(errorOf(notJson.stderr).message).toMatch(/not valid JSON/);
    const unknown = await runCli(["tool", "backtest", "{}"], env());
    expect(unknown.code).toBe(2);
    expect(errorOf(unknown.stderr)).toMatchObject({
      code: "unknown_tool",
      message: expect.stringMatching(/available: .*backtest_strategy/),
    });
  });
});

describe("alphadesk events", () => {
  it("says where events come from when there are none, and refuses an unknown topic", async () => {
    const fresh = await mkdtemp(join(tmpdir(), "alphadesk-events-"));
    await seedHome(fresh);
    try {
      const none = await runCli(["events"], { ALPHADESK_HOME: fresh, DATABASE_URL: "" });
      expect(none.code).toBe(0);
      expect(none.stdout).toBe("");
      expect(none.stderr).toMatch(/no events yet: they come from scan_markets/);
      const bad = await runCli(["events", "--topic", "scans"], env());
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/'scans' is invalid. Allowed choices are scan.completed/);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

describe("a newcomer's path: import a CSV, then backtest it from the command line", () => {
  it("imports bars, computes indicators and backtests, reading input from a file", async () => {
    const rows = ["symbol,timestamp,open,high,low,close,volume"];
    let price = 100;
    for (let day = 0; day < 300; day++) {
      const close = price * (1 + 0.01 * Math.sin(day / 9));
      const time = new Date(Date.UTC(2022, 0, 3) + day * 86_400_000).toISOString().slice(0, 10);
      rows.push(
        `ACME,${time},${price},${Math.max(price, close) + 0.5},${Math.min(price, close) - 0.5},${close},1000`,
      );
      price = close;
    }
    const csvPath = join(home, "acme.csv");
    await writeFile(csvPath, rows.join("\n"));
    const imported = await runCli(
      ["tool", "import_bars", JSON.stringify({ path: csvPath })],
      env(),
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      imported: 300,
      symbols: ["ACME"],
      firstTime: "2022-01-03T00:00:00.000Z",
    });

    const indicators = await runCli(
      [
        "tool",
        "compute_indicators",
        JSON.stringify({ symbol: "ACME", indicators: [{ sma: { period: 3 } }] }),
      ],
      env(),
    );
    expect(indicators.code, indicators.stderr).toBe(0);
    const sma = JSON.parse(indicators.stdout).values[0] as (number | null)[];
    expect(sma.slice(0, 2)).toEqual([null, null]);
    expect(sma[2]).toBeCloseTo(
      (Number(rows[1]!.split(",")[5]) +
        Number(rows[2]!.split(",")[5]) +
        Number(rows[3]!.split(",")[5])) /
        3,
      9,
    );

    const inputPath = join(home, "backtest.json");
    const spec = {
      name: "SMA 5/20",
      universe: ["ACME"],
      timeframe: "1d",
      entry: { crossAbove: [{ sma: { period: 5 } }, { sma: { period: 20 } }] },
      exit: { crossBelow: [{ sma: { period: 5 } }, { sma: { period: 20 } }] },
      sizing: { fractionOfEquity: 1 },
      costs: { feeBps: 1, slippageBps: 0 },
    };
    await writeFile(inputPath, JSON.stringify({ spec }));
    const backtest = await runCli(["tool", "backtest_strategy", "--input", inputPath], env());
    expect(backtest.code, backtest.stderr).toBe(0);
    const result = JSON.parse(backtest.stdout);
    expect(result.metrics.trades).toBeGreaterThan(3);
    expect(result.equity).toHaveLength(300);
    expect(result.benchmarks.buyAndHold.metrics.totalReturn).toBeCloseTo(
      result.benchmarks.buyAndHold.metrics.finalEquity / 100_000 - 1,
      12,
    );
    expect(result.strategyId).toMatch(/^[0-9a-f]{64}$/);

    const missing = await runCli(
      ["tool", "backtest_strategy", JSON.stringify({ spec: { ...spec, universe: ["NOPE"] } })],
      env(),
    );
    expect(missing.code).toBe(1);
    expect(errorOf(missing.stderr)).toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/no 1d bars for NOPE .*stored 1d symbols: ACME/),
    });
  });
});

describe("fetching from a market-data provider", () => {
  it("fetches from Polygon (a local fake) when POLYGON_API_KEY is set, and says what to set when not", async () => {
    const fake = await new FakePolygon("secret").start();
    try {
      const day = Date.UTC(2024, 0, 2, 5);
      fake.bars.set(
        "SPY",
        [0, 1, 2].map((n) => ({ t: day + n * 86_400_000, o: 470, h: 472, l: 468, c: 471, v: 100 })),
      );
      const input = JSON.stringify({ symbols: ["SPY"], start: "2024-01-01", end: "2024-01-10" });
      const fetched = await runCli(["tool", "fetch_bars", input], {
        ...env(),
        POLYGON_API_KEY: "secret",
        POLYGON_BASE_URL: fake.url,
      });
      expect(fetched.code, fetched.stderr).toBe(0);
      expect(JSON.parse(fetched.stdout)).toMatchObject({
        provider: "polygon",
        symbols: [{ symbol: "SPY", fetched: 3 }],
      });
      const missing = await runCli(["tool", "fetch_bars", input], env());
      expect(missing.code).toBe(1);
      expect(errorOf(missing.stderr)).toMatchObject({
        code: "provider_missing",
        message: expect.stringMatching(/POLYGON_API_KEY/),
      });
    } finally {
      await fake.stop();
    }
  });
});

describe("npm start without a terminal", () => {
  it("prints what Alphadesk can do and runs the demo backtest on embedded defaults", async () => {
    const demoHome = await mkdtemp(join(tmpdir(), "alphadesk-start-"));
    try {
      const result = await runCli(["start"], { ALPHADESK_HOME: demoHome, DATABASE_URL: "" });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/backtest_strategy/);
      expect(result.stdout).toMatch(/Total return/);
      expect(result.stdout).toMatch(/Buy and hold/);
      expect(result.stdout).toMatch(/Stored as backtest [0-9a-f-]{36}/);
    } finally {
      await rm(demoHome, { recursive: true, force: true });
    }
  });
});
