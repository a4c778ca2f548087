import { mulberry32 } from "../random.ts";
import { requireBlockLength, requireInteger, requireReturns, requireSeed } from "./checks.ts";
import { percentileOfSorted } from "./percentile.ts";
import { defaultBlockLength, fillStationaryBootstrapIndices } from "./resample.ts";

export interface ReshuffleOptions {
  /** Shuffled orders tried; 1000 by default. */
  runs?: number;
  seed: number;
}

/** Maximum drawdowns as positive fractions of the running peak (0.25 = 25% below it). */
export interface DrawdownDistribution {
  /** 95th percentile of the shuffled orders' maximum drawdowns: 1 order in 20 is worse. */
  worst5Percent: number;
  median: number;
  /** Maximum drawdown of the trades in the order they happened. */
  original: number;
}

export interface PricePathOptions {
  /** Resampled paths; 1000 by default. */
  runs?: number;
  /** Mean block length in periods; round(T^(1/3)) by default. */
  blockLength?: number;
  seed: number;
}

/** Total returns (0.1 = +10%) of whole paths. */
export interface TotalReturnDistribution {
  /** 5th percentile of the resampled paths' total returns: 1 path in 20 is worse. */
  worst5Percent: number;
  median: number;
  /** Total return of the path as it happened. */
  original: number;
}

/**
 * Maximum drawdown when the same trades arrive in another order. Compounding makes the final
 * equity independent of order, but not the path: a backtest's drawdown is one draw from this
 * distribution, and its luckier-than-typical orderings are what this exposes. Orders are uniform
 * permutations by Fisher-Yates (Knuth, TAOCP vol. 2, Algorithm P) over the seeded mulberry32.
 */
export function tradeReshuffleDrawdowns(
  tradeReturns: Float64Array,
  options: ReshuffleOptions,
): DrawdownDistribution {
  const { runs = 1000, seed } = options;
  requireReturns("tradeReturns", tradeReturns, 1);
  requireInteger("runs", runs, 1);
  requireSeed(seed);

  const uniform = mulberry32(seed);
  const order = Float64Array.from(tradeReturns);
  const drawdowns = new Float64Array(runs);
  for (let run = 0; run < runs; run++) {
    for (let index = order.length - 1; index > 0; index--) {
      const swap = Math.floor(uniform() * (index + 1));
      const value = order[index]!;
      order[index] = order[swap]!;
      order[swap] = value;
    }
    drawdowns[run] = maxDrawdown(order);
  }
  drawdowns.sort();
  return {
    worst5Percent: percentileOfSorted(drawdowns, 0.95),
    median: percentileOfSorted(drawdowns, 0.5),
    original: maxDrawdown(tradeReturns),
  };
}

/**
 * Total return over price paths rebuilt from the period returns by the stationary bootstrap
 * (Politis & Romano 1994): blocks keep volatility clusters together, so the left tail reflects
 * runs of bad periods, not just bad single periods. Deterministic for a seed.
 */
export function pricePathWorstReturns(
  dailyReturns: Float64Array,
  options: PricePathOptions,
): TotalReturnDistribution {
  const { runs = 1000, seed } = options;
  const blockLength = options.blockLength ?? defaultBlockLength(dailyReturns.length);
  requireReturns("dailyReturns", dailyReturns, 1);
  requireInteger("runs", runs, 1);
  requireBlockLength(blockLength);
  requireSeed(seed);

  const uniform = mulberry32(seed);
  const count = dailyReturns.length;
  const indices = new Int32Array(count);
  const totals = new Float64Array(runs);
  for (let run = 0; run < runs; run++) {
    fillStationaryBootstrapIndices(indices, count, blockLength, uniform);
    let growth = 1;
    for (let position = 0; position < count; position++) {
      growth *= 1 + dailyReturns[indices[position]!]!;
    }
    totals[run] = growth - 1;
  }
  totals.sort();
  let growth = 1;
  for (let index = 0; index < count; index++) growth *= 1 + dailyReturns[index]!;
  return {
    worst5Percent: percentileOfSorted(totals, 0.05),
    median: percentileOfSorted(totals, 0.5),
    original: growth - 1,
  };
}

/** Largest fall of compounded equity (starting at 1, which counts as a peak) below its peak. */
export function maxDrawdown(returns: ArrayLike<number>): number {
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (let index = 0; index < returns.length; index++) {
    equity *= 1 + returns[index]!;
    if (equity > peak) peak = equity;
    else worst = Math.max(worst, (peak - equity) / peak);
  }
  return worst;
}
