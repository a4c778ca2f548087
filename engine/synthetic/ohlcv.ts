import type { BarSeries } from "../types.ts";
import type { RandomStream } from "./streams.ts";

/**
 * OHLCV around close-to-close log returns: an overnight gap, an intraday range and volume
 * rising with the size of the move. `firstClose` is the close before the first bar.
 */
export function barsFromReturns(
  symbol: string,
  timestampMs: Float64Array,
  returns: Float64Array,
  firstClose: number,
  dailyVolatility: number,
  baseVolume: number,
  { normal }: RandomStream,
): BarSeries {
  const length = timestampMs.length;
  const open = new Float64Array(length);
  const high = new Float64Array(length);
  const low = new Float64Array(length);
  const close = new Float64Array(length);
  const volume = new Float64Array(length);
  let previousClose = firstClose;
  for (let t = 0; t < length; t++) {
    const r = returns[t]!;
    const gap = r * 0.25 + 0.1 * dailyVolatility * normal();
    const opened = previousClose * Math.exp(gap);
    const closed = previousClose * Math.exp(r);
    const top = Math.max(opened, closed);
    const bottom = Math.min(opened, closed);
    open[t] = opened;
    close[t] = closed;
    high[t] = top * Math.exp(Math.abs(normal()) * 0.4 * dailyVolatility);
    low[t] = bottom * Math.exp(-Math.abs(normal()) * 0.4 * dailyVolatility);
    volume[t] = Math.round(
      baseVolume * Math.exp(0.3 * normal()) * (1 + Math.abs(r) / dailyVolatility),
    );
    previousClose = closed;
  }
  return { symbol, timestampMs, open, high, low, close, volume };
}

/**
 * Prices rounded to a tick of 1/n (0.01, 0.25, 1), as markets print them, never below one
 * tick. Rounding is monotone, so high and low still bound open and close.
 */
export function roundedToTick(bars: BarSeries, tick: number): BarSeries {
  // Ticks are 10^-d or 1/n: dividing whole ticks by the integer 1/tick gives the nearest double
  // to the decimal price (123.4, not 123.40000000000001).
  const perUnit = Math.round(1 / tick);
  const round = (column: Float64Array) =>
    column.map((price) => Math.max(1, Math.round(price * perUnit)) / perUnit);
  return {
    ...bars,
    open: round(bars.open),
    high: round(bars.high),
    low: round(bars.low),
    close: round(bars.close),
  };
}

/** A price increment that prints about five significant digits at `price`: 0.01 at 130, 0.0000001 at 0.002. */
export function tickFor(price: number): number {
  return 10 ** Math.min(-2, Math.floor(Math.log10(price)) - 4);
}
