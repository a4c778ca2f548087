import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicatorCatalog } from "../../engine/indicators/catalog.ts";
import type { BarSeries } from "../../engine/types.ts";
import { readBarsCsv } from "../bars/read-bars-csv.ts";
import { generateStrategyCode } from "./generate.ts";
import {
  engineIndicator,
  indicatorProbes,
  pythonIndicators,
  type IndicatorProbe,
} from "./parity/indicator-values.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";

/** A strategy that references every indicator, so its file carries the whole indicator runtime. */
const everyIndicator = {
  name: "every indicator",
  universe: ["AAA"],
  entry: {
    or: Object.entries(indicatorCatalog).map(([name, definition]) => ({
      gt: [{ [name]: definition.outputs ? { output: definition.outputs[0] } : {} }, 0],
    })),
  },
};

let directory: string;
let csvPath: string;
let program: string;
let bars: BarSeries[];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "alphadesk-indicators-"));
  const csv = parityMarketCsv();
  csvPath = join(directory, "bars.csv");
  program = join(directory, "every_indicator.py");
  await writeFile(csvPath, csv);
  await writeFile(program, generateStrategyCode(everyIndicator, "python").code);
  bars = await readBarsCsv(csv);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const describeProbe = (probe: IndicatorProbe) =>
  `${probe.name}${probe.output ? `.${probe.output}` : ""}(${probe.input}, ${JSON.stringify(probe.parameters)})`;

describe.each(["AAA", "BTC/USD"])("the python indicators on %s", (symbol) => {
  it("equal the engine's to the last bit, NaN warm-ups and holes included", () => {
    const probes = indicatorProbes();
    const series = bars.find((candidate) => candidate.symbol === symbol)!;
    const printed = pythonIndicators(program, csvPath, symbol, probes);
    const differences = probes.flatMap((probe, index) => {
      const expected = engineIndicator(series, probe);
      const got = printed[index]!;
      const bar = Array.from(expected).findIndex(
        (value, i) => !(Number.isNaN(value) ? got[i] === null : got[i] === value),
      );
      return bar < 0 && got.length === expected.length
        ? []
        : [`${describeProbe(probe)} bar ${bar}: expected ${expected[bar]}, got ${got[bar]}`];
    });
    expect(probes.length).toBeGreaterThan(200);
    expect(differences).toEqual([]);
  });
});
