import type { BarSeries } from "../../../../../engine/types.ts";
import { barColumns } from "../../../../bars/read-bars-csv.ts";
import { parseTimestamp } from "../../../../time-input.ts";
import { InputError } from "./errors.ts";

const barFields = ["open", "high", "low", "close", "volume"] as const;
const symbolPattern = /^[A-Za-z0-9._\-/=^:]{1,32}$/;
const maxReportedProblems = 20;

interface CsvRecord {
  fields: string[];
  /** Line of the record's end, 1-based, as csv-parse counts it for import_bars. */
  line: number;
}

interface BarRow {
  timeMs: number;
  values: Record<(typeof barFields)[number], number>;
  line: number;
}

/**
 * Bars in import_bars' CSV format, one series per symbol sorted by time, checked as import_bars
 * checks them (tools/bars/read-bars-csv.ts): any bad row rejects the file, with up to 20
 * problems each naming its line.
 */
export function readBarsCsvText(text: string): Map<string, BarSeries> {
  const [header, ...records] = csvRecords(text);
  if (!header)
    throw new InputError(
      `CSV has no data rows: expected a header ${barColumns.join(",")} and at least one row`,
    );
  const missing = barColumns.filter((column) => !header.fields.includes(column));
  if (missing.length > 0)
    throw new InputError(
      `CSV header lacks ${missing.join(", ")} (found: ${header.fields.join(",")}; needed: ${barColumns.join(",")})`,
    );
  if (records.length === 0)
    throw new InputError(
      `CSV has no data rows: expected a header ${barColumns.join(",")} and at least one row`,
    );
  const problems: string[] = [];
  const report = (line: number, message: string) => {
    if (problems.length < maxReportedProblems) problems.push(`line ${line}: ${message}`);
  };
  const columns = Object.fromEntries(
    barColumns.map((name) => [name, header.fields.indexOf(name)]),
  ) as Record<(typeof barColumns)[number], number>;
  const rowsBySymbol = new Map<string, BarRow[]>();
  for (const record of records) {
    if (record.fields.length !== header.fields.length)
      throw new InputError(
        `CSV could not be parsed: line ${record.line} has ${record.fields.length} fields, the header has ${header.fields.length}`,
      );
    const field = (name: (typeof barColumns)[number]) => record.fields[columns[name]]!;
    const symbol = field("symbol");
    const row = checkedRow(field, record.line, report);
    if (!row) continue;
    const rows = rowsBySymbol.get(symbol);
    if (rows) rows.push(row);
    else rowsBySymbol.set(symbol, [row]);
  }
  const series = new Map<string, BarSeries>();
  for (const [symbol, rows] of rowsBySymbol) series.set(symbol, sortedSeries(symbol, rows, report));
  if (problems.length > 0) throw new InputError(`CSV rejected: ${problems.join("; ")}`);
  return series;
}

/** One row's checks, as import_bars makes them; the row when it has no problem. */
function checkedRow(
  field: (name: (typeof barColumns)[number]) => string,
  line: number,
  report: (line: number, message: string) => void,
): BarRow | undefined {
  const symbol = field("symbol");
  if (!symbolPattern.test(symbol)) {
    report(line, `symbol "${symbol}" must be 1-32 letters, digits or . _ - / = ^ :`);
    return undefined;
  }
  const found: string[] = [];
  const time = parseTimestamp(field("timestamp"));
  if (typeof time === "string") found.push(`timestamp ${time}`);
  const values = {} as BarRow["values"];
  for (const name of barFields) {
    const text = field(name);
    const value = text === "" ? NaN : Number(text);
    const least = name === "volume" ? ">= 0" : "> 0";
    if (!Number.isFinite(value)) found.push(`${name} "${text}" is not a number`);
    else if (name === "volume" ? value < 0 : value <= 0)
      found.push(`${name} ${value} must be ${least}`);
    values[name] = value;
  }
  const { open, high, low, close } = values;
  if (low > high) found.push(`low ${low} is above high ${high}`);
  else {
    for (const [field, price] of [
      ["open", open],
      ["close", close],
    ] as const) {
      if (price < low || price > high)
        found.push(`${field} ${price} is outside low..high (${low}..${high})`);
    }
  }
  for (const problem of found) report(line, problem);
  return found.length === 0 && typeof time === "number"
    ? { timeMs: time, values, line }
    : undefined;
}

/** A symbol's rows sorted by time (stably); a second row for a time is a problem. */
function sortedSeries(
  symbol: string,
  rows: BarRow[],
  report: (line: number, message: string) => void,
): BarSeries {
  const sorted = [...rows].sort((a, b) => a.timeMs - b.timeMs);
  sorted.forEach((row, index) => {
    const previous = sorted[index - 1];
    if (previous && previous.timeMs === row.timeMs)
      report(
        row.line,
        `${symbol} has a second row for ${new Date(row.timeMs).toISOString()} (first on line ${previous.line})`,
      );
  });
  const column = (pick: (row: BarRow) => number) => Float64Array.from(sorted, pick);
  return {
    symbol,
    timestampMs: column((row) => row.timeMs),
    open: column((row) => row.values.open),
    high: column((row) => row.values.high),
    low: column((row) => row.values.low),
    close: column((row) => row.values.close),
    volume: column((row) => row.values.volume),
  };
}

/**
 * RFC 4180 records as csv-parse reads them for import_bars: a leading byte-order mark dropped,
 * quoted fields (with "" for a quote) that may span lines, fields trimmed, empty lines skipped.
 */
function csvRecords(text: string): CsvRecord[] {
  if (!text.includes('"')) return unquotedRecords(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    fields.push(quoted ? field : field.trim());
    field = "";
    quoted = false;
  };
  const endRecord = () => {
    endField();
    if (fields.length > 1 || fields[0] !== "") records.push({ fields, line });
    fields = [];
  };
  while (at < text.length) {
    const char = text[at]!;
    if (char === '"' && field.trim() === "" && !quoted) {
      const close = closingQuote(text, at + 1);
      if (close < 0)
        throw new InputError(`CSV could not be parsed: line ${line}: a quoted field never closes`);
      const value = text.slice(at + 1, close);
      line += value.split(/\r\n|\r|\n/).length - 1;
      field = value.replaceAll('""', '"');
      quoted = true;
      at = close + 1;
      while (at < text.length && /[ \t]/.test(text[at]!)) at++;
      if (at < text.length && !/[,\r\n]/.test(text[at]!))
        throw new InputError(`CSV could not be parsed: line ${line}: text after a closing quote`);
      continue;
    }
    if (char === ",") endField();
    else if (char === "\r" || char === "\n") {
      endRecord();
      if (char === "\r" && text[at + 1] === "\n") at++;
      line++;
    } else field += char;
    at++;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}

/** The common case, without quotes: lines and commas. */
function unquotedRecords(text: string): CsvRecord[] {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
  const records: CsvRecord[] = [];
  lines.forEach((line, index) => {
    const fields = line.split(",").map((field) => field.trim());
    if (fields.length > 1 || fields[0] !== "") records.push({ fields, line: index + 1 });
  });
  return records;
}

/** Index of the quote that closes a field opened just before `from`, or -1. */
function closingQuote(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    if (text[at] !== '"') continue;
    if (text[at + 1] === '"') at++;
    else return at;
  }
  return -1;
}
