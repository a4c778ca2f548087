import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicatorCatalog } from "../../engine/indicators/catalog.ts";
import type { BarSeries } from "../../engine/types.ts";
import { readBarsCsv } from "../bars/read-bars-csv.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import { generateStrategyCode } from "./generate.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";
import { engineTrades, runPython, tradeDifferences, type PrintedTrade } from "./parity/run.ts";
import {
  engineSignals,
  firstSignalDifference,
  pythonSignals,
  type SignalsBySymbol,
} from "./parity/signals.ts";
import { parityCases } from "./parity/specs.ts";

/**
 * The generated Python, run by python3 on seeded synthetic bars written as an import CSV, gives
 * the engine's signals and trades bar for bar: the engine (TypeScript) is the independent
 * reference.
 */
let directory: string;
let bars: BarSeries[];
const printed = new Map<string, { exitCode: number; stdout: string; stderr: string }>();
const signals = new Map<string, SignalsBySymbol>();

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-parity-"));
  const csv = parityMarketCsv();
  const csvPath = join(directory, "bars.csv");
  await writeFile(csvPath, csv);
  // The engine reads the same file the way import_bars does.
  bars = await readBarsCsv(csv);
  const paths = parityCases.map((_, index) => join(directory, `case_${index}.py`));
  await Promise.all(
    parityCases.map((row, index) =>
      writeFile(paths[index]!, generateStrategyCode(row.spec, "python").code),
    ),
  );
  const jobs = parityCases.map((row, index) => async () => {
    printed.set(row.title, await runPython(paths[index]!, csvPath, row.options));
  });
  jobs.push(async () => {
    const all = await pythonSignals(paths, csvPath);
    parityCases.forEach((row, index) => signals.set(row.title, all[index]!));
  });
  // Two at a time: the machines have two cores.
  const next = async (): Promise<void> => {
    const job = jobs.shift();
    if (job) await job().then(next);
  };
  await Promise.all([next(), next()]);
}, 120_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("the parity table", () => {
  it("covers every indicator line, operator, rule, side, exit and sizing mode", () => {
    const text = parityCases.map((row) => JSON.stringify(row.spec)).join("\n");
    const keys = new Set([...text.matchAll(/"(\w+)":/g)].map((match) => match[1]));
    const values = new Set([...text.matchAll(/:"(\w+)"/g)].map((match) => match[1]));
    for (const [name, definition] of Object.entries(indicatorCatalog)) {
      expect(keys, name).toContain(name);
      for (const line of definition.outputs ?? [])
        expect(values, `${name}.${line}`).toContain(line);
    }
    for (const key of ["add", "sub", "mul", "div", "min", "max", "abs", "lag", "source"])
      expect(keys).toContain(key);
    for (const field of ["open", "high", "low", "close", "volume", "hl2", "hlc3", "ohlc4"])
      expect(text).toContain(`"${field}"`);
    for (const key of ["gt", "gte", "lt", "lte", "crossAbove", "crossBelow", "and", "or", "not"])
      expect(keys).toContain(key);
    expect(text).toMatch(/\btrue\b/);
    expect(text).toMatch(/\bfalse\b/);
    for (const key of ["filters", "stopLoss", "takeProfit", "trailingStop", "timeExit"])
      expect(keys).toContain(key);
    for (const key of ["percent", "atrMultiple", "fractionOfEquity", "fixedNotional"])
      expect(keys).toContain(key);
    expect(keys).toContain("volatilityTarget");
    expect(values).toContain("short");
  });
});

describe.each(parityCases.map((row) => [row.title, row] as const))("parity: %s", (title, row) => {
  it("computes the engine's entry and exit signals bar for bar, UNKNOWN included", () => {
    const spec = parseStrategySpec(row.spec);
    expect(firstSignalDifference(engineSignals(spec, bars), signals.get(title)!)).toBeNull();
  });

  it("prints the engine's trades bar for bar", () => {
    const spec = parseStrategySpec(row.spec);
    const expected = engineTrades(spec, bars, row.options ?? {});
    expect(expected.length, "the row must trade").toBeGreaterThan(0);
    const reasons = new Set(expected.map((trade) => trade.exitReason));
    for (const reason of row.exercises ?? []) expect(reasons, "exit reasons").toContain(reason);

    const result = printed.get(title)!;
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as { trades: PrintedTrade[] };
    expect(Object.keys(output)).toEqual(["trades"]);
    expect(tradeDifferences(expected, output.trades)).toEqual([]);
  });
});
