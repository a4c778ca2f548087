import type { StrategySpec } from "../../strategy/spec.ts";
import { joinTimes } from "../align.ts";
import { findingKey, fixed, formatP, type Collector } from "../collector.ts";
import { ar1, engleGranger } from "../cointegration.ts";
import { periodPerformance } from "../evaluate.ts";
import type { PreparedSeries } from "../prepared.ts";

const entryZ = 2;
const exitZ = 0;
/** One augmentation lag: enough for daily residuals, and a fixed cost per pair. */
const adfLags = 1;

export interface PairScratch {
  ia: Int32Array;
  ib: Int32Array;
  y: Float64Array;
  x: Float64Array;
  residual: Float64Array;
  positions: Int8Array;
  forward: Float64Array;
}

export function pairScratch(length: number): PairScratch {
  return {
    ia: new Int32Array(length),
    ib: new Int32Array(length),
    y: new Float64Array(length),
    x: new Float64Array(length),
    residual: new Float64Array(length),
    positions: new Int8Array(length),
    forward: new Float64Array(length),
  };
}

/**
 * Pairs (cointegration): Engle-Granger on in-sample log closes of A on B (cointegration.ts, with
 * MacKinnon's p-value for N = 2), the Ornstein-Uhlenbeck half-life from the residual's AR(1),
 * then the classic spread rule (Gatev, Goetzmann & Rouwenhorst 2006; Vidyamurthy 2004): long
 * A / short b x B when the residual's z < -2, the reverse when z > 2, out when it crosses 0,
 * both legs filled at the next open, costs on both legs. Confirmed when the out-of-sample
 * residual (in-sample hedge ratio) still mean-reverts (AR(1) < 1) and the rule nets a profit
 * out of sample.
 */
export function scanPair(
  a: PreparedSeries,
  b: PreparedSeries,
  ratio: number,
  costBps: number,
  collector: Collector,
  scratch: PairScratch,
): boolean {
  const { ia, ib, y, x, residual, positions, forward } = scratch;
  const count = joinTimes(a.bars.timestampMs, b.bars.timestampMs, ia, ib);
  const split = Math.floor(count * ratio);
  if (split < 150 || count - split < 50) return false;
  const closeA = a.bars.close;
  const closeB = b.bars.close;
  for (let k = 0; k < count; k++) {
    y[k] = Math.log(closeA[ia[k]!]!);
    x[k] = Math.log(closeB[ib[k]!]!);
  }
  const test = engleGranger(y, x, split, adfLags, residual);
  collector.add(test.pValue, () => {
    const { hedgeRatio, intercept, residualStd } = test;
    const openA = a.bars.open;
    const openB = b.bars.open;
    const gross = 1 + Math.abs(hedgeRatio);
    let state = 0;
    for (let k = 0; k < count; k++) {
      const z = (y[k]! - intercept - hedgeRatio * x[k]!) / residualStd;
      if (state === 0) state = z < -entryZ ? 1 : z > entryZ ? -1 : 0;
      else if ((state === 1 && z >= exitZ) || (state === -1 && z <= exitZ)) state = 0;
      positions[k] = state;
      forward[k] =
        k + 2 < count
          ? (Math.log(openA[ia[k + 2]!]! / openA[ia[k + 1]!]!) -
              hedgeRatio * Math.log(openB[ib[k + 2]!]! / openB[ib[k + 1]!]!)) /
            gross
          : NaN;
    }
    const view = positions.subarray(0, count);
    const returns = forward.subarray(0, count);
    const { annualization, timeframe } = a;
    const inSample = periodPerformance(view, returns, 1, 0, split, costBps, annualization);
    const outOfSample = periodPerformance(view, returns, 1, split, count, costBps, annualization);
    for (let k = split; k < count; k++)
      residual[k - split] = y[k]! - intercept - hedgeRatio * x[k]!;
    let mean = 0;
    for (let k = 0; k < count - split; k++) mean += residual[k]!;
    mean /= count - split;
    for (let k = 0; k < count - split; k++) residual[k] = residual[k]! - mean;
    const oosPersistence = ar1(residual, count - split);
    const symbols = [a.bars.symbol, b.bars.symbol];
    const halfLife = Math.round(test.halfLifeBars * 10) / 10;
    const parameters = {
      hedgeRatio: round(hedgeRatio),
      intercept: round(intercept),
      residualStd: round(residualStd),
      entryZ,
      exitZ,
      halfLifeBars: halfLife,
    };
    const proxyPeriod = Math.max(5, Math.min(100, Math.round(3 * test.halfLifeBars)));
    const z = { zScore: { period: proxyPeriod } };
    const spec: StrategySpec = {
      name: `pairs ${symbols.join("/")} (leg ${symbols[0]} proxy)`,
      description: `Proxy for the ${symbols.join("/")} spread: ${symbols[0]} alone, long below z -2 of its own ${proxyPeriod}-bar mean.`,
      universe: [symbols[0]!],
      timeframe,
      side: "long",
      entry: { lt: [z, -entryZ] },
      exit: { gte: [z, exitZ] },
      filters: [],
      sizing: { fractionOfEquity: 1 },
      costs: { feeBps: costBps / 2, slippageBps: 0 },
    };
    const explanation =
      `ln ${symbols[0]} - ${fixed(hedgeRatio, 3)} ln ${symbols[1]} mean-reverts: Engle-Granger ADF t = ${fixed(test.tau)} ` +
      `(MacKinnon p = ${formatP(test.pValue)}), AR(1) ${fixed(test.persistence, 3)}, half-life ${halfLife} bars, spread sd ${fixed(residualStd * 100)}%. ` +
      `Trading the spread (long ${symbols[0]}/short ${symbols[1]} below z -${entryZ}, the reverse above +${entryZ}, out at 0; ${costBps} bps a round trip on both legs): ` +
      `in-sample ${inSample.trades} trades averaging ${fixed(inSample.meanReturnBps, 1)} bps of gross notional, Sharpe ${fixed(inSample.sharpe)}; ` +
      `out of sample ${outOfSample.trades} trades averaging ${fixed(outOfSample.meanReturnBps, 1)} bps, Sharpe ${fixed(outOfSample.sharpe)}, residual AR(1) ${fixed(oosPersistence, 3)}. ` +
      `The spec language evaluates each symbol on its own bars, so the attached spec is only a proxy (leg ${symbols[0]} on its own z-score), not the two-leg spread.`;
    return {
      key: findingKey("pairs", symbols, { entryZ, exitZ }, timeframe),
      pattern: "pairs",
      symbols,
      direction: "long_short",
      parameters,
      effectSize: 1 - test.persistence,
      statistic: test.tau,
      pValue: test.pValue,
      inSample,
      outOfSample,
      explanation,
      strategySpec: spec,
      specFidelity: "proxy",
      confirmed:
        oosPersistence < 1 &&
        inSample.meanReturnBps > 0 &&
        outOfSample.meanReturnBps > 0 &&
        outOfSample.trades > 0,
    };
  });
  return true;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
