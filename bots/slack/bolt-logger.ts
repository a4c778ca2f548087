import { inspect } from "node:util";
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../tools/ports/logger.ts";

type Level = "debug" | "info" | "warn" | "error";

/**
 * Bolt's and the Web API client's logger, written to ours: one structured event per call, an
 * Error as `err`. The level Bolt sets is only remembered (it asks for it); ours filters.
 */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const write =
    (method: Level) =>
    (...parts: unknown[]): void => {
      const error = parts.find((part) => part instanceof Error);
      const text = parts
        .filter((part) => part !== error)
        .map((part) => (typeof part === "string" ? part : inspect(part, { depth: 3 })))
        .join(" ");
      log[method]({ component: "slack", ...(error ? { err: error } : {}) }, text);
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
