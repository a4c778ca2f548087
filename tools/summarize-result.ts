const maxLineChars = 400;
const maxInlineItems = 4;

/**
 * A short, human-readable account of a tool result for the text content block: every
 * top-level field on its own line, long arrays counted rather than printed. The full result
 * travels as structuredContent, and large records as resource links.
 */
export function summarize(toolName: string, result: Record<string, unknown>): string {
  const lines = Object.entries(result).map(([key, value]) => clip(`${key}: ${render(value, 0)}`));
  return [`${toolName} finished.`, ...lines].join("\n");
}

function render(value: unknown, depth: number): string {
  if (typeof value === "number") return String(Number(value.toPrecision(6)));
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) {
    const scalars = value.every((item) => item === null || typeof item !== "object");
    if (scalars && value.length <= maxInlineItems)
      return `[${value.map((item) => render(item, depth + 1)).join(", ")}]`;
    return `${value.length} item${value.length === 1 ? "" : "s"}`;
  }
  if (depth >= 2) return "{…}";
  const fields = Object.entries(value).map(([key, item]) => `${key} ${render(item, depth + 1)}`);
  return `{${fields.join(", ")}}`;
}

const clip = (line: string) =>
  line.length <= maxLineChars ? line : `${line.slice(0, maxLineChars - 1)}…`;
