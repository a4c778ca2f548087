import { EngineDataError } from "../types.ts";

const dayMs = 86_400_000;

/** One symbol's closes in time order, as the caller loaded them (adjusted, validated). */
export interface CloseSeries {
  symbol: string;
  timestampMs: Float64Array;
  close: Float64Array;
}

/** Closes of several symbols on the dates they all share, one column per symbol. */
export interface AlignedCloses {
  symbols: string[];
  /** UTC midnight of each shared date, ascending. */
  dayMs: Float64Array;
  closes: Float64Array[];
}

/**
 * Inner join on UTC calendar dates: a date is kept only when every symbol has a close on it.
 * Daily bars of different markets are stamped at different hours (a vendor's 05:00 crypto bar,
 * a 00:00 ETF bar), so dates, not instants, are matched. Returns are then taken from these
 * aligned closes, so a Monday's return of a 24/7 crypto pair spans Friday to Monday like the
 * ETF's: no return is lost, weekends fold into the next shared date.
 */
export function alignCloses(series: readonly CloseSeries[]): AlignedCloses {
  if (series.length === 0) return { symbols: [], dayMs: new Float64Array(0), closes: [] };
  const byDay = series.map(closesByDay);
  let shared = [...byDay[0]!.keys()];
  for (const days of byDay.slice(1)) shared = shared.filter((day) => days.has(day));
  shared.sort((a, b) => a - b);
  return {
    symbols: series.map((one) => one.symbol),
    dayMs: Float64Array.from(shared),
    closes: byDay.map((days) => Float64Array.from(shared, (day) => days.get(day)!)),
  };
}

/** A symbol's close per UTC date; two bars on one date (intraday stamps) keep the later one. */
function closesByDay(series: CloseSeries): Map<number, number> {
  const days = new Map<number, number>();
  for (let i = 0; i < series.close.length; i++) {
    const close = series.close[i]!;
    if (!(close > 0) || !Number.isFinite(close)) {
      throw new EngineDataError(`${series.symbol}: close must be a positive number (row ${i})`, {
        symbol: series.symbol,
        row: i,
        field: "close",
      });
    }
    const time = series.timestampMs[i]!;
    days.set(time - (((time % dayMs) + dayMs) % dayMs), close);
  }
  return days;
}

/** Log returns of one column of closes: element k is ln(close[k+1] / close[k]). */
export function logReturns(closes: Float64Array): Float64Array {
  const returns = new Float64Array(Math.max(0, closes.length - 1));
  for (let k = 0; k < returns.length; k++) returns[k] = Math.log(closes[k + 1]! / closes[k]!);
  return returns;
}
