import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { generateStrategyCode } from "./generate.ts";
import { runPython } from "./parity/run.ts";
import { parityCases } from "./parity/specs.ts";

const execFileAsync = promisify(execFile);

let directory: string;
let program: string;
let csvFiles = 0;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-python-"));
  program = join(directory, "strategy.py");
  await writeFile(program, generateStrategyCode(issueExampleSpec, "python").code);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Runs the example program (long GOOG, SMA 20/50) on CSV text. */
async function runOn(csv: string, flags: { start?: string; end?: string } = {}) {
  const path = join(directory, `bars-${++csvFiles}.csv`);
  await writeFile(path, csv);
  return runPython(program, path, flags);
}

const header = "symbol,timestamp,open,high,low,close,volume";

describe("the generated Python", () => {
  it("compiles (python3 -m py_compile) for every spec of the parity table and hostile names", async () => {
    const specs = [
      ...parityCases.map((row) => row.spec),
      { ...issueExampleSpec, name: 'x"""\n\\', description: "\u2028'''\r\u0000" },
    ];
    const paths = await Promise.all(
      specs.map(async (spec, index) => {
        const path = join(directory, `compile_${index}.py`);
        await writeFile(path, generateStrategyCode(spec, "python").code);
        return path;
      }),
    );
    await expect(execFileAsync("python3", ["-m", "py_compile", ...paths])).resolves.toBeDefined();
  });

  it("prints no trades, and exits 0, when the rules never complete a trade", async () => {
    const rows = ["GOOG,2024-01-02,10,11,9,10,100", "GOOG,2024-01-03,10,11,9,10.5,100"];
    const result = await runOn([header, ...rows].join("\n"));
    expect(result).toEqual({ exitCode: 0, stdout: '{"trades": []}\n', stderr: "" });
  });

  it("rejects the whole file with each bad row's line and field, exit 2", async () => {
    const rows = [
      "GOOG,2024-01-02,10,11,9,10,100",
      "GOOG,2024-01-03,10,9,11,10,100",
      "GOOG,1704326400,10,11,9,10,100",
      "GOOG,2024-01-05,10,11,9,abc,100",
      "bad symbol!,2024-01-05,10,11,9,10,100",
      "GOOG,2024-01-02,10,11,9,10,-1",
    ];
    const result = await runOn([header, ...rows].join("\n"));
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    for (const problem of [
      "line 3: low 11 is above high 9",
      "line 4: timestamp 1704326400 looks like epoch seconds",
      'line 5: close "abc" is not a number',
      'line 6: symbol "bad symbol!" must be 1-32 letters',
      "line 7: volume -1 must be >= 0",
    ])
      expect(result.stderr).toContain(problem);
  });

  it("names a duplicate bar and a missing column", async () => {
    const duplicate = await runOn(
      [header, "GOOG,2024-01-02,10,11,9,10,1", "GOOG,2024-01-02T00:00:00Z,10,11,9,10,1"].join("\n"),
    );
    expect(duplicate.stderr).toContain(
      "line 3: GOOG has a second row for 2024-01-02T00:00:00.000Z (first on line 2)",
    );
    const missing = await runOn("symbol,timestamp,open,high,low,close\nGOOG,2024-01-02,1,1,1,1\n");
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("CSV header lacks volume");
  });

  it("names universe symbols the file lacks, and options it cannot read", async () => {
    const other = await runOn([header, "SPY,2024-01-02,10,11,9,10,100"].join("\n"));
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toBe("error: the CSV has no bars for GOOG (it has: SPY)\n");
    const csv = [header, "GOOG,2024-01-02,10,11,9,10,100"].join("\n");
    const badStart = await runOn(csv, { start: "yesterday" });
    expect(badStart.exitCode).toBe(2);
    expect(badStart.stderr).toContain("--start:");
    const empty = await runOn(csv, { start: "2025-01-01" });
    expect(empty.stderr).toContain("no bars between 2025-01-01T00:00:00.000Z and the last bar");
  });
});
