import type { Snapshot } from "../../engine/metrics/snapshot.ts";
import { count, figure, firstFew, fixed, percent, signed } from "./format.ts";

type Change = keyof Snapshot["change"];

/** A snapshot as market_snapshot gives it: its time as ISO-8601. */
interface SymbolSnapshot extends Omit<Snapshot, "lastTimeMs"> {
  symbol: string;
  lastTime: string;
  /** Against SPY; absent from results before they were given. */
  beta?: number | null;
  correlation?: number | null;
}

interface SnapshotOutput {
  sortBy: Change | "fromHigh" | "relativeVolume" | "volatility" | "beta";
  order: "desc" | "asc";
  total: number;
  symbols: SymbolSnapshot[];
  missing: string[];
  stale: string[];
}

const changeNames: [Change, string][] = [
  ["day", "day"],
  ["week", "week"],
  ["month", "month"],
  ["quarter", "3 months"],
  ["year", "year"],
  ["yearToDate", "year to date"],
];

const sortNames: Record<SnapshotOutput["sortBy"], string> = {
  day: "the last day's change",
  week: "the week's change",
  month: "the month's change",
  quarter: "the change over 3 months",
  year: "the year's change",
  yearToDate: "the change this year",
  fromHigh: "the distance from the 52-week high",
  relativeVolume: "volume against its average",
  volatility: "volatility",
  beta: "beta against SPY",
};

/** "1.2M", "830k", "950": a volume to read. */
const volume = (value: number) =>
  value >= 1e6
    ? `${(value / 1e6).toFixed(2)}M`
    : value >= 1e4
      ? `${Math.round(value / 1e3)}k`
      : String(Math.round(value));

const day = (iso: string) => iso.slice(0, 10);

/** market_snapshot: one symbol in full, or a ranked list a line each. */
export function describeSnapshot(result: SnapshotOutput): string {
  const { symbols } = result;
  const missing =
    result.missing.length > 0
      ? [`No daily bars are stored for ${firstFew(result.missing)}: left out.`]
      : [];
  const { stale } = result;
  if (stale.length > 0)
    missing.push(
      `Left out: ${stale.length > 8 ? count(stale.length, "symbol") : stale.join(", ")} whose last bar is over a week older than the newest (an expired contract, a delisted name).`,
    );
  if (symbols.length === 1 && result.total === 1)
    return [...oneSymbol(symbols[0]!), ...missing].join("\n");
  const dates = [...new Set(symbols.map(({ lastTime }) => day(lastTime)))];
  const asOf = dates.length === 1 ? `their last closes, ${dates[0]}` : "each one's last close";
  const first = result.order === "desc" ? "largest first" : "smallest first";
  return [
    `${count(result.total, "symbol")} by ${sortNames[result.sortBy]}, ${first}, as of ${asOf}${symbols.length < result.total ? ` (the first ${symbols.length})` : ""}:`,
    ...symbols.map((row) => `- ${rankedLine(row, result.sortBy)}`),
    ...missing,
  ].join("\n");
}

function oneSymbol(row: SymbolSnapshot): string[] {
  const changes = changeNames
    .filter(([key]) => row.change[key] !== null)
    .map(([key, name]) => `${name} ${signed(row.change[key])}`);
  const lines = [
    `${row.symbol} closed at ${figure(row.close)} on ${day(row.lastTime)} (its last stored daily bar).`,
    `Change: ${changes.length > 0 ? changes.join(", ") : "n/a (one bar stored)"}.`,
    `52-week range ${figure(row.low52w)} to ${figure(row.high52w)}: ${percent(-row.fromHigh)} below the high, ${percent(row.fromLow)} above the low.`,
  ];
  if (row.averageVolume !== null)
    lines.push(
      `Volume ${volume(row.relativeVolume! * row.averageVolume)} against a 20-session average of ${volume(row.averageVolume)} (${fixed(row.relativeVolume)}x); volatility of the last 20 sessions ${percent(row.volatility)} a year.`,
    );
  if (row.beta != null && row.symbol !== "SPY")
    lines.push(
      `Against SPY over the last year of daily returns: beta ${fixed(row.beta)} (it moved ${fixed(row.beta)}% for each 1% of SPY, on average), correlation ${fixed(row.correlation)}.`,
    );
  return lines;
}

/** "KITE: day +3.21%, week +5.02%, month -1.10%; 2.50% below its 52-week high; volume 1.80x its average". */
function rankedLine(row: SymbolSnapshot, sortBy: SnapshotOutput["sortBy"]): string {
  const shown: Change[] = ["day", "week", "month", "yearToDate"];
  if (sortBy in row.change && !shown.includes(sortBy as Change)) shown.unshift(sortBy as Change);
  const changes = changeNames
    .filter(([key]) => shown.includes(key) && row.change[key] !== null)
    .map(([key, name]) => `${name} ${signed(row.change[key])}`);
  const extras = [
    `${percent(-row.fromHigh)} below its 52-week high`,
    ...(row.relativeVolume === null ? [] : [`volume ${fixed(row.relativeVolume)}x its average`]),
    ...(sortBy === "volatility" ? [`volatility ${percent(row.volatility)} a year`] : []),
    ...(sortBy === "beta" ? [`beta ${fixed(row.beta)} against SPY`] : []),
  ];
  return `${row.symbol} ${figure(row.close)}: ${changes.join(", ")}; ${extras.join("; ")}`;
}
