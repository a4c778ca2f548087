import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { readBarsCsv } from "../bars/read-bars-csv.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import { generateStrategyCode } from "./generate.ts";
import { goldenDifference } from "./golden/golden-file.ts";

const testFile = "tools/codegen/quantconnect-program.int.test.ts";
import { richGoldenSpec } from "./golden/rich-spec.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";
import { engineTrades, tradeDifferences, type PrintedTrade } from "./parity/run.ts";
import { engineSignals, firstSignalDifference, type SignalsBySymbol } from "./parity/signals.ts";
import { parityCases } from "./parity/specs.ts";

const execFileAsync = promisify(execFile);
const fakeLean = fileURLToPath(new URL("../../test/fakes/lean", import.meta.url));

/**
 * The QuantConnect target. LEAN is not installed here, so: the file compiles
 * (`python3 -m py_compile`); its strategy core, imported without LEAN, computes the engine's
 * signals, on the whole history and bar by bar on its rolling window; and the algorithm, run
 * against a stand-in for LEAN's API and fill models (test/fakes/lean), trades when the backtest
 * trades.
 */
const coreRows = [
  "rsi",
  "adx, plusDi, minusDi",
  "indicators of indicators: ema of rsi, macd of ohlc4, stochRsi of an ema",
  "division by zero, and NaN inside series fed to indicators",
];
/** Rows whose exits LEAN fills as the backtest does (at the next open): trades must agree. */
const tradedRows = [
  "sma",
  "short with an exit rule",
  "entry true with a time exit: hold 60 bars, buy again",
  "fixed notional, short",
  "zero costs",
];
/** Rows with stops, targets, several markets or volatility sizing: they must run and trade. */
const smokeRows = [
  "volatility target on 1d (annualization)",
  "take profit in ATR with a stop: both touched, the stop wins",
  "short: stop, target, trailing stop and time exit together",
  "fraction of equity over four symbols on three calendars",
];

let directory: string;
let csvPath: string;
let bars: BarSeries[];
const rowOf = (title: string) => parityCases.find((row) => row.title === title)!;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-quantconnect-"));
  const csv = parityMarketCsv();
  csvPath = join(directory, "bars.csv");
  await writeFile(csvPath, csv);
  bars = await readBarsCsv(csv);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeProgram(
  name: string,
  spec: unknown,
  target: "python" | "quantconnect",
  historyBars?: number,
) {
  const path = join(directory, name);
  const { code } = generateStrategyCode(spec, target);
  // HISTORY_BARS is the user's to change; a shorter window leaves these three years of bars room to trade.
  const edited =
    historyBars === undefined
      ? code
      : code.replace(/^HISTORY_BARS = \d+$/m, `HISTORY_BARS = ${historyBars}`);
  await writeFile(path, edited);
  return path;
}

async function python(script: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync("python3", ["-c", script, ...args], {
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, PYTHONPATH: fakeLean },
  });
  return stdout;
}

describe("the generated QuantConnect algorithm", () => {
  it("matches its golden files: the issue's example and a rich spec", async () => {
    const golden: [string, unknown][] = [
      ["sma_20_50_crossover_qc.py", issueExampleSpec],
      ["trend_pullback_with_every_exit_qc.py", richGoldenSpec],
    ];
    for (const [name, spec] of golden) {
      const generated = generateStrategyCode(spec, "quantconnect");
      expect(generated.filename).toBe("main.py");
      expect(await goldenDifference(name, generated.code, testFile)).toBeNull();
    }
  });

  it("compiles (python3 -m py_compile) for every spec of the parity table and hostile names", async () => {
    const specs = [
      ...parityCases.map((row) => row.spec),
      richGoldenSpec,
      { ...issueExampleSpec, name: '9 x"""\n\\', description: "\u2028'''\r\u0000" },
    ];
    const paths = await Promise.all(
      specs.map((spec, index) => writeProgram(`compile_${index}.py`, spec, "quantconnect")),
    );
    await expect(execFileAsync("python3", ["-m", "py_compile", ...paths])).resolves.toBeDefined();
  });

  it("gives identical bytes on regeneration for every row of the parity table", () => {
    for (const row of parityCases) {
      const reordered = Object.fromEntries(Object.entries(row.spec).reverse());
      expect(generateStrategyCode(reordered, "quantconnect").code, row.title).toBe(
        generateStrategyCode(row.spec, "quantconnect").code,
      );
    }
  });

  it("names its algorithm class after the strategy and keeps user text in comments", () => {
    const { code } = generateStrategyCode(
      { ...issueExampleSpec, name: "9 lives\nimport os" },
      "quantconnect",
    );
    expect(code).toContain("class Strategy9LivesImportOsAlgorithm(QCAlgorithm):");
    for (const line of code.split("\n").filter((text) => text.includes("import os")))
      expect(line.startsWith("#")).toBe(true);
  });

  it("refuses futures, which it cannot trade on LEAN, naming them", () => {
    expect(() =>
      generateStrategyCode({ ...issueExampleSpec, universe: ["SPY", "MES"] }, "quantconnect"),
    ).toThrow("MES is a futures symbol");
  });
});

/**
 * Each row's signals on the whole history, and on the rolling window once it is full: from then
 * on the window drops old bars, and its last bar's signals must still be the engine's.
 */
const coreDriver = String.raw`
import json, runpy, sys
csv_path, reader, programs = sys.argv[1], sys.argv[2], sys.argv[3:]
bars = runpy.run_path(reader, run_name="parity")["read_bars_csv"](csv_path)
out = []
for program in programs:
    module = runpy.run_path(program, run_name="parity")
    whole, rolling = {}, {}
    for symbol in module["UNIVERSE"]:
        series = bars[symbol]
        window = module["BarHistory"](symbol, module["HISTORY_BARS"])
        entries, exits = [], []
        for i in range(len(series.close)):
            window.append(series.time[i], series.open[i], series.high[i], series.low[i], series.close[i], series.volume[i])
            if len(window.close) == window.capacity:
                plan = module["compute_plan"](window)
                entries.append(plan.entry[-1])
                exits.append(None if plan.exit_signals is None else plan.exit_signals[-1])
        plan = module["compute_plan"](series)
        whole[symbol] = {"entry": plan.entry, "exit": plan.exit_signals}
        rolling[symbol] = {"from": window.capacity - 1, "entry": entries, "exit": exits}
    out.append({"whole": whole, "rolling": rolling})
json.dump(out, sys.stdout)
`;

interface CoreRun {
  whole: SignalsBySymbol;
  rolling: Record<string, { from: number; entry: number[]; exit: (number | null)[] }>;
}

describe("the QuantConnect strategy core, without LEAN", () => {
  it.each(coreRows.map((title, index) => [title, index] as const))(
    "%s: the engine's signals on the whole history, and bar by bar on the rolling window",
    async (title, index) => {
      const run = (await pythonRuns).core[index]!;
      const expected = engineSignals(parseStrategySpec(rowOf(title).spec), bars);
      expect(firstSignalDifference(expected, run.whole)).toBeNull();
      for (const [symbol, rolling] of Object.entries(run.rolling)) {
        const want = expected[symbol]!;
        expect(rolling.entry.length, "the window must slide").toBeGreaterThan(100);
        expect(rolling.entry).toEqual(want.entry.slice(rolling.from));
        if (want.exit !== null) expect(rolling.exit).toEqual(want.exit.slice(rolling.from));
      }
    },
  );
});

const leanDriver = String.raw`
import json, runpy, sys
import AlgorithmImports as lean
csv_path, reader, programs = sys.argv[1], sys.argv[2], sys.argv[3:]
bars = runpy.run_path(reader, run_name="parity")["read_bars_csv"](csv_path)
out = []
for program in programs:
    module = runpy.run_path(program, run_name="parity")
    algorithm_class = next(
        value for value in module.values()
        if isinstance(value, type) and issubclass(value, lean.QCAlgorithm) and value is not lean.QCAlgorithm
    )
    by_ticker = {ticker: bars[name] for name, _, ticker in module["SECURITIES"]}
    algorithm = lean.run(algorithm_class, by_ticker)
    names = {ticker: name for name, _, ticker in module["SECURITIES"]}
    times = sorted({time for series in by_ticker.values() for time in series.time})
    trades, open_fills = [], {}
    for fill in algorithm.fills:
        symbol = names[fill["symbol"]]
        if fill["tag"] == "entry":
            open_fills[symbol] = fill
            continue
        entry = open_fills.pop(symbol)
        trades.append({
            "symbol": symbol,
            "entryStep": entry["step"], "entryPrice": entry["price"],
            "exitStep": fill["step"], "exitPrice": fill["price"],
            "quantity": abs(entry["quantity"]), "exitTag": fill["tag"],
        })
    out.append({"trades": trades, "times": times, "warmUp": module["HISTORY_BARS"], "logs": algorithm.logs})
json.dump(out, sys.stdout)
`;

interface LeanRun {
  trades: (Omit<PrintedTrade, "entryTime" | "exitTime"> & {
    entryStep: number;
    exitStep: number;
    exitTag: string;
  })[];
  times: number[];
  warmUp: number;
  logs: string[];
}

const leanRows = [...tradedRows, ...smokeRows];

/** Both python3 runs, started together (the machines have two cores). */
let pythonRuns: Promise<{ core: CoreRun[]; lean: LeanRun[] }>;

beforeAll(() => {
  pythonRuns = (async () => {
    const reader = await writeProgram("reader.py", issueExampleSpec, "python");
    const core = Promise.all(
      coreRows.map((title, index) =>
        writeProgram(`core_${index}.py`, rowOf(title).spec, "quantconnect"),
      ),
    ).then(async (programs) =>
      JSON.parse(await python(coreDriver, [csvPath, reader, ...programs])),
    );
    const lean = Promise.all([
      ...leanRows.map((title, index) =>
        writeProgram(
          `lean_${index}.py`,
          rowOf(title).spec,
          "quantconnect",
          smokeRows.includes(title) ? 250 : undefined,
        ),
      ),
    ]).then(async (programs) =>
      JSON.parse(await python(leanDriver, [csvPath, reader, ...programs])),
    );
    return { core: (await core) as CoreRun[], lean: (await lean) as LeanRun[] };
  })();
  // Settled here so a failure is reported by the tests that await it, not as unhandled.
  pythonRuns.catch(() => undefined);
});

describe("the QuantConnect algorithm on a stand-in for LEAN", () => {
  let runs: LeanRun[];

  beforeAll(async () => {
    runs = (await pythonRuns).lean;
  }, 120_000);

  const iso = (timeMs: number) => new Date(timeMs).toISOString();

  it.each(tradedRows.map((title, index) => [title, index] as const))(
    "%s: the backtest's trades after the warm-up, entry and exit on the same bars",
    (title, index) => {
      const run = runs[index]!;
      const spec = parseStrategySpec(rowOf(title).spec);
      const start = iso(run.times[run.warmUp]!);
      const expected = engineTrades(spec, bars, { start });
      expect(expected.length, "the row must trade after the warm-up").toBeGreaterThan(0);
      const printed = run.trades.map((trade) => ({
        ...trade,
        entryTime: iso(run.times[trade.entryStep]!),
        exitTime: iso(run.times[trade.exitStep]!),
      }));
      // Quantities differ by design (whole shares sized on the close); slippage is LEAN's
      // (a rate of the bar's close, not of its open): prices agree within twice the rate.
      const tolerance = 2 * (spec.costs.slippageBps / 1e4) + 1e-12;
      const withQuantity = printed.map((trade, i) => ({
        ...trade,
        quantity: expected[i]?.quantity ?? 0,
      }));
      expect(tradeDifferences(expected, withQuantity, tolerance)).toEqual([]);
    },
  );

  it.each(smokeRows.map((title, index) => [title, tradedRows.length + index] as const))(
    "%s: runs and trades, every exit matched to an entry",
    (_, index) => {
      const run = runs[index]!;
      expect(run.trades.length).toBeGreaterThan(0);
      expect(run.logs.filter((line) => line.includes("reversed"))).toEqual([]);
      for (const trade of run.trades)
        expect(trade.exitStep).toBeGreaterThanOrEqual(trade.entryStep);
    },
  );
});
