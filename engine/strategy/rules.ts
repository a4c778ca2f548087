import type { ExpressionEvaluator } from "./expressions.ts";
import type { NumericExpression, Rule } from "./spec.ts";

/**
 * Rules use three-valued (Kleene) logic per bar: FALSE, TRUE, or UNKNOWN while an input is
 * undefined (warm-up). UNKNOWN never fires a signal, and `not` keeps it UNKNOWN, so
 * `not (close > sma200)` cannot fire before sma200 exists.
 */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;

const comparisons = ["gt", "gte", "lt", "lte"] as const;
type Comparison = (typeof comparisons)[number];

export function evaluateRule(rule: Rule, expressions: ExpressionEvaluator): Uint8Array {
  const length = expressions.bars.close.length;
  if (typeof rule === "boolean") return new Uint8Array(length).fill(rule ? TRUE : FALSE);
  const [operator, argument] = Object.entries(rule)[0] as [string, unknown];
  if ((comparisons as readonly string[]).includes(operator)) {
    const [left, right] = operands(argument, expressions);
    return compare(operator as Comparison, left, right);
  }
  if (operator === "crossAbove" || operator === "crossBelow") {
    const [left, right] = operands(argument, expressions);
    return operator === "crossAbove"
      ? cross(left, right, expressions)
      : cross(right, left, expressions);
  }
  if (operator === "and" || operator === "or") {
    const parts = (argument as Rule[]).map((part) => evaluateRule(part, expressions));
    return operator === "and" ? conjunction(parts, length) : disjunction(parts, length);
  }
  if (operator === "not") {
    return evaluateRule(argument as Rule, expressions).map((value) =>
      value === UNKNOWN ? UNKNOWN : 1 - value,
    );
  }
  throw new RangeError(`unknown rule operator "${operator}"`);
}

function operands(
  argument: unknown,
  expressions: ExpressionEvaluator,
): [Float64Array, Float64Array] {
  const [left, right] = argument as [NumericExpression, NumericExpression];
  return [expressions.evaluate(left), expressions.evaluate(right)];
}

function compare(operator: Comparison, left: Float64Array, right: Float64Array): Uint8Array {
  // "a < b" is "b > a" and "a <= b" is "b >= a": two loops cover the four operators.
  const [a, b] = operator === "gt" || operator === "gte" ? [left, right] : [right, left];
  return operator === "gt" || operator === "lt" ? greater(a, b) : greaterOrEqual(a, b);
}

function greater(a: Float64Array, b: Float64Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < out.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    out[i] = x !== x || y !== y ? UNKNOWN : x > y ? TRUE : FALSE;
  }
  return out;
}

function greaterOrEqual(a: Float64Array, b: Float64Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < out.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    out[i] = x !== x || y !== y ? UNKNOWN : x >= y ? TRUE : FALSE;
  }
  return out;
}

/**
 * `a` crosses above `b` at t: a[t] > b[t] and a[t-1] <= b[t-1], with both sides defined at t-1
 * and t. The same pass also yields `b` crossing above `a` (b - a is exactly -(a - b)), which the
 * evaluator keeps until asked for once: a crossover's exit, crossBelow of its entry's lines,
 * then costs no second pass. Each array goes to one caller only, as callers may change it.
 */
function cross(a: Float64Array, b: Float64Array, expressions: ExpressionEvaluator): Uint8Array {
  const kept = expressions.reverseCross;
  if (kept !== null && kept.above === a && kept.below === b) {
    expressions.reverseCross = null;
    return kept.signals;
  }
  // A local integer bound over both inputs, and stores only where the answer is not FALSE (the
  // fill value): the loop runs about a quarter faster than with a ternary on `out.length`.
  const length = Math.min(a.length, b.length);
  const out = new Uint8Array(length);
  const reverse = new Uint8Array(length);
  if (length > 0) {
    out[0] = UNKNOWN;
    reverse[0] = UNKNOWN;
  }
  let before = a[0]! - b[0]!;
  for (let t = 1; t < length; t++) {
    const now = a[t]! - b[t]!;
    // The common bar first: both defined, same strict sign (a NaN makes the product NaN).
    if (now * before > 0) {
      before = now;
      continue;
    }
    // x !== x is NaN: undefined on either bar makes the cross unknown.
    if (now !== now || before !== before) {
      out[t] = UNKNOWN;
      reverse[t] = UNKNOWN;
    } else if (now > 0 && before <= 0) out[t] = TRUE;
    else if (now < 0 && before >= 0) reverse[t] = TRUE;
    before = now;
  }
  expressions.reverseCross = { above: b, below: a, signals: reverse };
  return out;
}

function conjunction(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length).fill(TRUE);
  for (const part of parts) {
    for (let i = 0; i < length; i++) {
      const value = part[i]!;
      if (value === FALSE) out[i] = FALSE;
      else if (value === UNKNOWN && out[i] === TRUE) out[i] = UNKNOWN;
    }
  }
  return out;
}

function disjunction(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length).fill(FALSE);
  for (const part of parts) {
    for (let i = 0; i < length; i++) {
      const value = part[i]!;
      if (value === TRUE) out[i] = TRUE;
      else if (value === UNKNOWN && out[i] === FALSE) out[i] = UNKNOWN;
    }
  }
  return out;
}
