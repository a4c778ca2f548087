import { EngineDataError, type BarSeries } from "./types.ts";

const priceFields = ["open", "high", "low", "close"] as const;

/**
 * Checks the invariants every consumer of bars relies on and throws on the first violation:
 * equal column lengths, strictly increasing finite timestamps, finite positive prices,
 * low <= open, close <= high, finite volume >= 0. Corrupt data is worse than no data.
 * Rows in messages are 0-based positions in the series.
 */
export function validateBars(bars: BarSeries): BarSeries {
  const { symbol, timestampMs, open, high, low, close, volume } = bars;
  const length = timestampMs.length;
  for (const [field, column] of Object.entries({ open, high, low, close, volume })) {
    if (column.length !== length) {
      throw new EngineDataError(
        `${symbol}: column ${field} has ${column.length} rows, timestamp has ${length}`,
        { symbol, field },
      );
    }
  }
  for (let row = 0; row < length; row++) {
    const time = timestampMs[row]!;
    if (!Number.isFinite(time)) fail(bars, row, "timestamp", `is not a finite time (${time})`);
    if (row > 0 && time <= timestampMs[row - 1]!) {
      fail(
        bars,
        row,
        "timestamp",
        time === timestampMs[row - 1]
          ? `duplicates the previous row (${iso(time)})`
          : `is earlier than the previous row (${iso(time)} < ${iso(timestampMs[row - 1]!)})`,
      );
    }
    for (const field of priceFields) {
      const price = bars[field][row]!;
      if (!(price > 0) || !Number.isFinite(price)) {
        fail(bars, row, field, `must be a finite positive price (was ${price})`);
      }
    }
    const lowPrice = low[row]!;
    const highPrice = high[row]!;
    if (lowPrice > highPrice) fail(bars, row, "low", `is above high (${lowPrice} > ${highPrice})`);
    for (const field of ["open", "close"] as const) {
      const price = bars[field][row]!;
      if (price < lowPrice || price > highPrice) {
        fail(
          bars,
          row,
          field,
          `must lie within low..high (${price} not in ${lowPrice}..${highPrice})`,
        );
      }
    }
    const size = volume[row]!;
    if (!(size >= 0) || !Number.isFinite(size)) {
      fail(bars, row, "volume", `must be a finite number >= 0 (was ${size})`);
    }
  }
  return bars;
}

function fail(bars: BarSeries, row: number, field: string, problem: string): never {
  throw new EngineDataError(`${bars.symbol} row ${row}: ${field} ${problem}`, {
    symbol: bars.symbol,
    row,
    field,
  });
}

function iso(timeMs: number): string {
  return Number.isFinite(timeMs) ? new Date(timeMs).toISOString() : String(timeMs);
}

/** Index of the first bar at or after `timeMs` (binary search; `length` when none). */
export function lowerBound(timestampMs: Float64Array, timeMs: number): number {
  let low = 0;
  let high = timestampMs.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (timestampMs[mid]! < timeMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the last bar at or before `timeMs` (binary search; -1 when none). */
export function lastAtOrBefore(timestampMs: Float64Array, timeMs: number): number {
  let low = 0;
  let high = timestampMs.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (timestampMs[mid]! <= timeMs) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** A series of `length` zeroed rows, for code that fills one in place. */
export function emptyBars(symbol: string, length: number): BarSeries {
  return {
    symbol,
    timestampMs: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

/** The rows [from, to) as views on the same columns (no copy). */
export function sliceBars(bars: BarSeries, from: number, to = bars.timestampMs.length): BarSeries {
  return {
    symbol: bars.symbol,
    timestampMs: bars.timestampMs.subarray(from, to),
    open: bars.open.subarray(from, to),
    high: bars.high.subarray(from, to),
    low: bars.low.subarray(from, to),
    close: bars.close.subarray(from, to),
    volume: bars.volume.subarray(from, to),
  };
}
