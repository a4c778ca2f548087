import { indicatorCatalog, withDefaults, type IndicatorName } from "../indicators/catalog.ts";
import { boundsOf, type ParameterValues } from "./space.ts";
import { bindParameters, isParameterReference, type SpecTemplate } from "./template.ts";

type Json = unknown;

/** The rule operators that compare two series: each is one condition. */
export const comparisons = ["gt", "gte", "lt", "lte", "crossAbove", "crossBelow"];

export interface LadderComplexity {
  /** Parameters the template declares (the base's and the ladder's). */
  parameters: number;
  /** Conditions (each comparison or cross in entry, exit and filters), exits (stop, target, trailing, time) and volatility-target sizing. */
  rules: number;
  /** The longest lookback of any indicator (ATR of the exits and the volatility target included) with every parameter at its domain's upper bound. */
  lookbackBars: number;
  /** 0 when every order is market-on-open; +1 for each stop loss, take profit and trailing stop (intrabar orders). */
  executionNeeds: number;
  /** parameters + rules + executionNeeds: every level adds at least one rule, so it rises strictly up the ladder. */
  score: number;
}

/** What a template costs to understand and to run: its parameters, rules, lookback and intrabar orders. */
export function measureComplexity(template: SpecTemplate): LadderComplexity {
  const parameters = Object.keys(template.params).length;
  const spec = bindParameters(template, upperBounds(template)) as Record<string, Json>;
  const filters = Array.isArray(spec.filters) ? spec.filters : [];
  const exits = [spec.stopLoss, spec.takeProfit, spec.trailingStop].filter(
    (exit) => exit !== undefined,
  );
  const sizing = spec.sizing as Record<string, Json> | undefined;
  const volatilityTarget =
    typeof sizing === "object" && sizing !== null && "volatilityTarget" in sizing
      ? (sizing.volatilityTarget as { lookbackBars?: number })
      : undefined;
  const rules =
    [spec.entry, spec.exit, ...filters].reduce<number>((sum, rule) => sum + conditions(rule), 0) +
    exits.length +
    (spec.timeExit === undefined ? 0 : 1) +
    (volatilityTarget === undefined ? 0 : 1);
  const lookbackBars = Math.max(
    0,
    ...[spec.entry, spec.exit, ...filters].map(ruleLookback),
    ...exits.map(exitLookback),
    volatilityTarget === undefined ? 0 : (volatilityTarget.lookbackBars ?? 20),
  );
  const executionNeeds = exits.length;
  return {
    parameters,
    rules,
    lookbackBars,
    executionNeeds,
    score: parameters + rules + executionNeeds,
  };
}

/** Each parameter at its upper bound (the largest numeric choice of a categorical, else its first). */
function upperBounds(template: SpecTemplate): ParameterValues {
  const values: ParameterValues = {};
  for (const [name, domain] of Object.entries(template.params)) {
    if ("categorical" in domain) {
      const numbers = domain.categorical.filter(
        (choice): choice is number => typeof choice === "number",
      );
      values[name] = numbers.length > 0 ? Math.max(...numbers) : domain.categorical[0]!;
    } else {
      // validateSpace has put an int's high on its step grid.
      values[name] = boundsOf(domain)[1];
    }
  }
  return values;
}

function conditions(rule: Json): number {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) return 0;
  const [operator, argument] = (Object.entries(rule)[0] ?? []) as [string?, Json?];
  if (operator === undefined) return 0;
  if (comparisons.includes(operator)) return 1;
  if (operator === "not") return conditions(argument);
  if ((operator === "and" || operator === "or") && Array.isArray(argument))
    return argument.reduce<number>((sum, part) => sum + conditions(part), 0);
  return 0;
}

function ruleLookback(rule: Json): number {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) return 0;
  const [operator, argument] = (Object.entries(rule)[0] ?? []) as [string?, Json?];
  if (operator === undefined) return 0;
  if (operator === "not") return ruleLookback(argument);
  if (!Array.isArray(argument)) return 0;
  if (comparisons.includes(operator)) return Math.max(0, ...argument.map(expressionLookback));
  return Math.max(0, ...argument.map(ruleLookback));
}

/** Bars before the first defined value: TA-Lib's lookback, plus the source's for an indicator of an indicator. */
function expressionLookback(expression: Json): number {
  if (typeof expression !== "object" || expression === null || Array.isArray(expression)) return 0;
  if (isParameterReference(expression)) return 0;
  const [operator, argument] = (Object.entries(expression)[0] ?? []) as [string?, Json?];
  if (operator === undefined) return 0;
  if (operator === "abs") return expressionLookback(argument);
  if (operator === "lag") {
    const { of, bars } = argument as { of: Json; bars: number };
    return bars + expressionLookback(of);
  }
  if (operator in indicatorCatalog) {
    const name = operator as IndicatorName;
    const call = (argument ?? {}) as Record<string, unknown>;
    const own = indicatorCatalog[name].lookback(withDefaults(name, call));
    return indicatorCatalog[name].usesSource ? own + expressionLookback(call.source) : own;
  }
  if (Array.isArray(argument)) return Math.max(0, ...argument.map(expressionLookback));
  return 0;
}

function exitLookback(exit: Json): number {
  if (typeof exit !== "object" || exit === null || !("atrMultiple" in exit)) return 0;
  const period = (exit as { atrPeriod?: number }).atrPeriod ?? 14;
  return indicatorCatalog.atr.lookback({ period });
}
