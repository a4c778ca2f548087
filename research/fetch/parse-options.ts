import type { z } from "zod";
import { invalidInput } from "../../tools/errors.ts";

/** Parses options with `schema`, or throws invalid_input naming every bad field and its value. */
export function parseOptions<Schema extends z.ZodType>(
  schema: Schema,
  raw: unknown,
  owner: string,
): z.output<Schema> {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === "symbol" ? String(part) : part)),
    message: issue.message,
  }));
  const summary = parsed.error.issues
    .map(
      (issue) =>
        `\`${issue.path.join(".")}\`: ${issue.message} (was ${JSON.stringify(issue.input)})`,
    )
    .join("; ");
  throw invalidInput(`${owner} options: ${summary}`, issues);
}
