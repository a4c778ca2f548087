import type { NumericExpression, Rule, StrategySpec } from "./spec.ts";

/** Oscillators whose values stay within fixed bounds (TA-Lib's definitions). */
const bounds: Record<string, [number, number]> = {
  rsi: [0, 100],
  stochastic: [0, 100],
  stochRsi: [0, 100],
  mfi: [0, 100],
  williamsR: [-100, 0],
  adx: [0, 100],
  plusDi: [0, 100],
  minusDi: [0, 100],
};

const comparisons = ["lt", "lte", "gt", "gte", "crossAbove", "crossBelow"] as const;
type Comparison = (typeof comparisons)[number];

/** "RSI(14)", "STOCHASTIC(14,3,3) k": an indicator call as a message names it. */
function nameOf(expression: NumericExpression): string {
  if (typeof expression === "number" || typeof expression === "string") return String(expression);
  const [key, body] = Object.entries(expression)[0] ?? ["?", {}];
  const call = (body ?? {}) as Record<string, unknown>;
  const args = Object.entries(call)
    .filter(([name, value]) => name !== "output" && name !== "source" && typeof value === "number")
    .map(([, value]) => value);
  const output = typeof call.output === "string" ? ` ${call.output}` : "";
  return `${key.toUpperCase()}${args.length > 0 ? `(${args.join(",")})` : ""}${output}`;
}

const signs: Record<Comparison, string> = {
  lt: "<",
  lte: "<=",
  gt: ">",
  gte: ">=",
  crossAbove: "crosses above",
  crossBelow: "crosses below",
};

/** The bounds of a bounded oscillator, or undefined. */
function boundsOf(expression: NumericExpression): [number, number] | undefined {
  if (typeof expression !== "object") return undefined;
  const key = Object.keys(expression)[0];
  return key === undefined ? undefined : bounds[key];
}

/**
 * What a comparison of an oscillator with a constant does whatever the prices: "always" when it
 * holds at every defined bar, "never" when it cannot hold; undefined when prices decide.
 */
function fixedOutcome(
  comparison: Comparison,
  [low, high]: [number, number],
  level: number,
): "always" | "never" | undefined {
  if (comparison === "crossAbove" || comparison === "crossBelow")
    return level < low || level > high ? "never" : undefined;
  if (comparison === "lt") return level > high ? "always" : level <= low ? "never" : undefined;
  if (comparison === "lte") return level >= high ? "always" : level < low ? "never" : undefined;
  if (comparison === "gt") return level < low ? "always" : level >= high ? "never" : undefined;
  return level <= low ? "always" : level > high ? "never" : undefined;
}

const mirrored: Record<Comparison, Comparison> = {
  lt: "gt",
  lte: "gte",
  gt: "lt",
  gte: "lte",
  crossAbove: "crossBelow",
  crossBelow: "crossAbove",
};

function lintRule(rule: Rule, where: string, found: string[]): void {
  if (typeof rule === "boolean") return;
  if ("and" in rule) return rule.and.forEach((part) => lintRule(part, where, found));
  if ("or" in rule) return rule.or.forEach((part) => lintRule(part, where, found));
  if ("not" in rule) return lintRule(rule.not, where, found);
  const comparison = comparisons.find((key) => key in rule);
  if (!comparison) return;
  const [left, right] = (rule as Record<Comparison, [NumericExpression, NumericExpression]>)[
    comparison
  ];
  const written = `${nameOf(left)} ${signs[comparison]} ${nameOf(right)}`;
  if (JSON.stringify(left) === JSON.stringify(right)) {
    found.push(
      `${where}: ${written} compares a line with itself, so it is ${comparison.startsWith("cross") || comparison === "lt" || comparison === "gt" ? "never" : "always"} true.`,
    );
    return;
  }
  const [oscillator, level, asked] =
    typeof right === "number" ? [left, right, comparison] : [right, left, mirrored[comparison]];
  const range = boundsOf(oscillator);
  if (!range || typeof level !== "number") return;
  const outcome = fixedOutcome(asked, range, level);
  if (outcome)
    found.push(
      `${where}: ${written} is ${outcome} true: ${nameOf(oscillator).split("(")[0]} runs from ${range[0]} to ${range[1]}.`,
    );
}

/**
 * Rules that no price can change: a bounded oscillator against a level outside its range ("RSI
 * < 130" holds at every bar, "RSI > 100" at none) and a line compared with itself (a 20/20
 * crossover never crosses). Each is named with the rule it sits in; the spec is valid all the
 * same, so these are warnings, not errors.
 */
export function lintSpec(spec: Pick<StrategySpec, "entry" | "exit" | "filters">): string[] {
  const found: string[] = [];
  lintRule(spec.entry, "entry", found);
  if (spec.exit !== undefined) lintRule(spec.exit, "exit", found);
  spec.filters.forEach((filter, index) => lintRule(filter, `filter ${index + 1}`, found));
  return found;
}
