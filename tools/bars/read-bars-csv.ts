import { parse } from "csv-parse";
import type { Readable } from "node:stream";
import type { BarSeries } from "../../engine/types.ts";
import { invalidInput, type IssueDetail } from "../errors.ts";
import { parseTimestamp } from "../time-input.ts";

export const barColumns = [
  "symbol",
  "timestamp",
  "open",
  "high",
  "low",
  "close",
  "volume",
] as const;
const maxReportedProblems = 20;

interface Column {
  times: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  lines: number[];
}

/**
 * Reads `symbol,timestamp,open,high,low,close,volume` rows (header required, any column order,
 * extra columns ignored) into one series per symbol, sorted by time. Any bad row rejects the
 * whole input: the error lists up to 20 problems, each with its line number.
 */
export async function readBarsCsv(input: Readable | string): Promise<BarSeries[]> {
  const parser = parse({
    columns: true,
    info: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  });
  const problems: IssueDetail[] = [];
  const report = (line: number, field: string, message: string) => {
    if (problems.length < maxReportedProblems)
      problems.push({ path: ["line", line, field], message: `line ${line}: ${message}` });
  };
  const bySymbol = new Map<string, Column>();
  feed(parser, input);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (bySymbol.size === 0 && problems.length === 0) checkHeader(Object.keys(record));
      readRow(record, info.lines, bySymbol, report);
    }
  } catch (error) {
    if (error instanceof Error && "code" in error && String(error.code).startsWith("CSV_")) {
      throw invalidInput(`CSV could not be parsed: ${error.message}`, [
        { path: ["csv"], message: error.message },
      ]);
    }
    throw error;
  }
  if (bySymbol.size === 0 && problems.length === 0) {
    throw invalidInput("CSV has no data rows", [
      { path: ["csv"], message: `expected a header ${barColumns.join(",")} and at least one row` },
    ]);
  }
  const series = [...bySymbol.entries()].map(([symbol, column]) =>
    toSeries(symbol, column, report),
  );
  if (problems.length > 0) {
    throw invalidInput(
      `CSV rejected, nothing imported: ${problems.map((problem) => problem.message).join("; ")}`,
      problems,
    );
  }
  return series;
}

function feed(parser: ReturnType<typeof parse>, input: Readable | string): void {
  if (typeof input === "string") {
    parser.end(input);
    return;
  }
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
}

function checkHeader(columns: string[]): void {
  const missing = barColumns.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    const message = `CSV header lacks ${missing.join(", ")} (found: ${columns.join(",")}; needed: ${barColumns.join(",")})`;
    throw invalidInput(message, [{ path: ["line", 1], message }]);
  }
}

function readRow(
  record: Record<string, string>,
  line: number,
  bySymbol: Map<string, Column>,
  report: (line: number, field: string, message: string) => void,
): void {
  const symbol = record.symbol ?? "";
  if (!/^[A-Za-z0-9._\-/=^:]{1,32}$/.test(symbol)) {
    report(line, "symbol", `symbol "${symbol}" must be 1-32 letters, digits or . _ - / = ^ :`);
    return;
  }
  const time = parseTimestamp(record.timestamp ?? "");
  if (typeof time === "string") report(line, "timestamp", `timestamp ${time}`);
  const values: Record<string, number> = {};
  for (const field of ["open", "high", "low", "close", "volume"] as const) {
    const text = record[field] ?? "";
    const value = text === "" ? NaN : Number(text);
    if (!Number.isFinite(value)) report(line, field, `${field} "${text}" is not a number`);
    else if (field === "volume" ? value < 0 : value <= 0) {
      report(line, field, `${field} ${value} must be ${field === "volume" ? ">= 0" : "> 0"}`);
    }
    values[field] = value;
  }
  const { open, high, low, close, volume } = values as Record<
    "open" | "high" | "low" | "close" | "volume",
    number
  >;
  if (low > high) report(line, "low", `low ${low} is above high ${high}`);
  else {
    if (open < low || open > high)
      report(line, "open", `open ${open} is outside low..high (${low}..${high})`);
    if (close < low || close > high)
      report(line, "close", `close ${close} is outside low..high (${low}..${high})`);
  }
  let column = bySymbol.get(symbol);
  if (!column) {
    column = { times: [], open: [], high: [], low: [], close: [], volume: [], lines: [] };
    bySymbol.set(symbol, column);
  }
  column.times.push(typeof time === "number" ? time : NaN);
  column.open.push(open);
  column.high.push(high);
  column.low.push(low);
  column.close.push(close);
  column.volume.push(volume);
  column.lines.push(line);
}

/** Sorts one symbol's rows by time and reports duplicate timestamps with both line numbers. */
function toSeries(
  symbol: string,
  column: Column,
  report: (line: number, field: string, message: string) => void,
): BarSeries {
  const order = column.times
    .map((_, index) => index)
    .sort((a, b) => column.times[a]! - column.times[b]!);
  const pick = (values: number[]) => Float64Array.from(order, (index) => values[index]!);
  for (let k = 1; k < order.length; k++) {
    const previous = order[k - 1]!;
    const current = order[k]!;
    if (column.times[current] === column.times[previous]) {
      report(
        column.lines[current]!,
        "timestamp",
        `${symbol} has a second row for ${new Date(column.times[current]!).toISOString()} (first on line ${column.lines[previous]})`,
      );
    }
  }
  return {
    symbol,
    timestampMs: pick(column.times),
    open: pick(column.open),
    high: pick(column.high),
    low: pick(column.low),
    close: pick(column.close),
    volume: pick(column.volume),
  };
}
