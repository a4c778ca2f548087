import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { readBarsCsv } from "../bars/read-bars-csv.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import { generateStrategyCode } from "./generate.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";
import {
  engineTrades,
  tradeDifferences,
  type PrintedTrade,
  type RunOptions,
} from "./parity/run.ts";
import { parityCases } from "./parity/specs.ts";

/**
 * The alpaca-python program compiles, regenerates to the same bytes, and its `replay` command
 * prints the engine's trades for every row of the parity table. Its signal code is the python
 * target's runtime, whose indicators python-indicators.int.test.ts proves to the last bit; here
 * every program runs in one python3 process (or two, one per core), alpaca-py not installed.
 */
const execFileAsync = promisify(execFile);

/** Runs each job's `cli(argv)` in one process: exit status, stdout and stderr per job. */
const driver = String.raw`
import contextlib, io, json, runpy, sys
results = []
for job in json.loads(sys.stdin.read()):
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = runpy.run_path(job["program"], run_name="replay")["cli"](job["argv"])
        except SystemExit as exit:
            status = exit.code
    results.append({"exitCode": status, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()})
json.dump(results, sys.stdout)
`;

interface Job {
  program: string;
  argv: string[];
}
interface Result {
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function runJobs(jobs: readonly Job[]): Promise<Result[]> {
  const child = execFileAsync("python3", ["-c", driver], { maxBuffer: 64 * 1024 * 1024 });
  child.child.stdin!.end(JSON.stringify(jobs));
  return JSON.parse((await child).stdout) as Result[];
}

const flags = (options: RunOptions = {}) => [
  ...(options.initialCash === undefined ? [] : ["--initial-cash", String(options.initialCash)]),
  ...(options.start === undefined ? [] : ["--start", options.start]),
  ...(options.end === undefined ? [] : ["--end", options.end]),
];

let directory: string;
let csvPath: string;
let bars: BarSeries[];
const paths: string[] = [];
const replayed: Result[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-alpaca-python-"));
  const csv = parityMarketCsv();
  csvPath = join(directory, "bars.csv");
  await writeFile(csvPath, csv);
  bars = await readBarsCsv(csv);
  for (const [index, row] of parityCases.entries()) {
    paths.push(join(directory, `case_${index}.py`));
    await writeFile(paths[index]!, generateStrategyCode(row.spec, "alpaca-python").code);
  }
  const jobs = parityCases.map((row, index) => ({
    program: paths[index]!,
    argv: ["replay", csvPath, ...flags(row.options)],
  }));
  // Two processes: the machines have two cores.
  const half = Math.ceil(jobs.length / 2);
  const results = await Promise.all([runJobs(jobs.slice(0, half)), runJobs(jobs.slice(half))]);
  replayed.push(...results.flat());
}, 120_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("the generated alpaca-python program", () => {
  it("compiles (python3 -m py_compile) for every spec of the parity table and hostile names", async () => {
    const hostile = join(directory, "hostile.py");
    const spec = { ...issueExampleSpec, name: 'x"""\n\\', description: "\u2028'''\r\u0000" };
    await writeFile(hostile, generateStrategyCode(spec, "alpaca-python").code);
    await expect(
      execFileAsync("python3", ["-m", "py_compile", ...paths, hostile]),
    ).resolves.toBeDefined();
  });

  it("gives identical bytes when regenerated, and carries the spec hash and its versions", () => {
    const first = generateStrategyCode(issueExampleSpec, "alpaca-python");
    const reordered = Object.fromEntries(Object.entries(issueExampleSpec).reverse());
    expect(generateStrategyCode(reordered, "alpaca-python")).toEqual(first);
    expect(first).toMatchObject({
      filename: "sma_20_50_crossover_alpaca.py",
      target: "alpaca-python",
      generatorVersion: "1.0.0+python.1.0.0",
    });
    expect(first.code).toContain(`SPEC_HASH = "${first.specHash}"`);
    expect(first.code).toContain("Where trading at Alpaca differs from the backtest:");
    // alpaca-py is imported by the live command only.
    expect(first.code).not.toMatch(/^(from|import) alpaca/m);
  });

  it("says in the file why a strategy cannot trade live, and still replays it", () => {
    const { code } = generateStrategyCode(
      { ...issueExampleSpec, timeframe: "1h", universe: ["GOOG", "BTC/USD"] },
      "alpaca-python",
    );
    expect(code).toContain("# This strategy cannot trade live (replay works):");
    expect(code).toContain("BTC/USD is not a US stock symbol");
    expect(code).toContain("its bars are 1h, and live passes run once a day on daily bars");
  });

  it("refuses bad input with exit status 2 and a message naming the problem", async () => {
    const program = paths[0]!;
    const badCsv = join(directory, "bad.csv");
    await writeFile(
      badCsv,
      "symbol,timestamp,open,high,low,close,volume\nAAA,2024-01-02,10,9,11,10,100\n",
    );
    const [missing, rejected, badStart, noCommand, badCommand] = await runJobs([
      { program, argv: ["replay", join(directory, "absent.csv")] },
      { program, argv: ["replay", badCsv] },
      { program, argv: ["replay", csvPath, "--start", "yesterday"] },
      { program, argv: [] },
      { program, argv: ["backtest", csvPath] },
    ]);
    expect(missing).toMatchObject({ exitCode: 2, stdout: "" });
    expect(missing!.stderr).toContain("error: no readable file at");
    expect(rejected!.exitCode).toBe(2);
    expect(rejected!.stderr).toContain("line 2: low 11 is above high 9");
    expect(badStart!.exitCode).toBe(2);
    expect(badStart!.stderr).toContain('--start: "yesterday" is not ISO-8601');
    expect(noCommand!.exitCode).toBe(2);
    expect(noCommand!.stderr).toContain("the first argument must be replay or live (was None)");
    expect(badCommand!.stderr).toContain("(was 'backtest')");
  });
});

describe.each(parityCases.map((row, index) => [row.title, row, index] as const))(
  "replay parity: %s",
  (_title, row, index) => {
    it("prints the engine's trades bar for bar", () => {
      const expected = engineTrades(parseStrategySpec(row.spec), bars, row.options ?? {});
      const result = replayed[index]!;
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      const output = JSON.parse(result.stdout) as { trades: PrintedTrade[] };
      expect(Object.keys(output)).toEqual(["trades"]);
      expect(tradeDifferences(expected, output.trades)).toEqual([]);
    });
  },
);
