import { indicatorCatalog, withDefaults, type IndicatorName } from "../../indicators/catalog.ts";
import type { IndicatorCall, NumericExpression, Rule, StrategySpec } from "../../strategy/spec.ts";

const priceSources = new Set(["open", "high", "low", "close", "hl2", "hlc3", "ohlc4"]);
/** Indicators drawn on the price's own scale (averages, bands, channels): the price crosses them. */
export const priceLevelIndicators: ReadonlySet<string> = new Set([
  "sma",
  "ema",
  "wma",
  "dema",
  "tema",
  "bollinger",
  "rollingMin",
  "rollingMax",
  "donchian",
  "keltner",
  "vwap",
]);
/** Indicators whose values are in the price's own units when their source is a price. */
const priceUnitIndicators = new Set([
  ...priceLevelIndicators,
  "atr",
  "momentum",
  "linRegSlope",
  "rollingStd",
]);
/** Indicators read from the bar's date rather than its prices. */
const calendarIndicators = new Set(["dayOfWeek", "dayOfMonth", "daysToMonthEnd"]);

interface Walk {
  /** Longest warm-up in bars and what needs it. */
  lookbackBars: number;
  lookbackSource: string;
  /** Comparisons of a price level with a fixed number, as written. */
  priceLevelComparisons: string[];
  calendar: boolean;
  /**
   * First bar on which the entry (with its filters) can be true: comparisons need both sides,
   * crossings one bar more, `and` every part and `or` only its earliest part.
   */
  entryLookbackBars: number;
}

/** What the validator needs to know about a spec's expressions. */
export function walkSpec(spec: StrategySpec): Walk {
  const walk: Walk = {
    lookbackBars: 0,
    lookbackSource: "no indicator",
    priceLevelComparisons: [],
    calendar: false,
    entryLookbackBars: 0,
  };
  const note = (bars: number, source: string) => {
    if (bars > walk.lookbackBars) {
      walk.lookbackBars = bars;
      walk.lookbackSource = source;
    }
  };
  const rules: Rule[] = [
    spec.entry,
    ...(spec.exit === undefined ? [] : [spec.exit]),
    ...spec.filters,
  ];
  for (const rule of rules) visitRule(rule, walk, note);
  walk.entryLookbackBars = Math.max(
    ruleLookback(spec.entry, walk),
    ...spec.filters.map((filter) => ruleLookback(filter, walk)),
  );
  if ("volatilityTarget" in spec.sizing)
    note(spec.sizing.volatilityTarget.lookbackBars, "the volatility-target sizing");
  for (const [name, distance] of [
    ["stop loss", spec.stopLoss],
    ["take profit", spec.takeProfit],
    ["trailing stop", spec.trailingStop],
  ] as const) {
    if (distance && "atrPeriod" in distance) note(distance.atrPeriod, `the ATR ${name}`);
  }
  return walk;
}

function visitRule(rule: Rule, walk: Walk, note: (bars: number, source: string) => void): void {
  if (typeof rule === "boolean") return;
  const [operator, argument] = Object.entries(rule)[0] as [string, unknown];
  if (operator === "and" || operator === "or") {
    for (const part of argument as Rule[]) visitRule(part, walk, note);
    return;
  }
  if (operator === "not") return visitRule(argument as Rule, walk, note);
  const [left, right] = argument as [NumericExpression, NumericExpression];
  for (const side of [left, right]) {
    const bars = lookbackOf(side, walk);
    note(bars, describe(side));
  }
  const levelVersusNumber =
    (isPriceLevel(left) && typeof right === "number") ||
    (isPriceLevel(right) && typeof left === "number");
  if (levelVersusNumber)
    walk.priceLevelComparisons.push(`${operator}(${describe(left)}, ${describe(right)})`);
}

function ruleLookback(rule: Rule, walk: Walk): number {
  if (typeof rule === "boolean") return 0;
  const [operator, argument] = Object.entries(rule)[0] as [string, unknown];
  if (operator === "and")
    return Math.max(0, ...(argument as Rule[]).map((part) => ruleLookback(part, walk)));
  if (operator === "or") {
    const parts = (argument as Rule[]).map((part) => ruleLookback(part, walk));
    return parts.length === 0 ? 0 : Math.min(...parts);
  }
  if (operator === "not") return ruleLookback(argument as Rule, walk);
  const [left, right] = argument as [NumericExpression, NumericExpression];
  const sides = Math.max(lookbackOf(left, walk), lookbackOf(right, walk));
  return operator === "crossAbove" || operator === "crossBelow" ? sides + 1 : sides;
}

/** Bars of history before the expression is defined (TA-Lib lookbacks, lags and sources add up). */
function lookbackOf(expression: NumericExpression, walk: Walk): number {
  if (typeof expression === "number" || typeof expression === "string") return 0;
  const [operator, argument] = Object.entries(expression)[0] as [string, unknown];
  if (operator === "abs") return lookbackOf(argument as NumericExpression, walk);
  if (operator === "lag") {
    const { of, bars } = argument as { of: NumericExpression; bars: number };
    return bars + lookbackOf(of, walk);
  }
  if (Array.isArray(argument))
    return Math.max(...argument.map((part) => lookbackOf(part as NumericExpression, walk)));
  if (operator in indicatorCatalog) {
    const name = operator as IndicatorName;
    if (calendarIndicators.has(name)) walk.calendar = true;
    const call = argument as IndicatorCall;
    const definition = indicatorCatalog[name];
    const own = definition.lookback(withDefaults(name, call));
    const source =
      definition.usesSource && call.source !== undefined ? lookbackOf(call.source, walk) : 0;
    return own + source;
  }
  return 0;
}

function isPriceLevel(expression: NumericExpression): boolean {
  if (typeof expression === "number") return false;
  if (typeof expression === "string") return priceSources.has(expression);
  const [operator, argument] = Object.entries(expression)[0] as [string, unknown];
  if (operator === "lag") return isPriceLevel((argument as { of: NumericExpression }).of);
  if (operator === "min" || operator === "max" || operator === "add")
    return (argument as NumericExpression[]).some(isPriceLevel);
  if (!priceUnitIndicators.has(operator)) return false;
  const source = (argument as IndicatorCall).source;
  return source === undefined || isPriceLevel(source);
}

export function describe(expression: NumericExpression): string {
  if (typeof expression === "number" || typeof expression === "string") return String(expression);
  const [operator, argument] = Object.entries(expression)[0] as [string, unknown];
  if (operator === "lag") {
    const { of, bars } = argument as { of: NumericExpression; bars: number };
    return `${describe(of)} ${bars} bars ago`;
  }
  if (Array.isArray(argument))
    return `${operator}(${argument.map((part) => describe(part as NumericExpression)).join(", ")})`;
  if (operator === "abs") return `abs(${describe(argument as NumericExpression)})`;
  const parameters = Object.entries(argument as IndicatorCall)
    .filter(([key]) => key !== "source" && key !== "output")
    .map(([, value]) => String(value));
  const output = (argument as IndicatorCall).output;
  return `${operator}(${parameters.join(", ")})${output ? `.${output}` : ""}`;
}
