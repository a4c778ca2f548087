import { barTime, count, figure, firstFew, timeframeName } from "./format.ts";

interface Bar {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

interface BarsOutput {
  symbol: string;
  timeframe: string;
  adjusted: boolean;
  bars: Bar[];
  corporateActions: (
    | { exDate: string; kind: "split"; ratio: number }
    | { exDate: string; kind: "dividend"; amount: number }
  )[];
  rolls: { date: string; from: string; to: string; gap: number }[];
}

/** get_bars: which bars, from when to when, the last one, and the splits, dividends and rolls behind them. */
export function describeBars(result: BarsOutput): string {
  const { symbol, timeframe, bars, corporateActions: actions, rolls } = result;
  const last = bars.at(-1);
  if (!last) return `No ${timeframeName(timeframe)} bars of ${symbol} in that range.`;
  const adjustment =
    rolls.length > 0
      ? `continuous series back-adjusted over ${count(rolls.length, "contract roll")}`
      : result.adjusted
        ? "back-adjusted for splits and dividends"
        : "raw, not adjusted";
  const lines = [
    `${symbol}, ${count(bars.length, `${timeframeName(timeframe)} bar`)} (${adjustment}) from ${barTime(bars[0]!.time, timeframe)} to ${barTime(last.time, timeframe)}.`,
    `Last bar, ${barTime(last.time, timeframe)}: open ${figure(last.open)}, high ${figure(last.high)}, low ${figure(last.low)}, close ${figure(last.close)}, volume ${figure(last.volume)}.`,
  ];
  const action = actions.at(-1);
  if (action)
    lines.push(
      `${count(actions.length, "split or dividend", "splits and dividends")} stored, the latest ${action.kind === "split" ? `a ${action.ratio}:1 split` : `a dividend of ${figure(action.amount)}`} on ${action.exDate}.`,
    );
  const roll = rolls.at(-1);
  if (roll)
    lines.push(
      `Latest roll: ${roll.from} to ${roll.to} on ${roll.date} (gap ${figure(roll.gap)}).`,
    );
  return lines.join("\n");
}

interface ExportOutput {
  filename: string;
  timeframe: string;
  adjusted: boolean;
  rows: number;
  symbols: { symbol: string; bars: number; first: string; last: string }[];
}

/** export_bars: what the file holds, per symbol; the CSV itself travels as the file. */
export function describeExport(result: ExportOutput): string {
  const { timeframe } = result;
  const adjustment = result.adjusted ? "back-adjusted for splits and dividends" : "raw";
  return [
    `${result.filename}: ${count(result.rows, `${timeframeName(timeframe)} bar`)} (${adjustment}) in import_bars' columns.`,
    ...result.symbols.map(
      (row) =>
        `- ${row.symbol}: ${count(row.bars, "bar")} from ${barTime(row.first, timeframe)} to ${barTime(row.last, timeframe)}`,
    ),
    'A generated program replays it to check its trades against the backtest ("how do I run it?" after generating one), and import_bars reads it back.',
  ].join("\n");
}

interface Quality {
  symbol: string;
  market: string;
  missingSessions: number;
  barsOutsideSessions: number;
  missingBars: number;
  examples: string[];
}

/** Symbols whose calendar check a reply names; the result lists them all. */
const shownQuality = 5;

/** The calendar check of an import or fetch: a line per symbol with gaps, or that none has any. */
function qualityLines(quality: Quality[]): string[] {
  if (quality.length === 0) return ["No gaps against the market calendar."];
  const lines = quality.slice(0, shownQuality).map((row) => {
    const found = [
      row.missingSessions > 0 ? count(row.missingSessions, "missing session") : "",
      row.barsOutsideSessions > 0
        ? `${count(row.barsOutsideSessions, "bar")} outside sessions`
        : "",
      row.missingBars > 0 ? count(row.missingBars, "missing intraday bar") : "",
    ].filter(Boolean);
    return `- ${row.symbol} (${row.market}): ${found.join(", ")}; e.g. ${row.examples.join(", ")}`;
  });
  if (quality.length > shownQuality)
    lines.push(`… and ${count(quality.length - shownQuality, "more symbol")}.`);
  return ["Against the market calendar:", ...lines];
}

interface ImportOutput {
  imported: number;
  symbols: string[];
  timeframe: string;
  firstTime: string;
  lastTime: string;
  quality: Quality[];
}

/** import_bars: how many bars of which symbols were stored, over which dates, and the calendar check. */
export function describeImport(result: ImportOutput): string {
  const { timeframe } = result;
  return [
    `Stored ${count(result.imported, `${timeframeName(timeframe)} bar`)} of ${count(result.symbols.length, "symbol")} (${firstFew(result.symbols)}) from ${barTime(result.firstTime, timeframe)} to ${barTime(result.lastTime, timeframe)}.`,
    ...qualityLines(result.quality),
  ].join("\n");
}

interface FetchOutput {
  provider: string;
  symbols: {
    symbol: string;
    fetched: number;
    heldBack: number;
    requestedRanges: { start: string; end: string }[];
    corporateActions: number;
    skipped?: string;
  }[];
  quality: Quality[];
}

/** Symbols a fetch reply gives a line each; the result lists them all. */
const shownFetched = 10;

/**
 * fetch_bars: per symbol what was asked of the provider and stored (skipped symbols first, as
 * they need the reader), then the calendar check.
 */
export function describeFetch(result: FetchOutput): string {
  if (result.symbols.length === 0)
    return 'The store holds no bars at this timeframe to bring up to date: name symbols and a start ("fetch SPY since 2020").';
  const rows = [
    ...result.symbols.filter((row) => row.skipped),
    ...result.symbols.filter((row) => !row.skipped),
  ];
  const lines = rows.slice(0, shownFetched).map((row) => {
    if (row.skipped) return `- ${row.symbol}: skipped, ${row.skipped}`;
    const asked = row.requestedRanges
      .map((range) => `${range.start.slice(0, 10)} to ${range.end.slice(0, 10)}`)
      .join(" and ");
    const forming = row.heldBack
      ? `, ${count(row.heldBack, "bar")} still forming held back until final`
      : "";
    return `- ${row.symbol}: ${asked ? `${count(row.fetched, "bar")} stored (asked for ${asked})` : "nothing asked (the store held the range)"}${forming}, ${count(row.corporateActions, "split or dividend", "splits and dividends")}`;
  });
  if (rows.length > shownFetched)
    lines.push(`… and ${count(rows.length - shownFetched, "more symbol")}.`);
  return [
    `Fetched ${count(result.symbols.length, "symbol")} from ${result.provider}:`,
    ...lines,
    ...qualityLines(result.quality),
  ].join("\n");
}
