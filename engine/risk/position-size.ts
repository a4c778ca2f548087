import { floorToStep } from "./numbers.ts";

/** A position sized so that being stopped out loses a set amount (fixed-fractional sizing). */
export interface StopSizing {
  entry: number;
  /** Below `entry` for a long, above it for a short. */
  stop: number;
  /** What a stop-out may lose, in account currency. */
  budget: number;
  /** Account currency per point of price per unit: a futures contract's multiplier, else 1. */
  pointValue: number;
  /** The tradable step the quantity is rounded down to: 1 for whole shares or contracts. */
  step: number;
}

export interface SizedToStop {
  /** What one unit loses from entry to stop. */
  riskPerUnit: number;
  quantity: number;
  notional: number;
  /** What `quantity` loses at the stop: at most the budget (rounded down to the step). */
  riskAtStop: number;
}

/**
 * The largest quantity, in whole steps, whose loss from entry to stop stays within the budget:
 * floor(budget / (|entry - stop| x pointValue)). Slippage through the stop is not in it: a gap
 * fills worse than the stop.
 */
export function sizeToStop({ entry, stop, budget, pointValue, step }: StopSizing): SizedToStop {
  const riskPerUnit = Math.abs(entry - stop) * pointValue;
  return positionAt(floorToStep(budget / riskPerUnit, step), { entry, pointValue, riskPerUnit });
}

/** A quantity's notional and loss at the stop (a smaller size than the budget allows, say). */
export function positionAt(
  quantity: number,
  { entry, pointValue, riskPerUnit }: { entry: number; pointValue: number; riskPerUnit: number },
): SizedToStop {
  return {
    riskPerUnit,
    quantity,
    notional: quantity * entry * pointValue,
    riskAtStop: quantity * riskPerUnit,
  };
}

/** Checks one sizing may spend: the gate answers in about a microsecond and a half. */
const scannedSizes = 100_000;

/**
 * The largest quantity from 0 to `upTo`, in whole steps, that `passes`; 0 when none does.
 * Passing sizes need not start at 0: an order that lowers an exposure already over its limit
 * passes only once it is big enough (a short hedging a long book under the net limit), so no
 * search may assume a smaller size passes. Up to `scanned` steps every size is tried, from the
 * top down; past that, sizes `scanned` apart, then a binary search of the gap above the largest
 * that passed (exact while the sizes passing form one run, as each limit's do).
 */
export function largestPassing(
  upTo: number,
  step: number,
  passes: (quantity: number) => boolean,
  scanned = scannedSizes,
): number {
  const at = (steps: number) => floorToStep(steps * step, step);
  const steps = Math.round(upTo / step);
  const stride = Math.max(1, Math.ceil(steps / scanned));
  for (let k = steps; ; k -= stride) {
    // Below the lowest size tried, the gap above 0 (which always passes) is searched.
    const tried = Math.max(k, 0);
    if (tried > 0 && !passes(at(tried))) continue;
    let low = tried;
    let high = Math.min(k + stride - 1, steps);
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (passes(at(middle))) low = middle;
      else high = middle - 1;
    }
    return at(low);
  }
}
