/**
 * Rows of flat objects as RFC 4180 CSV. Columns come in the order given, then any other keys in
 * order of first appearance (JSONB does not keep key order, so callers name theirs).
 */
export function toCsv(
  rows: readonly Record<string, unknown>[],
  order: readonly string[] = [],
): string {
  const columns = [...new Set([...order, ...rows.flatMap((row) => Object.keys(row))])];
  const lines = [columns.map(cell).join(",")];
  for (const row of rows) lines.push(columns.map((column) => cell(row[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
