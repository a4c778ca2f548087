import { beforeAll, describe, expect, it } from "vitest";
import { indicatorCatalog, type ParameterRule } from "../../engine/indicators/catalog.ts";
import type { BarSeries } from "../../engine/types.ts";
import { issueExampleSpec } from "../../test/support/issue-example-spec.ts";
import { readBarsCsv } from "../bars/read-bars-csv.ts";
import { parseStrategySpec } from "../strategy/spec-schema.ts";
import { runMql5Kernel, type KernelResults } from "./check/mql5-as-cpp.ts";
import { checkMql5 } from "./check/mql5-checker.ts";
import { generateStrategyCode } from "./generate.ts";
import { goldenDifference } from "./golden/golden-file.ts";

const testFile = "tools/codegen/mt5-program.int.test.ts";
import { richGoldenSpec } from "./golden/rich-spec.ts";
import { engineIndicator, indicatorProbes } from "./parity/indicator-values.ts";
import { parityMarketCsv } from "./parity/market-csv.ts";
import { engineSignals, firstSignalDifference } from "./parity/signals.ts";
import { parityCases } from "./parity/specs.ts";
import { functionName } from "./targets/mql5/compile-plan.ts";
import { mql5Functions } from "./targets/mql5/functions.ts";

/**
 * The MT5 target. MetaTrader cannot run here: the files pass our structural checker and the
 * golden-file review, and the runtime with every parity row's ComputePlan, compiled as C++ with
 * comparisons of undefined values made fatal (check/mql5-as-cpp.ts), gives the engine's signals
 * and every indicator's values to the last bit.
 */
let bars: BarSeries[];
let kernel: KernelResults;
const probes = indicatorProbes();

beforeAll(async () => {
  bars = await readBarsCsv(parityMarketCsv());
  const programs = parityCases.map((row) => ({
    code: generateStrategyCode(row.spec, "mt5").code,
    universe: parseStrategySpec(row.spec).universe,
  }));
  kernel = await runMql5Kernel(programs, probes, "AAA", bars);
}, 120_000);

describe("the generated MT5 expert advisor", () => {
  it("matches its golden files: the issue's example and a rich spec", async () => {
    const golden: [string, unknown][] = [
      ["sma_20_50_crossover.mq5", issueExampleSpec],
      ["trend_pullback_with_every_exit.mq5", richGoldenSpec],
    ];
    for (const [name, spec] of golden) {
      const generated = generateStrategyCode(spec, "mt5");
      expect(generated.filename).toBe(name);
      expect(await goldenDifference(name, generated.code, testFile)).toBeNull();
    }
  });

  it("passes the MQL5 checker for the golden specs, every parity row and hostile names", () => {
    const specs = [
      issueExampleSpec,
      richGoldenSpec,
      ...parityCases.map((row) => row.spec),
      { ...issueExampleSpec, name: 'x"\\\n*/ Ω', description: "a\\\r\nb\u2028\u0000" },
    ];
    for (const spec of specs)
      expect(checkMql5(generateStrategyCode(spec, "mt5").code), JSON.stringify(spec)).toEqual([]);
  });

  it("gives identical bytes on regeneration for every row of the parity table", () => {
    for (const row of parityCases) {
      const reordered = Object.fromEntries(Object.entries(row.spec).reverse());
      expect(generateStrategyCode(reordered, "mt5").code, row.title).toBe(
        generateStrategyCode(row.spec, "mt5").code,
      );
    }
  });

  it("keeps user text in comments and escaped ASCII strings", () => {
    const name = 'x"\n#include <evil>\\\nOnTick() { }';
    const { code } = generateStrategyCode({ ...issueExampleSpec, name }, "mt5");
    expect(code).toContain('#define STRATEGY_NAME "x\\"\\n#include <evil>\\\\\\nOnTick() { }"');
    for (const line of code.split("\n").filter((text) => text.includes("evil")))
      expect(/^(\/\/|#define STRATEGY_NAME |#property description )/.test(line)).toBe(true);
    expect(code).toMatch(/^[\n\x20-\x7e]*$/);
  });

  it("has a runtime function for every indicator, taking the catalog's parameters and line", () => {
    for (const [name, definition] of Object.entries(indicatorCatalog)) {
      const parameters = Object.keys(definition.parameters as Record<string, ParameterRule>);
      const code = mql5Functions.find((candidate) => candidate.name === functionName(name))?.code;
      const signature = new RegExp(
        `^void ${functionName(name)}\\(const ${definition.usesSource ? "double &source\\[\\]" : "BarSeries &bars"}${parameters.map((parameter) => `, (int|double) ${parameter}`).join("")}${definition.outputs ? ", int line" : ""}, double &out\\[\\]\\)$`,
        "m",
      );
      expect(code, name).toMatch(signature);
    }
  });
});

describe.each(parityCases.map((row, index) => [row.title, row, index] as const))(
  "MQL5 parity: %s",
  (_, row, index) => {
    it("computes the engine's entry and exit signals bar for bar, UNKNOWN included", () => {
      const spec = parseStrategySpec(row.spec);
      expect(firstSignalDifference(engineSignals(spec, bars), kernel.signals[index]!)).toBeNull();
    });
  },
);

describe("the MQL5 indicators", () => {
  it("compute every indicator's values to the last bit, on every input", () => {
    const aaa = bars.find((series) => series.symbol === "AAA")!;
    probes.forEach((probe, index) => {
      const expected = Array.from(engineIndicator(aaa, probe), (value) =>
        Number.isNaN(value) ? null : value,
      );
      expect(kernel.indicators[index], JSON.stringify(probe)).toEqual(expected);
    });
  });
});
