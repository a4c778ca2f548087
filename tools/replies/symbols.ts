import { parseContractCode } from "../../engine/futures/contracts.ts";
import { isStale } from "../strategy/strategy-signals.ts";
import { count, firstFew, timeframeName } from "./format.ts";

const dayMs = 86_400_000;

interface Listing {
  symbols: { symbol: string; timeframe: string; bars: number; first: string; last: string }[];
  missing: string[];
  /** Absent from listings made before list_symbols told the time. */
  asOf?: string;
}

/** At most this many lines of symbols sharing a timeframe, period and bar count. */
const groupsShown = 12;

/** list_symbols: the stored symbols, grouped by timeframe, period and bar count. */
export function describeSymbols({ symbols, missing, asOf }: Listing): string {
  const groups = new Map<string, string[]>();
  const contracts = new Map<string, Listing["symbols"]>();
  for (const row of symbols) {
    const root = futuresRootOf(row.symbol);
    if (root) {
      contracts.set(root, [...(contracts.get(root) ?? []), row]);
      continue;
    }
    const key = `${timeframeName(row.timeframe)}, ${row.first.slice(0, 10)} to ${row.last.slice(0, 10)}, ${count(row.bars, "bar")}`;
    groups.set(key, [...(groups.get(key) ?? []), row.symbol]);
  }
  const names = new Set(symbols.map((row) => row.symbol));
  const lines =
    symbols.length === 0
      ? [
          missing.length > 0
            ? "None of them has bars stored."
            : 'No bars are stored yet: import a CSV ("import bars from data/spy.csv"), fetch them from a provider, or "make a demo market".',
        ]
      : [
          `${count(names.size, "symbol")} with bars stored:`,
          ...[...groups]
            .sort((a, b) => b[1].length - a[1].length)
            .slice(0, groupsShown)
            .map(([key, group]) => `- ${key}: ${firstFew(group, 12)}`),
          ...(groups.size > groupsShown
            ? [`… and ${count(groups.size - groupsShown, "more group")} (ask for symbols by name).`]
            : []),
          ...[...contracts].map(
            ([root, rows]) =>
              `- ${root} futures: ${count(rows.length, "contract")} from ${min(rows.map((row) => row.first))} to ${max(rows.map((row) => row.last))} (get_bars ${root} gives the continuous series)`,
          ),
        ];
  if (missing.length > 0)
    lines.push(
      `No bars stored for ${missing.join(", ")}: import them with import_bars, or fetch them with fetch_bars from Alpaca or Polygon.`,
    );
  const dailyLasts = symbols.filter((row) => row.timeframe === "1d").map((row) => row.last);
  const newestDaily = dailyLasts.length > 0 ? max(dailyLasts) : undefined;
  if (asOf && newestDaily && isStale("1d", Date.parse(newestDaily), Date.parse(asOf)))
    lines.push(
      `The newest daily bar is from ${newestDaily}, ${count(Math.floor((Date.parse(asOf) - Date.parse(newestDaily)) / dayMs), "day")} ago: "update my data" fetches newer ones from a market-data provider (fetch_bars), or import them.`,
    );
  return lines.join("\n");
}

/** A futures contract's root ("MES" of MESH25), or undefined for any other symbol. */
function futuresRootOf(symbol: string): string | undefined {
  try {
    return parseContractCode(symbol).root;
  } catch {
    return undefined;
  }
}

const min = (days: string[]) => days.reduce((a, b) => (b < a ? b : a)).slice(0, 10);
const max = (days: string[]) => days.reduce((a, b) => (b > a ? b : a)).slice(0, 10);
