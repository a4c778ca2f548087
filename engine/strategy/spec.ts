/**
 * The strategy spec as the engine sees it: plain data, already validated and defaulted by the
 * zod schema in tools/strategy. The schema is the single source of rules and messages; these
 * types are what it produces.
 */

export type PriceSource = "open" | "high" | "low" | "close" | "volume" | "hl2" | "hlc3" | "ohlc4";

/** An indicator call: parameters plus, for single-series indicators, an optional `source`, and for multi-output ones the `output` to use. */
export interface IndicatorCall {
  [parameter: string]: number | NumericExpression | string | undefined;
  source?: NumericExpression;
  output?: string;
}

export type NumericExpression =
  | number
  | PriceSource
  | { add: [NumericExpression, NumericExpression] }
  | { sub: [NumericExpression, NumericExpression] }
  | { mul: [NumericExpression, NumericExpression] }
  | { div: [NumericExpression, NumericExpression] }
  | { min: [NumericExpression, NumericExpression] }
  | { max: [NumericExpression, NumericExpression] }
  | { abs: NumericExpression }
  | { lag: { of: NumericExpression; bars: number } }
  | { [indicator: string]: IndicatorCall };

export type Rule =
  | boolean
  | { gt: [NumericExpression, NumericExpression] }
  | { gte: [NumericExpression, NumericExpression] }
  | { lt: [NumericExpression, NumericExpression] }
  | { lte: [NumericExpression, NumericExpression] }
  | { crossAbove: [NumericExpression, NumericExpression] }
  | { crossBelow: [NumericExpression, NumericExpression] }
  | { and: Rule[] }
  | { or: Rule[] }
  | { not: Rule };

export type Sizing =
  | { fractionOfEquity: number }
  | { fixedNotional: number }
  | {
      volatilityTarget: {
        annualVolatilityPercent: number;
        lookbackBars: number;
        maxFractionOfEquity: number;
      };
    };

export type ExitDistance = { percent: number } | { atrMultiple: number; atrPeriod: number };

export interface StrategySpec {
  name: string;
  description?: string;
  universe: string[];
  timeframe: string;
  side: "long" | "short";
  entry: Rule;
  exit?: Rule;
  filters: Rule[];
  sizing: Sizing;
  stopLoss?: ExitDistance;
  takeProfit?: ExitDistance;
  trailingStop?: ExitDistance;
  timeExit?: { bars: number };
  costs: { feeBps: number; slippageBps: number };
}
