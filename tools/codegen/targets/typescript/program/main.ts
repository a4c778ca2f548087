import { realpathSync } from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { InputError } from "./errors.ts";
import { jsonLogger } from "./live/log.ts";
import { runLive } from "./live/run.ts";
import { liveSettings } from "./live/settings.ts";
import { asInputError, replayCommand } from "./replay.ts";
import type { CompiledStrategy } from "./strategy.ts";

/** Where the program writes, and how it waits: the real ones, or a test's. */
export interface ProgramIo {
  stdout(line: string): void;
  stderr(line: string): void;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export const processIo: ProgramIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/**
 * The command line: `replay bars.csv [...]` or `live [--live] [--once] [--feed iex|sip]`.
 * Returns the exit code: 0, 2 for input it refuses (the message on stderr names it), 1 when
 * something else failed.
 */
export async function main(
  strategy: CompiledStrategy,
  args: readonly string[],
  environment: Readonly<Record<string, string | undefined>>,
  io: ProgramIo = processIo,
): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === "replay") {
      await replayCommand(strategy, rest, io.stdout);
      return 0;
    }
    if (command === "live") {
      const { values, positionals } = asInputError(() =>
        parseArgs({
          args: rest,
          options: {
            live: { type: "boolean", default: false },
            once: { type: "boolean", default: false },
            feed: { type: "string", default: "iex" },
          },
          allowPositionals: true,
        }),
      );
      if (positionals.length > 0)
        throw new InputError(`live takes no file or word (got ${positionals.join(" ")})`);
      const settings = liveSettings(strategy, values, environment);
      return await runLive(strategy, settings, jsonLogger(io.stdout, io.now), io.sleep);
    }
    if (command === "help" || command === "--help") {
      io.stdout(usage(strategy));
      return 0;
    }
    throw new InputError(
      command === undefined
        ? `say what to do.\n${usage(strategy)}`
        : `unknown command "${command}".\n${usage(strategy)}`,
    );
  } catch (error) {
    io.stderr(`error: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof InputError ? 2 : 1;
  }
}

function usage(strategy: CompiledStrategy): string {
  return [
    `usage: npx tsx ${strategy.filename} replay bars.csv [--initial-cash 100000] [--start DATE] [--end DATE]`,
    `       npx tsx ${strategy.filename} live [--once] [--live] [--feed iex|sip]`,
  ].join("\n");
}

/** Whether this file is the program being run (not a module another one imports). */
export function invokedDirectly(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === moduleUrl;
  } catch {
    return false;
  }
}
