import type { BarSeries } from "../types.ts";

const dayMs = 86_400_000;
export const day = (n: number) => Date.UTC(2024, 0, 1) + n * dayMs;

/** Builds a series from [open, high, low, close] rows on consecutive days (test helper). */
export function candles(
  symbol: string,
  rows: [number, number, number, number][],
  firstDay = 0,
): BarSeries {
  return {
    symbol,
    timestampMs: Float64Array.from(rows, (_, i) => day(firstDay + i)),
    open: Float64Array.from(rows, (row) => row[0]),
    high: Float64Array.from(rows, (row) => row[1]),
    low: Float64Array.from(rows, (row) => row[2]),
    close: Float64Array.from(rows, (row) => row[3]),
    volume: Float64Array.from(rows, () => 1000),
  };
}

/** 1 at the given bar indexes. */
export function signalsAt(length: number, ...indexes: number[]): Uint8Array {
  const signals = new Uint8Array(length);
  for (const index of indexes) signals[index] = 1;
  return signals;
}
