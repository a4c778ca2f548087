import type { IndicatorInputs } from "./catalog.ts";

/** mulberry32 (Tommy Ettinger, public domain): a small seeded PRNG for reproducible test data. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded random walk with consistent OHLC (low <= open, close <= high) and varying volume. */
export function randomWalkBars(length: number, seed = 7): IndicatorInputs {
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
  return { open, high, low, close, volume };
}
