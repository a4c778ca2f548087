import { z } from "zod";
import { EngineDataError } from "../engine/types.ts";
import type { Tool, ToolContext } from "./define-tool.ts";
import { AlphadeskError, invalidData, invalidInput, type IssueDetail } from "./errors.ts";

/**
 * Validates input against the tool's schema, runs it, and checks its output against the
 * output schema. Every failure leaves as an AlphadeskError with a stable code.
 */
export async function runTool(
  tool: Tool,
  rawInput: unknown,
  context: ToolContext,
): Promise<unknown> {
  return executeTool(tool, parseToolInput(tool, rawInput), context);
}

/** The schema's verdict on raw input: the parsed (defaulted) input, or an invalid_input error naming each field. */
export function parseToolInput(tool: Tool, rawInput: unknown): unknown {
  const parsed = tool.input.safeParse(rawInput);
  if (parsed.success) return parsed.data;
  const issues = describeIssues(parsed.error.issues);
  throw invalidInput(`${tool.name}: ${summarize(issues)}`, issues);
}

/** Runs a tool on input that `parseToolInput` accepted. */
export async function executeTool(
  tool: Tool,
  input: unknown,
  context: ToolContext,
): Promise<unknown> {
  let result: unknown;
  try {
    result = await tool.run(input, context);
  } catch (error) {
    throw asAlphadeskError(error);
  }
  const checked = tool.output.safeParse(result);
  if (!checked.success) {
    throw new AlphadeskError(
      "internal_error",
      `${tool.name} produced output that breaks its own schema (a bug; please report it): ${summarize(describeIssues(checked.error.issues))}`,
      "fatal",
    );
  }
  return checked.data;
}

const summarize = (issues: IssueDetail[]) =>
  issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join("; ");

export function asAlphadeskError(error: unknown): AlphadeskError {
  if (error instanceof AlphadeskError) return error;
  if (error instanceof EngineDataError) return invalidData(error.message);
  // The engine validates its own parameters with RangeError; the schema normally catches them first.
  if (error instanceof RangeError) return invalidInput(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new AlphadeskError("internal_error", message, "fatal");
}

type Issue = z.core.$ZodIssue;

/** Flattens zod issues to `{path, message}`, keeping one explanation per path. */
function describeIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): IssueDetail[] {
  const details: IssueDetail[] = [];
  const unknownKeyPaths = new Set(
    issues
      .filter((issue) => issue.code === "unrecognized_keys")
      .map((issue) => JSON.stringify(issue.path)),
  );
  for (const issue of issues) {
    const path = [...prefix, ...issue.path].map((part) =>
      typeof part === "symbol" ? String(part) : part,
    );
    // A union explains itself best through the branch its input came closest to: one whose
    // type matched, with the fewest problems.
    if (issue.code === "invalid_union") {
      const typeMatched = issue.errors.filter((branch) => !branch.every(isTypeMismatchAtRoot));
      const closest = typeMatched.reduce<Issue[] | undefined>(
        (best, branch) => (best === undefined || branch.length < best.length ? branch : best),
        undefined,
      );
      if (closest) {
        details.push(...describeIssues(closest, path));
        continue;
      }
    }
    // An unknown key already explains why the "exactly one key" refinement failed.
    if (issue.code === "custom" && unknownKeyPaths.has(JSON.stringify(issue.path))) continue;
    details.push({ path, message: issue.message });
  }
  return details;
}

/** The input is not of this branch's kind at all: another type, another value, or another shape of object. */
function isTypeMismatchAtRoot(issue: Issue): boolean {
  return (
    issue.path.length === 0 &&
    (issue.code === "invalid_type" ||
      issue.code === "invalid_value" ||
      issue.code === "unrecognized_keys")
  );
}

function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "input";
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join("");
}
