import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BarSeries } from "../../engine/types.ts";
import { readBarsCsv } from "../bars/read-bars-csv.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import { generateStrategyCode } from "./generate.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";
import {
  engineTrades,
  importTypescriptPrograms,
  replayFlags,
  runTypescript,
  tradeDifferences,
  type PrintedTrade,
  type TypescriptProgram,
} from "./parity/run.ts";
import { engineSignals, firstSignalDifference, typescriptSignals } from "./parity/signals.ts";
import { parityCases } from "./parity/specs.ts";

/**
 * The generated TypeScript, loaded into this process, gives the engine's signals (UNKNOWN
 * included) and trades bar for bar on seeded synthetic bars written as an import CSV, for every
 * row of the parity table. The engine is the reference: the program embeds its source, so this
 * proves the embedding and the compiled strategy, not the engine against itself.
 */
let directory: string;
let csvPath: string;
let bars: BarSeries[];
let programs: TypescriptProgram[];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-ts-parity-"));
  const csv = parityMarketCsv();
  csvPath = join(directory, "bars.csv");
  await writeFile(csvPath, csv);
  bars = await readBarsCsv(csv);
  const codes = parityCases.map((row) => generateStrategyCode(row.spec, "alpaca-typescript").code);
  programs = await importTypescriptPrograms(codes, directory);
}, 120_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe.each(parityCases.map((row, index) => [row.title, row, index] as const))(
  "alpaca-typescript parity: %s",
  (_title, row, index) => {
    it("computes the engine's entry and exit signals bar for bar, UNKNOWN included", () => {
      const spec = parseStrategySpec(row.spec);
      const signals = typescriptSignals(programs[index]!, bars);
      expect(firstSignalDifference(engineSignals(spec, bars), signals)).toBeNull();
    });

    it("replays the engine's trades bar for bar", async () => {
      const spec = parseStrategySpec(row.spec);
      const expected = engineTrades(spec, bars, row.options ?? {});
      expect(expected.length, "the row must trade").toBeGreaterThan(0);
      const result = await runTypescript(programs[index]!, [
        "replay",
        csvPath,
        ...replayFlags(row.options),
      ]);
      expect(result.stderr).toBe("");
      expect(result.exitCode).toBe(0);
      const output = JSON.parse(result.stdout) as { trades: PrintedTrade[] };
      expect(Object.keys(output)).toEqual(["trades"]);
      // The program runs the engine's own arithmetic: equal to the last bit.
      expect(tradeDifferences(expected, output.trades, 0)).toEqual([]);
    });
  },
);
