import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { readBarsCsv } from "../bars/read-bars-csv.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import { generateStrategyCode } from "./generate.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";
import {
  engineTrades,
  importTypescriptPrograms,
  linkNodeModules,
  runTypescript,
  tradeDifferences,
  type PrintedTrade,
  type TypescriptProgram,
} from "./parity/run.ts";
import { parityCases } from "./parity/specs.ts";
import { embedDeclarations } from "./targets/typescript/embed.ts";
import { indicatorCall } from "./targets/typescript/engine-calls.ts";
import { fullRuntime } from "./targets/typescript/runtime.ts";

const execFileAsync = promisify(execFile);

let directory: string;
let csvPath: string;
let example: TypescriptProgram;
/** Every parity row's program, generated once for the checks below. */
let codes: string[];
const header = "symbol,timestamp,open,high,low,close,volume";

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-ts-program-"));
  await linkNodeModules(directory);
  csvPath = join(directory, "bars.csv");
  await writeFile(csvPath, parityMarketCsv());
  codes = parityCases.map((row) => generateStrategyCode(row.spec, "alpaca-typescript").code);
  const programs = await importTypescriptPrograms(
    [generateStrategyCode(issueExampleSpec, "alpaca-typescript").code],
    directory,
  );
  example = programs[0]!;
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Runs the example program (long GOOG, SMA 20/50) in this process on CSV text. */
let csvFiles = 0;
async function replayText(csv: string, flags: string[] = []) {
  const path = join(directory, `input-${++csvFiles}.csv`);
  await writeFile(path, csv);
  return runTypescript(example, ["replay", path, ...flags]);
}

describe("the generated TypeScript", () => {
  it("type-checks strict with the TypeScript compiler API, for every row of the parity table", async () => {
    // Every program is its strategy plus part of one runtime, embedded declaration by declaration
    // (each part closed under what it uses). One program over 45 whole files takes 20 s of CPU,
    // so the runtime is checked once whole, each row's file against it, and three files as they are.
    const runtime = fullRuntime();
    const files = new Map<string, string>();
    files.set(
      "runtime.ts",
      [...runtime.imports, runtime.code, `export { ${runtime.declared.join(", ")} };`].join("\n\n"),
    );
    const runtimeImport = `import { ${runtime.declared.join(", ")} } from "./runtime.ts";`;
    codes.forEach((code, index) => {
      const start = code.indexOf("\n// The runtime:");
      const end = code.indexOf("\nexport { liveSettings");
      expect(start, "the runtime section").toBeGreaterThan(0);
      files.set(`row_${index}.ts`, code.slice(0, start) + `\n${runtimeImport}\n` + code.slice(end));
    });
    const whole = [
      issueExampleSpec,
      parityCases.find((row) => row.title.startsWith("short: stop, target"))!.spec,
      { ...issueExampleSpec, name: 'x*/"\n\\', description: "\u2028*/'\r\u0000 ${x}" },
    ];
    whole.forEach((spec, index) =>
      files.set(`whole_${index}.ts`, generateStrategyCode(spec, "alpaca-typescript").code),
    );
    await Promise.all([...files].map(([name, code]) => writeFile(join(directory, name), code)));
    const program = ts.createProgram(
      [...files.keys()].map((name) => join(directory, name)),
      {
        strict: true,
        noUncheckedIndexedAccess: true,
        noImplicitOverride: true,
        noFallthroughCasesInSwitch: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        allowImportingTsExtensions: true,
        lib: ["lib.es2023.d.ts"],
        types: ["node"],
        skipLibCheck: true,
        noEmit: true,
      },
    );
    const diagnostics = ts.getPreEmitDiagnostics(program);
    const report = ts.formatDiagnostics(diagnostics.slice(0, 20), {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => directory,
      getNewLine: () => "\n",
    });
    expect(report).toBe("");
  });

  it("is the same bytes when generated again, from the spec in any key order", () => {
    parityCases.forEach((row, index) => {
      const reordered = Object.fromEntries(Object.entries(row.spec).reverse());
      const again = generateStrategyCode(reordered, "alpaca-typescript");
      expect(again.code === codes[index], row.title).toBe(true);
      expect(again.generatorVersion).toMatch(/^1\.0\.0\+[0-9a-f]{8}$/);
      expect(again.code).toContain(`export const GENERATOR_VERSION = "${again.generatorVersion}";`);
      expect(again.code).toContain(`export const SPEC_HASH = "${again.specHash}";`);
    });
  });

  it("runs as `npx tsx <file> replay bars.csv` and prints the engine's trades", async () => {
    const row = parityCases[0]!;
    const generated = generateStrategyCode(row.spec, "alpaca-typescript");
    const path = join(directory, generated.filename);
    await writeFile(path, generated.code);
    const { stdout, stderr } = await execFileAsync("npx", ["tsx", path, "replay", csvPath], {
      cwd: directory,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stderr).toBe("");
    const expected = engineTrades(
      parseStrategySpec(row.spec),
      await readBarsCsv(parityMarketCsv()),
      {},
    );
    const printed = JSON.parse(stdout) as { trades: PrintedTrade[] };
    expect(tradeDifferences(expected, printed.trades, 0)).toEqual([]);
  });

  it("exits 2 from the command line on a bad row, naming the line", async () => {
    const generated = generateStrategyCode(issueExampleSpec, "alpaca-typescript");
    const path = join(directory, generated.filename);
    await writeFile(path, generated.code);
    const bad = join(directory, "bad.csv");
    await writeFile(bad, [header, "GOOG,2024-01-02,10,11,9,abc,100"].join("\n"));
    const failure = await execFileAsync("npx", ["tsx", path, "replay", bad], {
      cwd: directory,
    }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe("");
    expect(failure?.stderr).toBe('error: CSV rejected: line 2: close "abc" is not a number\n');
  });
});

describe("replay's input checks", () => {
  it("prints no trades, and exits 0, when the rules never complete a trade", async () => {
    const rows = ["GOOG,2024-01-02,10,11,9,10,100", "GOOG,2024-01-03,10,11,9,10.5,100"];
    const result = await replayText([header, ...rows].join("\n"));
    expect(result).toEqual({ exitCode: 0, stdout: '{"trades":[]}\n', stderr: "" });
  });

  it("names a missing file", async () => {
    const result = await runTypescript(example, ["replay", join(directory, "missing.csv")]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: no readable file at .*missing\.csv \(ENOENT\)\n$/);
  });

  it("rejects the whole file with each bad row's line and field", async () => {
    const rows = [
      "GOOG,2024-01-02,10,11,9,10,100",
      "GOOG,2024-01-03,10,9,11,10,100",
      "GOOG,1704326400,10,11,9,10,100",
      "GOOG,2024-01-05,10,11,9,abc,100",
      "bad symbol!,2024-01-05,10,11,9,10,100",
      "GOOG,2024-01-02,10,11,9,10,-1",
      'GOOG,"2024-01-08",12,11,9,10,1',
    ];
    const result = await replayText([header, ...rows].join("\r\n"));
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    for (const problem of [
      "line 3: low 11 is above high 9",
      "line 4: timestamp 1704326400 looks like epoch seconds",
      'line 5: close "abc" is not a number',
      'line 6: symbol "bad symbol!" must be 1-32 letters',
      "line 7: volume -1 must be >= 0",
      "line 8: open 12 is outside low..high (9..11)",
    ])
      expect(result.stderr).toContain(problem);
  });

  it("names a duplicate bar, a missing column and a ragged row", async () => {
    const duplicate = await replayText(
      [header, "GOOG,2024-01-02,10,11,9,10,1", "GOOG,2024-01-02T00:00:00Z,10,11,9,10,1"].join("\n"),
    );
    expect(duplicate.stderr).toContain(
      "line 3: GOOG has a second row for 2024-01-02T00:00:00.000Z (first on line 2)",
    );
    const missing = await replayText(
      "symbol,timestamp,open,high,low,close\nGOOG,2024-01-02,1,1,1,1\n",
    );
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("CSV header lacks volume");
    const ragged = await replayText([header, "GOOG,2024-01-02,10,11,9,10"].join("\n"));
    expect(ragged.stderr).toContain("line 2 has 6 fields, the header has 7");
  });

  it("names universe symbols the file lacks, and options it cannot read", async () => {
    const other = await replayText([header, "SPY,2024-01-02,10,11,9,10,100"].join("\n"));
    expect(other).toMatchObject({ exitCode: 2, stdout: "" });
    expect(other.stderr).toBe("error: the CSV has no bars for GOOG (it has: SPY)\n");
    const csv = [header, "GOOG,2024-01-02,10,11,9,10,100"].join("\n");
    expect((await replayText(csv, ["--start", "yesterday"])).stderr).toContain("--start:");
    expect((await replayText(csv, ["--initial-cash", "0"])).stderr).toContain(
      "--initial-cash must be above 0",
    );
    expect((await replayText(csv, ["--bogus"])).stderr).toContain("--bogus");
    const empty = await replayText(csv, ["--start", "2025-01-01"]);
    expect(empty.stderr).toContain("no bars between 2025-01-01T00:00:00.000Z and the last bar");
    const unknown = await runTypescript(example, ["backtest"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('unknown command "backtest"');
  });
});

/** How the alpaca-typescript target lifts the engine's declarations out of their modules. */
describe("embedding engine declarations", () => {
  it("takes what a declaration uses, transitively, and no more; without import or export", () => {
    const { code, imports } = embedDeclarations([
      { module: "engine/indicators/moving-averages.ts", name: "sma" },
    ]);
    expect(imports).toEqual([]);
    expect(code).toContain("function sma(source: Float64Array");
    expect(code).toContain("function smaInto(");
    expect(code).toContain("function requireInteger(");
    expect(code).not.toContain("function ema(");
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    expect(code.startsWith("// engine/indicators/support.ts")).toBe(true);
  });

  it("turns a class used only as a type into an interface of its public fields", () => {
    const { code } = embedDeclarations([{ module: "engine/strategy/rules.ts", name: "cross" }]);
    expect(code).toContain("interface ExpressionEvaluator {");
    expect(code).toContain("reverseCross: { above: Float64Array;");
    expect(code).not.toContain("class ExpressionEvaluator");
    expect(code).not.toContain("indicatorCatalog");
  });

  it("keeps a constant two modules declare alike once, and refuses a clash of different code", () => {
    const { code, declared } = embedDeclarations([
      { module: "engine/calendar/sessions.ts", name: "dayMs" },
      { module: "engine/calendar/new-york-time.ts", name: "dayMs" },
    ]);
    expect(code.match(/const dayMs = 86_400_000;/g)).toHaveLength(1);
    expect(declared).toEqual(["dayMs"]);
    expect(() =>
      embedDeclarations([
        { module: "engine/strategy/spec.ts", name: "ExitDistance" },
        { module: "engine/simulate/types.ts", name: "ExitDistance" },
      ]),
    ).toThrow(
      'top-level name "ExitDistance" is declared by both engine/strategy/spec.ts and engine/simulate/types.ts, with different code',
    );
  });

  it("refuses a declaration that needs a package a generated program cannot import", () => {
    expect(() => embedDeclarations([{ module: "tools/time-input.ts", name: "TimeInput" }])).toThrow(
      "TimeInput (tools/time-input.ts) needs the package zod",
    );
    expect(() => embedDeclarations([{ module: "engine/bars.ts", name: "nothing" }])).toThrow(
      'engine/bars.ts declares no top-level "nothing"',
    );
  });

  it("reads an indicator's call from the catalog's own compute function", () => {
    expect(indicatorCall("keltner", { period: 20, multiplier: 1.5, atrPeriod: 10 }, "s0")).toEqual({
      code: "keltner(bars.high, bars.low, bars.close, 20, 1.5, 10)",
      refs: [{ module: "engine/indicators/bands.ts", name: "keltner" }],
    });
    expect(indicatorCall("macd", { fast: 5, slow: 13, signal: 4 }, "s3_ohlc4").code).toBe(
      "macd(s3_ohlc4, 5, 13, 4)",
    );
    expect(() => indicatorCall("sma", {}, "s0")).toThrow('sma has no value for "period"');
  });
});
