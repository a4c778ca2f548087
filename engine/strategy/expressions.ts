import {
  indicatorCatalog,
  withDefaults,
  type IndicatorDefinition,
  type IndicatorName,
  type IndicatorOutput,
} from "../indicators/catalog.ts";
import type { BarSeries } from "../types.ts";
import type { ArrayArena } from "./array-arena.ts";
import type { IndicatorCall, NumericExpression, PriceSource } from "./spec.ts";

const arithmetic = ["add", "sub", "mul", "div", "min", "max"] as const;
type ArithmeticOperator = (typeof arithmetic)[number];

/**
 * Evaluates numeric expressions over one symbol's bars into Float64Arrays (NaN where undefined,
 * e.g. during an indicator's warm-up). Results are cached per expression, so an indicator
 * used by both the entry and the exit rule is computed once. With an arena, the arrays that
 * indicators and constants are written into come from it and go back to it on `release()`.
 */
export class ExpressionEvaluator {
  private readonly cache = new Map<string, Float64Array>();
  private readonly length: number;
  /** Arrays taken from the arena, for `release()`. */
  private readonly taken: Float64Array[] = [];
  /** Where `above` crosses above `below`, from the last cross computed (see rules.ts). */
  reverseCross: { above: Float64Array; below: Float64Array; signals: Uint8Array } | null = null;

  constructor(
    readonly bars: BarSeries,
    private readonly arena: ArrayArena | null = null,
  ) {
    this.length = bars.close.length;
  }

  /**
   * Gives every array taken from the arena back to it and forgets what was computed, so the
   * evaluator starts over empty. Nothing evaluated before may be read after this.
   */
  release(): void {
    this.arena?.give(this.taken);
    this.taken.length = 0;
    this.cache.clear();
    // It points at arrays that may come back from the arena for other expressions.
    this.reverseCross = null;
  }

  evaluate(expression: NumericExpression): Float64Array {
    const key = typeof expression === "object" ? JSON.stringify(expression) : String(expression);
    let values = this.cache.get(key);
    if (!values) {
      values = this.compute(expression);
      this.cache.set(key, values);
    }
    return values;
  }

  private compute(expression: NumericExpression): Float64Array {
    if (typeof expression === "number") return this.take().fill(expression);
    if (typeof expression === "string") return this.price(expression);
    const [operator, argument] = Object.entries(expression)[0] as [string, unknown];
    if ((arithmetic as readonly string[]).includes(operator)) {
      const [left, right] = argument as [NumericExpression, NumericExpression];
      return combine(operator as ArithmeticOperator, this.evaluate(left), this.evaluate(right));
    }
    if (operator === "abs") return this.evaluate(argument as NumericExpression).map(Math.abs);
    if (operator === "lag") {
      const { of, bars } = argument as { of: NumericExpression; bars: number };
      return lag(this.evaluate(of), bars);
    }
    if (operator in indicatorCatalog)
      return this.indicator(operator as IndicatorName, argument as IndicatorCall);
    throw new RangeError(`unknown expression operator "${operator}"`);
  }

  private indicator(name: IndicatorName, call: IndicatorCall): Float64Array {
    const definition: IndicatorDefinition = indicatorCatalog[name];
    const source = definition.usesSource ? this.evaluate(call.source ?? "close") : this.bars.close;
    const out =
      definition.outputs === null
        ? this.take()
        : Object.fromEntries(definition.outputs.map((line) => [line, this.take()]));
    const output: IndicatorOutput = definition.compute(
      this.bars,
      source,
      withDefaults(name, call),
      out,
    );
    if (output instanceof Float64Array) return output;
    const line = call.output;
    const values = line === undefined ? undefined : output[line];
    if (!values) {
      throw new RangeError(
        `${name} needs "output": one of ${Object.keys(output).join(", ")} (was ${line ?? "missing"})`,
      );
    }
    return values;
  }

  private take(): Float64Array {
    if (this.arena === null) return new Float64Array(this.length);
    const array = this.arena.take(this.length);
    this.taken.push(array);
    return array;
  }

  private price(source: PriceSource): Float64Array {
    const { open, high, low, close } = this.bars;
    switch (source) {
      case "hl2":
        return high.map((h, i) => (h + low[i]!) / 2);
      case "hlc3":
        return high.map((h, i) => (h + low[i]! + close[i]!) / 3);
      case "ohlc4":
        return high.map((h, i) => (open[i]! + h + low[i]! + close[i]!) / 4);
      default:
        return this.bars[source];
    }
  }
}

function combine(
  operator: ArithmeticOperator,
  left: Float64Array,
  right: Float64Array,
): Float64Array {
  const out = new Float64Array(left.length);
  for (let i = 0; i < out.length; i++) {
    const a = left[i]!;
    const b = right[i]!;
    switch (operator) {
      case "add":
        out[i] = a + b;
        break;
      case "sub":
        out[i] = a - b;
        break;
      case "mul":
        out[i] = a * b;
        break;
      case "div":
        // Division by zero is undefined, not infinite: it must not trigger comparisons.
        out[i] = b === 0 ? NaN : a / b;
        break;
      case "min":
        out[i] = Math.min(a, b);
        break;
      case "max":
        out[i] = Math.max(a, b);
        break;
    }
  }
  return out;
}

/** Value `bars` bars ago; NaN where there is no such bar. */
function lag(values: Float64Array, bars: number): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  out.set(values.subarray(0, Math.max(0, values.length - bars)), Math.min(bars, values.length));
  return out;
}
