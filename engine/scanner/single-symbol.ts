import { ExpressionEvaluator } from "../strategy/expressions.ts";
import { evaluateRule } from "../strategy/rules.ts";
import type { StrategySpec } from "../strategy/spec.ts";
import { formatP, findingKey, fixed, type Collector } from "./collector.ts";
import { excessSum, periodPerformance, positionsFromRules, testPositions } from "./evaluate.ts";
import type { RuleCandidate } from "./families/rule-candidate.ts";
import type { PreparedSeries } from "./prepared.ts";

export interface Scratch {
  positions: Int8Array;
  values: Float64Array;
}

/**
 * Every rule candidate on one symbol: the engine's own evaluator computes the entry and exit
 * rules, the engine's state machine turns them into positions, and the positions are tested.
 */
export function scanSymbol(
  prepared: PreparedSeries,
  candidates: readonly RuleCandidate[],
  costBps: number,
  collector: Collector,
  scratch: Scratch,
): void {
  const evaluator = new ExpressionEvaluator(prepared.bars);
  const { forward, split, length, drift, bars } = prepared;
  const positions = scratch.positions.subarray(0, length);
  for (const candidate of candidates) {
    positionsFromRules(
      evaluateRule(candidate.entry, evaluator),
      evaluateRule(candidate.exit, evaluator),
      positions,
    );
    const test = testPositions(positions, forward, split, drift, scratch.values);
    collector.add(test.pValue, () => {
      const direction = test.statistic >= 0 ? 1 : -1;
      const { annualization, timeframe } = prepared;
      const inSample = periodPerformance(
        positions,
        forward,
        direction,
        0,
        split,
        costBps,
        annualization,
      );
      const outOfSample = periodPerformance(
        positions,
        forward,
        direction,
        split,
        length,
        costBps,
        annualization,
      );
      const oosExcess = excessSum(positions, forward, split, length, drift);
      const side = direction === 1 ? "long" : "short";
      const spec: StrategySpec = {
        name: `${candidate.pattern} ${bars.symbol} ${side}`,
        description: `Scanner finding: ${side} ${bars.symbol} when ${candidate.condition}, ${candidate.holding}.`,
        universe: [bars.symbol],
        timeframe,
        side,
        entry: candidate.entry,
        exit: candidate.exit,
        filters: [],
        sizing: { fractionOfEquity: 1 },
        costs: { feeBps: costBps / 2, slippageBps: 0 },
      };
      const confirmed =
        Math.sign(oosExcess) === direction &&
        inSample.meanReturnBps > 0 &&
        outOfSample.meanReturnBps > 0 &&
        outOfSample.trades > 0;
      const explanation =
        `${capitalize(side)} ${bars.symbol} from the next open when ${candidate.condition}, ${candidate.holding}. ` +
        `In-sample (${split} bars) the held bars returned ${fixed(test.effectSize, 3)} standard deviations ` +
        `${direction === 1 ? "above" : "below"} the drift (Newey-West t = ${fixed(test.statistic)}, p = ${formatP(test.pValue)}); ` +
        `after ${costBps} bps round-trip costs: ${inSample.trades} trades averaging ${fixed(inSample.meanReturnBps, 1)} bps, Sharpe ${fixed(inSample.sharpe)}. ` +
        `Out of sample (${length - split} bars): ${outOfSample.trades} trades averaging ${fixed(outOfSample.meanReturnBps, 1)} bps, Sharpe ${fixed(outOfSample.sharpe)}.`;
      return {
        key: findingKey(candidate.pattern, [bars.symbol], candidate.parameters, timeframe),
        pattern: candidate.pattern,
        symbols: [bars.symbol],
        direction: side,
        parameters: candidate.parameters,
        effectSize: direction * test.effectSize,
        statistic: test.statistic,
        pValue: test.pValue,
        inSample,
        outOfSample,
        explanation,
        strategySpec: spec,
        specFidelity: "exact",
        confirmed,
      };
    });
  }
}

function capitalize(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}
