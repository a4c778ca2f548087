import type { StrategySpec } from "../../strategy/spec.ts";
import { joinTimes } from "../align.ts";
import { findingKey, fixed, formatP, type Collector } from "../collector.ts";
import { excessSum, periodPerformance, testPositions } from "../evaluate.ts";
import type { PreparedSeries } from "../prepared.ts";
import type { PairScratch } from "./pairs.ts";

/**
 * Cross-asset lead-lag (Lo & MacKinlay 1990, "When are contrarian profits due to stock market
 * overreaction?", RFS 3; Hou 2007; Cohen & Frazzini 2008): does the leader's close-to-close
 * return today predict the follower's next open-to-open return? Position: hold the follower for
 * the bar after each up day of the leader; Newey-West t of the excess return, as for the
 * single-symbol families. Leaders are each follower's most correlated peers (neighbours.ts).
 */
export function scanLeadLag(
  leader: PreparedSeries,
  follower: PreparedSeries,
  ratio: number,
  costBps: number,
  collector: Collector,
  scratch: PairScratch,
): boolean {
  const { ia, ib, positions, forward, residual: values } = scratch;
  const count = joinTimes(leader.bars.timestampMs, follower.bars.timestampMs, ia, ib);
  const split = Math.floor(count * ratio);
  if (split < 150 || count - split < 50) return false;
  const closeL = leader.bars.close;
  const openF = follower.bars.open;
  let drift = 0;
  positions[0] = 0;
  for (let k = 0; k < count; k++) {
    positions[k] = k > 0 && closeL[ia[k]!]! > closeL[ia[k - 1]!]! ? 1 : 0;
    forward[k] = k + 2 < count ? Math.log(openF[ib[k + 2]!]! / openF[ib[k + 1]!]!) : NaN;
    if (k < split) drift += forward[k]!;
  }
  drift /= split;
  const view = positions.subarray(0, count);
  const returns = forward.subarray(0, count);
  const test = testPositions(view, returns, split, drift, values);
  collector.add(test.pValue, () => {
    const direction = test.statistic >= 0 ? 1 : -1;
    const side = direction === 1 ? "long" : "short";
    const { annualization, timeframe } = follower;
    const inSample = periodPerformance(view, returns, direction, 0, split, costBps, annualization);
    const outOfSample = periodPerformance(
      view,
      returns,
      direction,
      split,
      count,
      costBps,
      annualization,
    );
    const oosExcess = excessSum(view, returns, split, count, drift);
    const symbols = [leader.bars.symbol, follower.bars.symbol];
    const spec: StrategySpec = {
      name: `lead-lag ${symbols.join("->")} (proxy)`,
      description: `Proxy: ${side} ${symbols[1]} after its own up day (the leader ${symbols[0]} cannot be referenced).`,
      universe: [symbols[1]!],
      timeframe,
      side,
      entry: { gt: [{ roc: { period: 1 } }, 0] },
      exit: { lte: [{ roc: { period: 1 } }, 0] },
      filters: [],
      sizing: { fractionOfEquity: 1 },
      costs: { feeBps: costBps / 2, slippageBps: 0 },
    };
    const explanation =
      `After ${symbols[0]} closes up, ${symbols[1]}'s next open-to-open return is ${fixed(test.effectSize, 3)} standard deviations ` +
      `${direction === 1 ? "above" : "below"} its drift (Newey-West t = ${fixed(test.statistic)}, p = ${formatP(test.pValue)}). ` +
      `${side === "long" ? "Long" : "Short"} ${symbols[1]} for one bar after each ${symbols[0]} up day, ${costBps} bps round trip: ` +
      `in-sample ${inSample.trades} trades averaging ${fixed(inSample.meanReturnBps, 1)} bps, Sharpe ${fixed(inSample.sharpe)}; ` +
      `out of sample ${outOfSample.trades} trades averaging ${fixed(outOfSample.meanReturnBps, 1)} bps, Sharpe ${fixed(outOfSample.sharpe)}. ` +
      `The spec language evaluates each symbol on its own bars, so the attached spec is a proxy on ${symbols[1]}'s own up days, not the leader's.`;
    return {
      key: findingKey(
        "cross_asset_lead_lag",
        symbols,
        { leaderSign: "up", holdBars: 1 },
        timeframe,
      ),
      pattern: "cross_asset_lead_lag",
      symbols,
      direction: side,
      parameters: { leaderSign: "up", holdBars: 1 },
      effectSize: direction * test.effectSize,
      statistic: test.statistic,
      pValue: test.pValue,
      inSample,
      outOfSample,
      explanation,
      strategySpec: spec,
      specFidelity: "proxy",
      confirmed:
        Math.sign(oosExcess) === direction &&
        inSample.meanReturnBps > 0 &&
        outOfSample.meanReturnBps > 0 &&
        outOfSample.trades > 0,
    };
  });
  return true;
}
