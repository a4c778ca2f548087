import { hacMeanT, neweyWestLag, twoSidedP } from "./statistics.ts";
import type { PeriodPerformance } from "./types.ts";

export interface PositionTest {
  /** HAC t of the in-sample mean excess return of the held bars. */
  statistic: number;
  pValue: number;
  /** Mean excess return per held bar over the standard deviation of all forward returns (a Cohen's d). */
  effectSize: number;
  heldBars: number;
}

/**
 * Tests whether holding `positions` (+1, -1 or 0 per signal bar) earned more than the drift:
 * y_t = p_t (r_t - drift) over in-sample bars [0, split), t = mean / Newey-West standard error,
 * two-sided normal p-value (the HAC t is asymptotically normal; in-sample periods here have
 * hundreds of bars). Flat bars contribute zeros, which leave t unchanged. `scratch` holds y.
 */
export function testPositions(
  positions: Int8Array,
  forward: Float64Array,
  split: number,
  drift: number,
  scratch: Float64Array,
): PositionTest {
  const end = Math.min(split, forward.length - 2);
  let held = 0;
  let heldSum = 0;
  let sum = 0;
  let squares = 0;
  for (let t = 0; t < end; t++) {
    const r = forward[t]!;
    const p = positions[t]!;
    scratch[t] = p * (r - drift);
    sum += r;
    squares += r * r;
    if (p !== 0) {
      held++;
      heldSum += p * (r - drift);
    }
  }
  if (held < 20) return { statistic: NaN, pValue: 1, effectSize: 0, heldBars: held };
  const statistic = hacMeanT(scratch, 0, end, neweyWestLag(end));
  const mean = sum / end;
  const std = Math.sqrt(Math.max(squares / end - mean * mean, 0));
  return {
    statistic,
    pValue: twoSidedP(statistic),
    effectSize: std > 0 ? heldSum / held / std : 0,
    heldBars: held,
  };
}

/**
 * Net performance of `direction * positions` over signal bars [begin, end): each change of
 * position pays half the round-trip cost per unit traded (a flip pays twice), so a round trip
 * costs `costBps`. Sharpe is annualized (by `annualization`, sqrt of bars per year) over every
 * bar of the period, flat ones included, as the engine's metrics compute it from daily equity.
 */
export function periodPerformance(
  positions: Int8Array,
  forward: Float64Array,
  direction: 1 | -1,
  begin: number,
  end: number,
  costBps: number,
  annualization: number,
): PeriodPerformance {
  const last = Math.min(end, forward.length - 2);
  const halfCost = costBps / 2 / 1e4;
  let sum = 0;
  let squares = 0;
  let bars = 0;
  let trades = 0;
  let net = 0;
  let previous = begin > 0 ? positions[begin - 1]! : 0;
  for (let t = begin; t < last; t++) {
    const p = positions[t]!;
    const change = Math.abs(p - previous);
    if (p !== 0 && p !== previous) trades++;
    const r = direction * p * forward[t]! - change * halfCost;
    sum += r;
    squares += r * r;
    net += r;
    bars++;
    previous = p;
  }
  const mean = bars > 0 ? sum / bars : 0;
  const variance = bars > 1 ? (squares - bars * mean * mean) / (bars - 1) : 0;
  const std = Math.sqrt(Math.max(variance, 0));
  return {
    sharpe: std > 0 ? (mean / std) * annualization : 0,
    meanReturnBps: trades > 0 ? (net / trades) * 1e4 : 0,
    trades,
  };
}

/**
 * The engine's single-symbol state machine over rule outputs (1 = true): flat, an entry on bar t
 * opens at t+1; holding, an exit on bar t closes at t+1 and that bar's entry is not looked at.
 * Unknown (warm-up) values change nothing. Writes 1 or 0 per signal bar.
 */
export function positionsFromRules(entry: Uint8Array, exit: Uint8Array, out: Int8Array): Int8Array {
  let state = 0;
  for (let t = 0; t < entry.length; t++) {
    if (state === 0) {
      if (entry[t] === 1) state = 1;
    } else if (exit[t] === 1) state = 0;
    out[t] = state;
  }
  return out;
}

/** Sum of p_t (r_t - drift) over signal bars [begin, end): the out-of-sample sign check. */
export function excessSum(
  positions: Int8Array,
  forward: Float64Array,
  begin: number,
  end: number,
  drift: number,
): number {
  const last = Math.min(end, forward.length - 2);
  let sum = 0;
  for (let t = begin; t < last; t++) sum += positions[t]! * (forward[t]! - drift);
  return sum;
}
