import { mulberry32 } from "../random.ts";
import type { IndicatorInputs } from "./catalog.ts";

/** A seeded random walk with consistent OHLC (low <= open, close <= high) and varying volume. */
export function randomWalkBars(
  length: number,
  seed = 7,
): IndicatorInputs & { timestampMs: Float64Array } {
  const random = mulberry32(seed);
  const open = new Float64Array(length);
  const high = new Float64Array(length);
  const low = new Float64Array(length);
  const close = new Float64Array(length);
  const volume = new Float64Array(length);
  let price = 100;
  for (let i = 0; i < length; i++) {
    const start = price * (1 + (random() - 0.5) * 0.01);
    price = start * (1 + (random() - 0.5) * 0.04);
    open[i] = start;
    close[i] = price;
    high[i] = Math.max(start, price) * (1 + random() * 0.01);
    low[i] = Math.min(start, price) * (1 - random() * 0.01);
    volume[i] = Math.round(1000 + random() * 9000);
  }
  // Daily bars from 2020-01-01 UTC, so the calendar indicators have dates to read.
  const timestampMs = Float64Array.from(
    { length },
    (_, i) => Date.UTC(2020, 0, 1) + i * 86_400_000,
  );
  return { open, high, low, close, volume, timestampMs };
}
