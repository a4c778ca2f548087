import { validateBars } from "../../engine/bars.ts";
import type { BarSeries } from "../../engine/types.ts";
import type { Timeframe } from "../ports/store.ts";

const dayMs = 86_400_000;

/** One bar as a provider sent it, in epoch milliseconds. */
export interface VendorBar {
  timeMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * A provider's bars as our columns. Vendors stamp a stock's daily bar at midnight New York
 * (04:00 or 05:00 UTC); we date daily bars at 00:00 UTC of that date, as CSV imports and the
 * calendar checks do, so one day from two sources never becomes two rows. Sorted, repeated
 * times dropped, then validated: vendor data is untrusted, and a bad bar fails naming the
 * symbol, row and field.
 */
export function vendorBarSeries(
  symbol: string,
  timeframe: Timeframe,
  bars: readonly VendorBar[],
): BarSeries | undefined {
  const stamp = (bar: VendorBar) =>
    timeframe === "1d" ? Math.floor(bar.timeMs / dayMs) * dayMs : bar.timeMs;
  const rows = bars
    .map((bar) => ({ ...bar, timeMs: stamp(bar) }))
    .sort((a, b) => a.timeMs - b.timeMs)
    .filter((row, index, all) => index === 0 || row.timeMs !== all[index - 1]!.timeMs);
  if (rows.length === 0) return undefined;
  const column = (pick: (row: VendorBar) => number) => Float64Array.from(rows, pick);
  return validateBars({
    symbol,
    timestampMs: column((row) => row.timeMs),
    open: column((row) => row.open),
    high: column((row) => row.high),
    low: column((row) => row.low),
    close: column((row) => row.close),
    volume: column((row) => row.volume),
  });
}
