import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { compileSymbolPlan } from "../../../engine/strategy/compile.ts";
import type { StrategySpec } from "../../../engine/strategy/spec.ts";
import type { BarSeries } from "../../../engine/types.ts";
import type { TypescriptProgram } from "./run.ts";

const execFileAsync = promisify(execFile);

/** Entry (filters applied) and exit signals per bar: 0 FALSE, 1 TRUE, 2 UNKNOWN. */
export interface SymbolSignals {
  entry: number[];
  exit: number[] | null;
}

/** Symbol -> signals, for each program or spec. */
export type SignalsBySymbol = Record<string, SymbolSignals>;

/**
 * Loads each generated program as a module (its main does not run), reads the CSV once with
 * the first program's reader, and prints every program's compute_plan signals for its universe.
 */
const driver = String.raw`
import json, runpy, sys
csv_path, programs = sys.argv[1], sys.argv[2:]
bars = runpy.run_path(programs[0], run_name="parity")["read_bars_csv"](csv_path)
out = []
for program in programs:
    module = runpy.run_path(program, run_name="parity")
    signals = {}
    for symbol in module["UNIVERSE"]:
        plan = module["compute_plan"](bars[symbol])
        signals[symbol] = {"entry": plan.entry, "exit": plan.exit_signals}
    out.append(signals)
json.dump(out, sys.stdout)
`;

/** The generated programs' signals, computed in one python3 process. */
export async function pythonSignals(
  programPaths: readonly string[],
  csvPath: string,
): Promise<SignalsBySymbol[]> {
  const { stdout } = await execFileAsync("python3", ["-c", driver, csvPath, ...programPaths], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout) as SignalsBySymbol[];
}

/** The engine's signals for a parsed spec, as the backtest compiles them. */
export function engineSignals(spec: StrategySpec, bars: readonly BarSeries[]): SignalsBySymbol {
  const signals: SignalsBySymbol = {};
  for (const symbol of spec.universe) {
    const plan = compileSymbolPlan(
      spec,
      bars.find((series) => series.symbol === symbol)!,
    );
    signals[symbol] = {
      entry: Array.from(plan.entry),
      exit: plan.exit === null ? null : Array.from(plan.exit),
    };
  }
  return signals;
}

/** Where two sets of signals first differ, e.g. "AAA exit bar 212: expected 1, got 0"; null when equal. */
export function firstSignalDifference(
  expected: SignalsBySymbol,
  actual: SignalsBySymbol,
): string | null {
  for (const [symbol, want] of Object.entries(expected)) {
    const got = actual[symbol];
    if (!got) return `${symbol}: no signals`;
    for (const line of ["entry", "exit"] as const) {
      const [a, b] = [want[line], got[line]];
      if (a === null || b === null) {
        if (a !== b) return `${symbol} ${line}: expected ${a === null ? "none" : "signals"}`;
        continue;
      }
      if (a.length !== b.length) return `${symbol} ${line}: ${a.length} bars, got ${b.length}`;
      const bar = a.findIndex((value, index) => value !== b[index]);
      if (bar >= 0) return `${symbol} ${line} bar ${bar}: expected ${a[bar]}, got ${b[bar]}`;
    }
  }
  return null;
}

/** A loaded TypeScript program's signals for its universe, computed in this process. */
export function typescriptSignals(
  program: TypescriptProgram,
  bars: readonly BarSeries[],
): SignalsBySymbol {
  const signals: SignalsBySymbol = {};
  for (const symbol of program.compiledStrategy.universe) {
    const plan = program.computePlan(bars.find((series) => series.symbol === symbol)!);
    signals[symbol] = {
      entry: Array.from(plan.entry),
      exit: plan.exit === null ? null : Array.from(plan.exit),
    };
  }
  return signals;
}
