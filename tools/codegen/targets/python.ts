import type { StrategySpec } from "../../../engine/strategy/spec.ts";
import { describeStrategy } from "../describe.ts";
import type { LoweredStrategy } from "../lower-strategy.ts";
import { barsRuntime } from "./python/bars-runtime.ts";
import { compilePlan } from "./python/compile-plan.ts";
import { indicatorFunctions } from "./python/indicator-functions.ts";
import { selectFunctions } from "./python/library.ts";
import { entryPoint, mainRuntime } from "./python/main-runtime.ts";
import { seriesFunctions } from "./python/series-functions.ts";
import { simulationRuntime } from "./python/simulation-runtime.ts";
import { commentLines, pythonString } from "./python/syntax.ts";
import type { CodeTarget, Provenance } from "./target.ts";

const library = [...indicatorFunctions, ...seriesFunctions];

/**
 * Plain Python 3 with no dependencies: `python3 strategy.py bars.csv` backtests the strategy
 * on bars in the import_bars CSV format under the backtester's bar model and prints its trades.
 */
export const pythonTarget: CodeTarget = {
  generatorVersion: "1.0.0",
  summary:
    "plain Python 3 without dependencies: `python3 <file> bars.csv` reads bars in the import_bars CSV format and prints the trades backtest_strategy would make on them as JSON",
  filename: (spec) => `${moduleName(spec)}.py`,
  render(strategy, provenance) {
    const filename = pythonTarget.filename(strategy.spec);
    return renderPythonProgram(strategy, provenance, {
      target: "python",
      usage: [
        `Usage: python3 ${filename} bars.csv [--initial-cash 100000] [--start DATE] [--end DATE]`,
        ...replayUsage(strategy.spec),
      ],
      notes: [
        "Plain Python 3, standard library only. Indicators follow TA-Lib (warm-ups, seeds, Wilder",
        "smoothing) and every computation keeps the engine's order of operations, so prices and",
        "quantities match the backtest to the last bit (volatility targets use log(), whose last",
        "bit may differ between libraries).",
      ],
      imports: [],
      runtime: [mainRuntime.trim(), entryPoint],
    });
  },
};

/** What a Python program adds to the shared header, imports and runtime. */
export interface PythonProgram {
  target: string;
  /** Header lines on how to run it. */
  usage: readonly string[];
  /** Header lines on what to know about it. */
  notes: readonly string[];
  /** Import lines beyond the runtime's own. */
  imports: readonly string[];
  /** Top-level blocks after the simulation runtime: the command line. */
  runtime: readonly string[];
}

/**
 * A Python file around the compiled strategy and the engine-mirroring runtime (bars, the
 * indicators and rules it calls, the bar model): every Python target shares these statements.
 */
export function renderPythonProgram(
  strategy: LoweredStrategy,
  provenance: Provenance,
  program: PythonProgram,
): string {
  const compiled = compilePlan(strategy);
  const runtime = selectFunctions(library, compiled.calls).map((definition) => definition.code);
  return [
    header(strategy, provenance, program),
    sortedImports([...imports, ...program.imports]).join("\n"),
    [
      `SPEC_HASH = ${pythonString(provenance.specHash)}`,
      `GENERATOR_VERSION = ${pythonString(provenance.generatorVersion)}`,
      constants,
    ].join("\n"),
    `# The strategy, compiled from its spec.\n${compiled.code}`,
    `# The runtime: bars, indicators and rules as the engine computes them, and its bar model.\n${barsRuntime.trim()}`,
    ...runtime,
    simulationRuntime.trim(),
    ...program.runtime,
  ]
    .join("\n\n\n")
    .concat("\n");
}

/** How the bars CSV is read and the trades printed, for a usage text. */
export function replayUsage(spec: StrategySpec): string[] {
  return [
    `  bars.csv: the strategy's ${spec.timeframe} bars of its universe in the import_bars format: a`,
    "  header with symbol,timestamp,open,high,low,close,volume in any order, one row per bar,",
    "  timestamps ISO-8601 (UTC unless offset) or epoch ms; other symbols are ignored.",
    '  Prints {"trades": [{"symbol", "entryTime", "entryPrice", "exitTime", "exitPrice", "quantity"}]}:',
    "  the closed trades in exit order, as backtest_strategy reports them for the same bars",
    "  (positions still open at the end are not trades). Bad input exits 2 with a message on stderr.",
  ];
}

/** `import x` lines, then `from x import y` lines, each sorted. */
function sortedImports(lines: string[]): string[] {
  const plain = lines.filter((line) => line.startsWith("import ")).sort();
  return [...plain, ...lines.filter((line) => !line.startsWith("import ")).sort()];
}

const imports = [
  "import argparse",
  "import csv",
  "import json",
  "import math",
  "import re",
  "import sys",
];

/** The numeric and rule constants every Python runtime function reads. */
export const constants = `NAN = float("nan")
INF = float("inf")
DAY_MS = 86_400_000
# Rules are three-valued: UNKNOWN (an input undefined, as in a warm-up) never fires a signal.
FALSE, TRUE, UNKNOWN = 0, 1, 2`;

function header(strategy: LoweredStrategy, provenance: Provenance, program: PythonProgram): string {
  const { spec } = strategy;
  const text = [
    `${spec.name}`,
    ...(spec.description === undefined ? [] : ["", spec.description]),
    "",
    `Generated by Alphadesk's code generator (target ${program.target}, generator ${provenance.generatorVersion}).`,
    `Spec hash (the strategy id): ${provenance.specHash}`,
    "",
    "What it does:",
    ...describeStrategy(strategy).map((line) => `  ${line}`),
    "",
    ...program.usage,
    "",
    ...program.notes,
    "",
    "The spec, canonical (SPEC_HASH is the sha256 of its compact JSON with sorted keys):",
    ...provenance.specJson.split("\n").map((line) => `  ${line}`),
  ];
  return ["#!/usr/bin/env python3", ...commentLines(text.join("\n"))].join("\n");
}

/** A Python module name from the strategy's name: "SMA 20/50 crossover" -> sma_20_50_crossover. */
export function moduleName(spec: StrategySpec): string {
  const words = spec.name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60)
    .replace(/_+$/, "");
  if (words === "") return "strategy";
  return /^[0-9]/.test(words) ? `strategy_${words}` : words;
}
