import { mulberry32 } from "../random.ts";
import {
  requireBlockLength,
  requireInteger,
  requireOpenUnit,
  requireSeed,
  requireSeries,
} from "./checks.ts";
import { percentileOfSorted } from "./percentile.ts";
import { defaultBlockLength, fillStationaryBootstrapIndices } from "./resample.ts";

export interface BootstrapOptions {
  /** Resampled series drawn; 2000 by default. */
  samples?: number;
  /** Mean block length in periods; round(T^(1/3)) by default. */
  blockLength?: number;
  /** Central coverage of the interval; 0.95 by default. */
  confidence?: number;
  seed: number;
}

/** Percentile interval of the per-period Sharpe ratio, with the bootstrap median. */
export interface SharpeInterval {
  low: number;
  high: number;
  median: number;
}

/**
 * Percentile-bootstrap interval of the per-period Sharpe ratio (mean over sample standard
 * deviation) under the stationary bootstrap (Politis & Romano 1994), so serial dependence in the
 * returns widens the interval as it should. Deterministic for a seed. A resample with no variance
 * scores 0, or ±∞ when its mean is not 0.
 */
export function bootstrapSharpeInterval(
  returns: Float64Array,
  options: BootstrapOptions,
): SharpeInterval {
  const { samples = 2000, confidence = 0.95, seed } = options;
  const blockLength = options.blockLength ?? defaultBlockLength(returns.length);
  requireSeries("returns", returns, 2);
  requireInteger("samples", samples, 1);
  requireBlockLength(blockLength);
  requireOpenUnit("confidence", confidence);
  requireSeed(seed);

  const count = returns.length;
  let sum = 0;
  for (let index = 0; index < count; index++) sum += returns[index]!;
  // Sums are taken about the sample mean so the variance does not cancel for small returns.
  const center = sum / count;
  let spread = 0;
  for (let index = 0; index < count; index++) spread += (returns[index]! - center) ** 2;
  if (spread === 0) {
    throw new RangeError(
      `\`returns\` has zero variance (every value is ${returns[0]}): its Sharpe ratio is undefined`,
    );
  }

  const uniform = mulberry32(seed);
  const indices = new Int32Array(count);
  const sharpes = new Float64Array(samples);
  for (let sample = 0; sample < samples; sample++) {
    fillStationaryBootstrapIndices(indices, count, blockLength, uniform);
    let shiftedSum = 0;
    let squares = 0;
    for (let position = 0; position < count; position++) {
      const deviation = returns[indices[position]!]! - center;
      shiftedSum += deviation;
      squares += deviation * deviation;
    }
    const shiftedMean = shiftedSum / count;
    const variance = (squares - shiftedSum * shiftedMean) / (count - 1);
    const mean = center + shiftedMean;
    sharpes[sample] =
      variance > 0 ? mean / Math.sqrt(variance) : mean === 0 ? 0 : Math.sign(mean) * Infinity;
  }
  sharpes.sort();
  const tail = (1 - confidence) / 2;
  return {
    low: percentileOfSorted(sharpes, tail),
    high: percentileOfSorted(sharpes, 1 - tail),
    median: percentileOfSorted(sharpes, 0.5),
  };
}
