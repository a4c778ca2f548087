import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { simulatePortfolio } from "../../../../../engine/simulate/portfolio.ts";
import { parseTimestamp } from "../../../../time-input.ts";
import { readBarsCsvText } from "./csv.ts";
import { InputError } from "./errors.ts";
import type { CompiledStrategy } from "./strategy.ts";

/** A closed trade as the program prints it (backtest_strategy's fields, times in ISO-8601). */
export interface PrintedTrade {
  symbol: string;
  entryTime: string;
  entryPrice: number;
  exitTime: string;
  exitPrice: number;
  quantity: number;
}

/** backtest_strategy's options: bars before the start only warm up indicators. */
export interface ReplayOptions {
  initialCash: number;
  startMs: number | null;
  endMs: number | null;
}

const dayMs = 86_400_000;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The strategy's closed trades over the universe's bars in import_bars CSV text, in exit
 * order: the same signal code the live cycle runs, and the backtester's simulation.
 */
export function replay(
  strategy: CompiledStrategy,
  csvText: string,
  options: ReplayOptions,
): PrintedTrade[] {
  const series = readBarsCsvText(csvText);
  const missing = strategy.universe.filter((symbol) => !series.has(symbol));
  if (missing.length > 0) {
    const found = [...series.keys()].sort().slice(0, 20).join(", ");
    throw new InputError(`the CSV has no bars for ${missing.join(", ")} (it has: ${found})`);
  }
  const plans = strategy.universe.map((symbol) => strategy.computePlan(series.get(symbol)!));
  const result = simulatePortfolio(plans, { ...strategy.simulation, ...options });
  if (result.timestampMs.length === 0) {
    const start = options.startMs === null ? "the first bar" : isoText(options.startMs);
    const end = options.endMs === null ? "the last bar" : isoText(options.endMs);
    throw new InputError(`no bars between ${start} and ${end} for ${strategy.universe.join(", ")}`);
  }
  return result.trades.map((trade) => ({
    symbol: trade.symbol,
    entryTime: isoText(trade.entryTimeMs),
    entryPrice: trade.entryPrice,
    exitTime: isoText(trade.exitTimeMs),
    exitPrice: trade.exitPrice,
    quantity: trade.quantity,
  }));
}

/** `replay bars.csv [--initial-cash N] [--start T] [--end T]`: prints `{"trades":[...]}`. */
export async function replayCommand(
  strategy: CompiledStrategy,
  args: readonly string[],
  print: (line: string) => void,
): Promise<void> {
  const { values, positionals } = asInputError(() =>
    parseArgs({
      args: [...args],
      options: {
        "initial-cash": { type: "string" },
        start: { type: "string" },
        end: { type: "string" },
      },
      allowPositionals: true,
    }),
  );
  const [path, ...extra] = positionals;
  if (path === undefined || extra.length > 0)
    throw new InputError(
      `replay takes one CSV file (got ${positionals.length}): replay bars.csv [--initial-cash N] [--start T] [--end T]`,
    );
  const initialCash =
    values["initial-cash"] === undefined ? 100_000 : Number(values["initial-cash"]);
  if (!(initialCash > 0 && initialCash <= 1e12))
    throw new InputError(
      `--initial-cash must be above 0 and at most 1e12 (was ${values["initial-cash"]})`,
    );
  const startMs = timeOption("start", values.start);
  const endMs = timeOption("end", values.end);
  if (startMs !== null && endMs !== null && startMs > endMs)
    throw new InputError("--start must not be after --end");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InputError(`no readable file at ${path} (${reason})`);
  }
  const trades = replay(strategy, text, { initialCash, startMs, endMs });
  print(JSON.stringify({ trades }));
}

/** node:util's parseArgs errors (an unknown option, a missing value) as input errors. */
export function asInputError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
}

/** Epoch ms of --start or --end; a date alone as --end covers that whole UTC day (as TimeInput does). */
function timeOption(name: "start" | "end", text: string | undefined): number | null {
  if (text === undefined) return null;
  const time = parseTimestamp(text);
  if (typeof time === "string") throw new InputError(`--${name}: ${time}`);
  return name === "end" && dateOnly.test(text.trim()) ? time + dayMs - 1 : time;
}

function isoText(timeMs: number): string {
  return new Date(timeMs).toISOString();
}
