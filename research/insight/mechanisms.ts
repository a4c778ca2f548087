import type {
  IndicatorCall,
  NumericExpression,
  Rule,
  StrategySpec,
} from "../../engine/strategy/spec.ts";
import { isGap } from "./rule-words.ts";

/**
 * The market behaviours a strategy's rules bet on, named as the scanner's pattern families are
 * where they overlap (momentum, mean_reversion, breakout, gap, volatility, seasonality).
 */
export const Mechanism = {
  trendFollowing: "trend_following",
  momentum: "momentum",
  meanReversion: "mean_reversion",
  breakout: "breakout",
  volatility: "volatility",
  seasonality: "seasonality",
  gap: "gap",
  volume: "volume",
  alwaysIn: "always_in",
  unclassified: "unclassified",
} as const;
export type Mechanism = (typeof Mechanism)[keyof typeof Mechanism];

/** Which mechanism leads when an entry mixes several: the trigger over the slow-moving state. */
const primaryOrder: readonly Mechanism[] = [
  Mechanism.seasonality,
  Mechanism.gap,
  Mechanism.breakout,
  Mechanism.meanReversion,
  Mechanism.momentum,
  Mechanism.trendFollowing,
  Mechanism.volatility,
  Mechanism.volume,
  Mechanism.alwaysIn,
  Mechanism.unclassified,
];

interface ClassifiedCondition {
  mechanism: Mechanism;
  /** Where the condition sits in the spec. */
  role: "entry" | "filter";
  rule: Rule;
}

export interface MechanismReading {
  primary: Mechanism;
  /** Every mechanism found, the primary first, each with the conditions that show it. */
  mechanisms: { mechanism: Mechanism; role: "primary" | "supporting"; conditions: Rule[] }[];
}

type Operand =
  | { kind: "price" | "pastPrice" | "gap" | "calendar" | "volume" | "volatility" | "other" }
  | { kind: "constant"; value: number }
  | { kind: "average"; period: number }
  | { kind: "band"; side: "upper" | "lower" }
  | { kind: "oscillator"; middle: number }
  | { kind: "change" }
  | { kind: "trendStrength" }
  | { kind: "directional"; sign: 1 | -1 };

const averages = new Set(["sma", "ema", "wma", "dema", "tema", "vwap"]);
/** Bounded oscillators and the middle of their range: above it reads strength, below weakness. */
const oscillatorMiddles: Record<string, number> = {
  rsi: 50,
  stochastic: 50,
  stochRsi: 50,
  mfi: 50,
  williamsR: -50,
  cci: 0,
};
const changes = new Set(["roc", "momentum", "linRegSlope", "macd"]);
const volatilities = new Set(["atr", "natr", "rollingStd"]);
const calendars = new Set(["dayOfWeek", "dayOfMonth", "daysToMonthEnd"]);
const prices = new Set(["open", "high", "low", "close", "hl2", "hlc3", "ohlc4"]);

function operandOf(expression: NumericExpression): Operand {
  if (typeof expression === "number") return { kind: "constant", value: expression };
  if (typeof expression === "string") return { kind: prices.has(expression) ? "price" : "volume" };
  if (isGap(expression)) return { kind: "gap" };
  const [operator, argument] = Object.entries(expression)[0]!;
  if (operator === "lag") {
    const inner = operandOf((argument as { of: NumericExpression }).of);
    return inner.kind === "price" ? { kind: "pastPrice" } : inner;
  }
  if (operator === "mul" || operator === "div" || operator === "add" || operator === "sub") {
    const [a, b] = (argument as NumericExpression[]).map(operandOf) as [Operand, Operand];
    // A scaled or shifted series keeps its kind (1.5 x ATR is still a volatility).
    if (a.kind === "constant") return b;
    if (b.kind === "constant") return a;
    if (operator === "sub" && a.kind === "price" && b.kind === "pastPrice")
      return { kind: "change" };
    if (a.kind === "volatility" || b.kind === "volatility") return { kind: "volatility" };
    return { kind: "other" };
  }
  if (operator === "abs" || operator === "min" || operator === "max") return { kind: "other" };
  return indicatorOperand(operator, argument as IndicatorCall);
}

function indicatorOperand(name: string, call: IndicatorCall): Operand {
  const source =
    call.source === undefined ? ({ kind: "price" } as Operand) : operandOf(call.source);
  const onPrice = source.kind === "price";
  if (calendars.has(name)) return { kind: "calendar" };
  if (name === "obv" || (!onPrice && source.kind === "volume")) return { kind: "volume" };
  if (volatilities.has(name) || source.kind === "volatility") return { kind: "volatility" };
  if (averages.has(name)) return { kind: "average", period: (call.period as number) || 0 };
  if (name === "bollinger" || name === "keltner" || name === "donchian") {
    if (call.output === "middle") return { kind: "average", period: call.period as number };
    return { kind: "band", side: call.output === "upper" ? "upper" : "lower" };
  }
  if (name === "rollingMax") return onPrice ? { kind: "band", side: "upper" } : { kind: "other" };
  if (name === "rollingMin") return onPrice ? { kind: "band", side: "lower" } : { kind: "other" };
  if (name in oscillatorMiddles) return { kind: "oscillator", middle: oscillatorMiddles[name]! };
  if (changes.has(name)) return { kind: "change" };
  if (name === "zScore") return onPrice ? { kind: "change" } : { kind: "other" };
  if (name === "adx") return { kind: "trendStrength" };
  if (name === "plusDi") return { kind: "directional", sign: 1 };
  if (name === "minusDi") return { kind: "directional", sign: -1 };
  return { kind: "other" };
}

/**
 * One comparison's mechanism for a strategy of `side` (+1 long, -1 short). `up` is whether the
 * left side is required above the right. A condition that bets on the move continuing in the
 * strategy's direction reads as trend, momentum or breakout; one that bets on it reversing reads
 * as mean reversion. Guards ("not overbought") have none.
 */
function comparisonMechanism(
  left: Operand,
  up: boolean,
  right: Operand,
  side: 1 | -1,
): Mechanism | undefined {
  if (right.kind !== "constant" && left.kind === "constant")
    return comparisonMechanism(right, !up, left, side);
  const kinds = new Set([left.kind, right.kind]);
  if (kinds.has("calendar")) return Mechanism.seasonality;
  if (kinds.has("gap")) return Mechanism.gap;
  const direction = (up ? 1 : -1) * side;
  const withSide = (onTrend: Mechanism) => (direction > 0 ? onTrend : Mechanism.meanReversion);
  const priceLike = (operand: Operand) => operand.kind === "price" || operand.kind === "average";
  if (right.kind === "band" && priceLike(left)) {
    const escapes = (right.side === "upper") === up;
    // Outside the band in the strategy's direction is a breakout; back inside, a reversion.
    return escapes && (right.side === "upper" ? 1 : -1) === side
      ? Mechanism.breakout
      : Mechanism.meanReversion;
  }
  if (left.kind === "band" && priceLike(right)) return comparisonMechanism(right, !up, left, side);
  if (left.kind === "price" && (right.kind === "average" || right.kind === "pastPrice"))
    return right.kind === "average"
      ? withSide(Mechanism.trendFollowing)
      : withSide(Mechanism.momentum);
  if (left.kind === "average" && right.kind === "price")
    return comparisonMechanism(right, !up, left, side);
  if (left.kind === "average" && right.kind === "average") {
    // The faster average above the slower one is an uptrend.
    const trend = left.period <= right.period === up ? 1 : -1;
    return trend * side > 0 ? Mechanism.trendFollowing : Mechanism.meanReversion;
  }
  if (left.kind === "oscillator" && right.kind === "constant") {
    const zone = right.value < left.middle ? -1 : right.value > left.middle ? 1 : 0;
    const stretched = zone === 0 || zone > 0 === up;
    // Beyond the threshold on the far side of the middle: strength or weakness; back from it: a guard or a rebound.
    if (!stretched) return zone * side < 0 ? Mechanism.meanReversion : undefined;
    return direction > 0 ? Mechanism.momentum : Mechanism.meanReversion;
  }
  if (left.kind === "change") {
    if (right.kind === "constant" && right.value > 0 !== up && right.value !== 0) return undefined;
    return withSide(Mechanism.momentum);
  }
  if (left.kind === "trendStrength") return up ? Mechanism.trendFollowing : Mechanism.meanReversion;
  if (left.kind === "directional" && right.kind === "directional")
    return (up ? left.sign : right.sign) * side > 0
      ? Mechanism.trendFollowing
      : Mechanism.meanReversion;
  if (kinds.has("volatility")) return Mechanism.volatility;
  if (kinds.has("volume")) return Mechanism.volume;
  return undefined;
}

const upOperators = new Set(["gt", "gte", "crossAbove"]);

function conditionsOf(rule: Rule): { rule: Rule; negated: boolean }[] {
  if (typeof rule === "boolean") return [];
  const [operator, argument] = Object.entries(rule)[0]!;
  if (operator === "and" || operator === "or") return (argument as Rule[]).flatMap(conditionsOf);
  if (operator === "not")
    return conditionsOf(argument as Rule).map((found) => ({ ...found, negated: !found.negated }));
  return [{ rule, negated: false }];
}

function classify(rule: Rule, negated: boolean, side: 1 | -1): Mechanism | undefined {
  const [operator, argument] = Object.entries(rule as object)[0]!;
  const [left, right] = (argument as NumericExpression[]).map(operandOf) as [Operand, Operand];
  return comparisonMechanism(left, upOperators.has(operator) !== negated, right, side);
}

/**
 * The mechanisms of a spec's entry rule and filters: the primary one leads the explanation (an
 * entry's, by `primaryOrder`), the others support it. Deterministic: the same rules always read
 * the same way. An entry that is always true is buy (or sell) and hold.
 */
export function classifyMechanisms(spec: StrategySpec): MechanismReading {
  const side = spec.side === "short" ? -1 : 1;
  const found: ClassifiedCondition[] = [];
  const visit = (rule: Rule, role: ClassifiedCondition["role"]) => {
    for (const { rule: condition, negated } of conditionsOf(rule)) {
      const mechanism = classify(condition, negated, side);
      if (mechanism) found.push({ mechanism, role, rule: condition });
    }
  };
  visit(spec.entry, "entry");
  for (const filter of spec.filters) visit(filter, "filter");
  const entryMechanisms = found
    .filter((item) => item.role === "entry")
    .map((item) => item.mechanism);
  const primary =
    spec.entry === true
      ? Mechanism.alwaysIn
      : (primaryOrder.find((mechanism) => entryMechanisms.includes(mechanism)) ??
        found[0]?.mechanism ??
        Mechanism.unclassified);
  const order = [primary, ...new Set(found.map((item) => item.mechanism))].filter(
    (mechanism, index, all) => all.indexOf(mechanism) === index,
  );
  return {
    primary,
    mechanisms: order.map((mechanism) => ({
      mechanism,
      role: mechanism === primary ? "primary" : "supporting",
      conditions: found.filter((item) => item.mechanism === mechanism).map((item) => item.rule),
    })),
  };
}

/**
 * The indicator lines in price units that the entry, exit and filters compare (moving
 * averages, bands, channels), each once, in order of appearance: what a price chart can show.
 */
export function priceLevelExpressions(spec: StrategySpec): NumericExpression[] {
  const found = new Map<string, NumericExpression>();
  const rules = [spec.entry, ...(spec.exit === undefined ? [] : [spec.exit]), ...spec.filters];
  for (const { rule } of rules.flatMap(conditionsOf)) {
    for (const side of Object.values(rule as object)[0] as NumericExpression[]) {
      const kind = operandOf(side).kind;
      const onPrice = typeof side === "object" && (kind === "average" || kind === "band");
      if (onPrice) found.set(JSON.stringify(side), side);
    }
  }
  return [...found.values()];
}
