import { barTime, count, figure, timeframeName } from "./format.ts";

type Series = (number | null)[];

interface IndicatorsOutput {
  symbol: string;
  timeframe: string;
  time: string[];
  indicators: Record<string, Record<string, unknown>>[];
  values: (Series | Record<string, Series>)[];
}

/** "rsi(period 14)", "sma(period 20) of volume": a request as it was computed. */
function label(request: Record<string, Record<string, unknown>>): string {
  const [name, call] = Object.entries(request)[0]!;
  const { source, ...params } = call;
  const listed = Object.entries(params)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(", ");
  const of =
    source === undefined
      ? ""
      : ` of ${typeof source === "string" ? source : JSON.stringify(source)}`;
  return `${name}${listed ? `(${listed})` : ""}${of}`;
}

/** An indicator's latest value (each line's, for one of several lines) and when it was. */
function latest(values: Series | Record<string, Series>, time: string[], timeframe: string) {
  const lines = (Array.isArray(values) ? [["", values]] : Object.entries(values)) as [
    string,
    Series,
  ][];
  const found = lines.map(([line, series]) => {
    const index = series.findLastIndex((value) => value !== null);
    return { line, index, value: series[index] ?? null };
  });
  if (found.every(({ index }) => index < 0))
    return `no value yet: still warming up over these ${count(time.length, "bar")}`;
  const when = (index: number) => barTime(time[index]!, timeframe);
  const together = found.every(({ index }) => index === found[0]!.index);
  const text = found
    .map(({ line, index, value }) => {
      const shown = value === null ? "none yet" : figure(value);
      return `${line ? `${line} ` : ""}${shown}${together || index < 0 ? "" : ` (${when(index)})`}`;
    })
    .join(", ");
  return together ? `${text} on ${when(found[0]!.index)}` : text;
}

/** The usual reading of a bounded oscillator's value, by the marks traders read it against. */
const band =
  (low: number, high: number) =>
  (value: number): string =>
    value >= high
      ? `overbought by the usual reading (${high} and above)`
      : value <= low
        ? `oversold by the usual reading (${low} and below)`
        : `between the usual ${low} and ${high} marks: neither overbought nor oversold`;

const readings: Record<string, (value: number) => string> = {
  rsi: band(30, 70),
  mfi: band(20, 80),
  williamsR: band(-80, -20),
  cci: band(-100, 100),
  // Wilder's reading of ADX: the strength of a trend, whichever way it runs.
  adx: (value) =>
    value >= 25
      ? "a trending market by Wilder's reading (25 and above)"
      : value < 20
        ? "no clear trend by Wilder's reading (below 20)"
        : "a trend may be forming (between 20 and 25)",
};

/** "(overbought by the usual reading ...)" after an oscillator's latest value; else nothing. */
function reading(name: string, values: Series | Record<string, Series>): string {
  const read = readings[name];
  const last = Array.isArray(values) ? values.findLast((value) => value !== null) : undefined;
  // Read as shown: a value printed as 70 is read as 70.
  return read && last !== undefined && last !== null ? ` (${read(Number(figure(last)))})` : "";
}

/** compute_indicators: each indicator, in the order asked, with its latest value and its time. */
export function describeIndicators(result: IndicatorsOutput): string {
  const { symbol, timeframe, time } = result;
  const bars = `${timeframeName(timeframe)} bar`;
  if (time.length === 0) return `No ${bars}s of ${symbol} in that range: nothing computed.`;
  return [
    `Latest values over ${count(time.length, bars)} of ${symbol} from ${barTime(time[0]!, timeframe)} to ${barTime(time.at(-1)!, timeframe)}:`,
    ...result.indicators.map(
      (request, index) =>
        `- ${label(request)}: ${latest(result.values[index]!, time, timeframe)}${reading(Object.keys(request)[0]!, result.values[index]!)}`,
    ),
  ].join("\n");
}
