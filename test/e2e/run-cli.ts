import { execFile } from "node:child_process";
import { join } from "node:path";

const cli = join(import.meta.dirname, "../../bin/alphadesk.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `alphadesk ...args` as a separate process with no standard input, as CI does. */
export function runCli(
  args: string[],
  environment: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      {
        env: { ...process.env, LOG_LEVEL: "warn", ...environment },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** The error a command printed as its last line of stderr (ARCHITECTURE.md's error shape). */
export function errorOf(stderr: string): {
  code: string;
  message: string;
  issues?: { path: (string | number)[]; message: string }[];
} {
  return JSON.parse(stderr.trim().split("\n").pop()!).error;
}
