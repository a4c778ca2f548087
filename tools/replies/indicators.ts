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

/** compute_indicators: each indicator, in the order asked, with its latest value and its time. */
export function describeIndicators(result: IndicatorsOutput): string {
  const { symbol, timeframe, time } = result;
  const bars = `${timeframeName(timeframe)} bar`;
  if (time.length === 0) return `No ${bars}s of ${symbol} in that range: nothing computed.`;
  return [
    `Latest values over ${count(time.length, bars)} of ${symbol} from ${barTime(time[0]!, timeframe)} to ${barTime(time.at(-1)!, timeframe)}:`,
    ...result.indicators.map(
      (request, index) => `- ${label(request)}: ${latest(result.values[index]!, time, timeframe)}`,
    ),
  ].join("\n");
}
