import { readFile } from "node:fs/promises";
import { AlphadeskError, invalidInput } from "../../tools/errors.ts";
import { findTool, tools } from "../../tools/index.ts";
import { asAlphadeskError, executeTool, parseToolInput } from "../../tools/run-tool.ts";
import { ConfigError, readConfig } from "../config.ts";
import { openRuntime } from "../runtime.ts";

/** Where a command writes: the process's own streams, or a test's. */
export interface CommandOutput {
  stdout: Pick<NodeJS.WritableStream, "write">;
  stderr: Pick<NodeJS.WritableStream, "write">;
}

/** `alphadesk tool <name> '<json>'` or `--input <file>`: JSON result on stdout; exit 2 for bad input, 1 otherwise. */
export async function toolCommand(
  name: string,
  json: string | undefined,
  options: { input?: string },
  output: CommandOutput = process,
): Promise<number> {
  try {
    const tool = findTool(name);
    if (!tool) {
      throw new AlphadeskError(
        "unknown_tool",
        `no tool named "${name}"; available: ${tools.map((t) => t.name).join(", ")}`,
        "user",
      );
    }
    const input = parseToolInput(tool, await readInput(json, options.input));
    const runtime = await openRuntime(readConfig());
    const context = runtime.contextFor(name);
    try {
      const result = await executeTool(tool, input, context);
      output.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    } finally {
      context.done();
      await runtime.close();
    }
  } catch (caught) {
    const error =
      caught instanceof ConfigError
        ? new AlphadeskError("invalid_config", caught.message, "user")
        : asAlphadeskError(caught);
    output.stderr.write(`${JSON.stringify(error.toJSON())}\n`);
    return error.code === "invalid_input" || error.code === "unknown_tool" ? 2 : 1;
  }
}

async function readInput(json: string | undefined, file: string | undefined): Promise<unknown> {
  if (json !== undefined && file !== undefined)
    throw invalidInput("give the input either inline or with --input, not both");
  let text = json ?? "{}";
  if (file !== undefined) {
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw invalidInput(`cannot read --input ${file}: ${(error as Error).message}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidInput(`input is not valid JSON: ${(error as Error).message}`, [
      { path: [], message: "not valid JSON" },
    ]);
  }
}
