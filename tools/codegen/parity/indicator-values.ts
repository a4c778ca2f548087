import { execFileSync } from "node:child_process";
import {
  indicatorCatalog,
  type IndicatorDefinition,
  type IndicatorName,
  type ParameterRule,
} from "../../../engine/indicators/catalog.ts";
import type { BarSeries } from "../../../engine/types.ts";
import { snakeCase } from "../targets/python/syntax.ts";

/**
 * What an indicator is computed on: the bars, their close, the close behind a 30-bar warm-up of
 * NaN (as when it is another indicator's output), or the close with NaN holes inside.
 */
export type IndicatorInput = "bars" | "close" | "warm" | "holes";

export interface IndicatorProbe {
  name: IndicatorName;
  input: IndicatorInput;
  parameters: Record<string, number>;
  output: string | null;
}

/** The input series, built the same way on both sides. */
export function inputSeries(bars: BarSeries, input: IndicatorInput): Float64Array {
  const { close } = bars;
  if (input === "warm") return close.map((value, index) => (index < 30 ? NaN : value));
  if (input === "holes") return close.map((value, index) => (index % 17 === 5 ? NaN : value));
  return close;
}

/** The engine's values for a probe. */
export function engineIndicator(bars: BarSeries, probe: IndicatorProbe): Float64Array {
  const definition: IndicatorDefinition = indicatorCatalog[probe.name];
  const result = definition.compute(bars, inputSeries(bars, probe.input), probe.parameters);
  return result instanceof Float64Array ? result : result[probe.output!]!;
}

const driver = String.raw`
import json, runpy, sys
module = runpy.run_path(sys.argv[1], run_name="parity")
bars = module["read_bars_csv"](sys.argv[2])[sys.argv[3]]
nan = float("nan")
inputs = {
    "bars": bars,
    "close": bars.close,
    "warm": [nan if i < 30 else value for i, value in enumerate(bars.close)],
    "holes": [nan if i % 17 == 5 else value for i, value in enumerate(bars.close)],
}
out = []
for probe in json.load(sys.stdin):
    values = module[probe["function"]](inputs[probe["input"]], **probe["parameters"])
    if probe["output"] is not None:
        values = values[probe["output"]]
    out.append([None if value != value else value for value in values])
json.dump(out, sys.stdout, allow_nan=False)
`;

/** The values a generated program's runtime computes for each probe on one symbol's bars (NaN as null). */
export function pythonIndicators(
  programPath: string,
  csvPath: string,
  symbol: string,
  probes: readonly IndicatorProbe[],
): (number | null)[][] {
  const calls = probes.map((probe) => ({
    function: snakeCase(probe.name),
    input: probe.input,
    parameters: Object.fromEntries(
      Object.entries(probe.parameters).map(([key, value]) => [snakeCase(key), value]),
    ),
    output: probe.output,
  }));
  const stdout = execFileSync("python3", ["-c", driver, programPath, csvPath, symbol], {
    input: JSON.stringify(calls),
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout.toString()) as (number | null)[][];
}

/**
 * Each indicator at its defaults, at half and at ten times its periods, on every input it
 * takes, for every output line.
 */
export function indicatorProbes(): IndicatorProbe[] {
  return (Object.keys(indicatorCatalog) as IndicatorName[]).flatMap((name) => {
    const definition = indicatorCatalog[name];
    const rules = definition.parameters as Record<string, ParameterRule>;
    const scaled = (factor: number) =>
      Object.fromEntries(
        Object.entries(rules).map(([key, rule]) => [
          key,
          rule.integer
            ? Math.max(rule.min, Math.round(rule.default * factor))
            : rule.default * factor,
        ]),
      );
    const variants = [scaled(1), scaled(0.5), scaled(10)];
    if (name === "vwap") variants.push({ period: 10 });
    const inputs: IndicatorInput[] = definition.usesSource ? ["close", "warm", "holes"] : ["bars"];
    const outputs: (string | null)[] = definition.outputs ? [...definition.outputs] : [null];
    return variants.flatMap((parameters) =>
      inputs.flatMap((input) => outputs.map((output) => ({ name, input, parameters, output }))),
    );
  });
}
