import { execFile } from "node:child_process";
import { symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { tsImport } from "tsx/esm/api";
import type { ExitReason } from "../../../engine/simulate/types.ts";
import { runBacktest } from "../../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../../engine/strategy/spec.ts";
import type { BarSeries } from "../../../engine/types.ts";
import { parseTimestamp } from "../../time-input.ts";
import type { PrintedTrade } from "../targets/typescript/program/replay.ts";

const execFileAsync = promisify(execFile);

/** What every generated program prints for each trade (the TypeScript program declares it). */
export type { PrintedTrade } from "../targets/typescript/program/replay.ts";

/** backtest_strategy's options, as both sides take them. */
export interface RunOptions {
  initialCash?: number;
  start?: string;
  end?: string;
}

const dayMs = 86_400_000;
const iso = (timeMs: number) => new Date(timeMs).toISOString();

/** The engine's trades (and why each closed) for a parsed spec over bars of its universe. */
export function engineTrades(
  spec: StrategySpec,
  bars: readonly BarSeries[],
  options: RunOptions,
): (PrintedTrade & { exitReason: ExitReason })[] {
  const universe = spec.universe.map((symbol) => {
    const series = bars.find((candidate) => candidate.symbol === symbol);
    if (!series) throw new Error(`no bars for ${symbol}`);
    return series;
  });
  const timeOf = (text: string | undefined, role: "start" | "end") => {
    if (text === undefined) return null;
    const ms = parseTimestamp(text) as number;
    return role === "end" && /^\d{4}-\d{2}-\d{2}$/.test(text) ? ms + dayMs - 1 : ms;
  };
  const run = runBacktest(spec, universe, {
    initialCash: options.initialCash ?? 100_000,
    startMs: timeOf(options.start, "start"),
    endMs: timeOf(options.end, "end"),
  });
  return run.simulation.trades.map((trade) => ({
    symbol: trade.symbol,
    entryTime: iso(trade.entryTimeMs),
    entryPrice: trade.entryPrice,
    exitTime: iso(trade.exitTimeMs),
    exitPrice: trade.exitPrice,
    quantity: trade.quantity,
    exitReason: trade.exitReason,
  }));
}

/** Runs a generated program on a CSV file; resolves to its exit code, stdout and stderr. */
export async function runPython(
  programPath: string,
  csvPath: string,
  options: RunOptions = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const flags = [
    ...(options.initialCash === undefined ? [] : ["--initial-cash", String(options.initialCash)]),
    ...(options.start === undefined ? [] : ["--start", options.start]),
    ...(options.end === undefined ? [] : ["--end", options.end]),
  ];
  try {
    const { stdout, stderr } = await execFileAsync("python3", [programPath, csvPath, ...flags], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return {
      exitCode: typeof failure.code === "number" ? failure.code : -1,
      stdout: failure.stdout ?? "",
      stderr: failure.stderr ?? String(error),
    };
  }
}

/**
 * Differences between two trade lists, bar for bar: symbols and times exact, prices and
 * quantities within `relativeTolerance`. Empty when they agree.
 */
export function tradeDifferences(
  expected: readonly PrintedTrade[],
  actual: readonly PrintedTrade[],
  relativeTolerance = 1e-9,
): string[] {
  const differences: string[] = [];
  if (expected.length !== actual.length)
    differences.push(`${expected.length} trades expected, ${actual.length} printed`);
  const count = Math.min(expected.length, actual.length);
  for (let index = 0; index < count && differences.length < 10; index++) {
    const want = expected[index]!;
    const got = actual[index]!;
    for (const field of ["symbol", "entryTime", "exitTime"] as const) {
      if (want[field] !== got[field])
        differences.push(`trade ${index} ${field}: expected ${want[field]}, got ${got[field]}`);
    }
    for (const field of ["entryPrice", "exitPrice", "quantity"] as const) {
      const scale = Math.max(Math.abs(want[field]), Math.abs(got[field]), Number.MIN_VALUE);
      if (!(Math.abs(want[field] - got[field]) / scale <= relativeTolerance))
        differences.push(`trade ${index} ${field}: expected ${want[field]}, got ${got[field]}`);
    }
  }
  return differences;
}

/** What a generated TypeScript program (target alpaca-typescript) exports. */
export interface TypescriptProgram {
  compiledStrategy: { universe: readonly string[] };
  computePlan(bars: BarSeries): { entry: Uint8Array; exit: Uint8Array | null };
  main(
    strategy: unknown,
    args: readonly string[],
    environment: Readonly<Record<string, string | undefined>>,
    io: {
      stdout(line: string): void;
      stderr(line: string): void;
      sleep(ms: number): Promise<void>;
      now(): number;
    },
  ): Promise<number>;
}

/** Links the repository's node_modules into `directory`, so programs written there find the Alpaca SDK. */
export async function linkNodeModules(directory: string): Promise<void> {
  const target = fileURLToPath(new URL("../../../node_modules", import.meta.url));
  await symlink(target, join(directory, "node_modules"), "dir").catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    },
  );
}

/**
 * Loads generated TypeScript programs into this process, as `npx tsx` runs them (tsx's loader,
 * not the test runner's transform, which took longer than running them); importing a program
 * does not run its command line.
 */
export async function importTypescriptPrograms(
  codes: readonly string[],
  directory: string,
): Promise<TypescriptProgram[]> {
  await linkNodeModules(directory);
  const programs: TypescriptProgram[] = [];
  for (const [index, code] of codes.entries()) {
    const path = join(directory, `program_${index}.ts`);
    await writeFile(path, code);
    programs.push((await tsImport(pathToFileURL(path).href, import.meta.url)) as TypescriptProgram);
  }
  return programs;
}

/** Runs a loaded program's command line in this process; resolves to its exit code and output. */
export async function runTypescript(
  program: TypescriptProgram,
  args: readonly string[],
  environment: Readonly<Record<string, string | undefined>> = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exitCode = await program.main(program.compiledStrategy, args, environment, {
    stdout: (line) => stdout.push(`${line}\n`),
    stderr: (line) => stderr.push(`${line}\n`),
    sleep: async () => {},
    now: () => Date.now(),
  });
  return { exitCode, stdout: stdout.join(""), stderr: stderr.join("") };
}

/** backtest_strategy's options as the programs' `replay` flags. */
export function replayFlags(options: RunOptions = {}): string[] {
  return [
    ...(options.initialCash === undefined ? [] : ["--initial-cash", String(options.initialCash)]),
    ...(options.start === undefined ? [] : ["--start", options.start]),
    ...(options.end === undefined ? [] : ["--end", options.end]),
  ];
}
