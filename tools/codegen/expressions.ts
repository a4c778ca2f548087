import {
  indicatorCatalog,
  withDefaults,
  type IndicatorName,
} from "../../engine/indicators/catalog.ts";
import type {
  IndicatorCall,
  NumericExpression,
  PriceSource,
  Rule,
} from "../../engine/strategy/spec.ts";

export type ArithmeticOperator = "add" | "sub" | "mul" | "div" | "min" | "max";
export type ComparisonOperator = "gt" | "gte" | "lt" | "lte";

/** Index of a series in `SeriesGraph.nodes`. */
export type SeriesId = number;

/** One distinct number series of a strategy; its inputs are series listed before it. */
export type SeriesNode =
  | { kind: "constant"; value: number }
  | { kind: "price"; field: PriceSource }
  | { kind: "arithmetic"; operator: ArithmeticOperator; left: SeriesId; right: SeriesId }
  | { kind: "abs"; of: SeriesId }
  | { kind: "lag"; of: SeriesId; bars: number }
  | {
      kind: "indicator";
      name: IndicatorName;
      /** Every parameter of the indicator, defaults filled in, in the catalog's order. */
      parameters: Record<string, number>;
      /** The series it is computed on; null for indicators computed on the bars (ATR, ADX ...). */
      source: SeriesId | null;
      /** The line of a multi-output indicator; null for single-series ones. */
      output: string | null;
    };

/** A rule as a tree over series ids, with the engine's three-valued logic (see engine/strategy/rules.ts). */
export type RuleNode =
  | { kind: "constant"; value: boolean }
  | { kind: "compare"; operator: ComparisonOperator; left: SeriesId; right: SeriesId }
  | { kind: "cross"; direction: "above" | "below"; left: SeriesId; right: SeriesId }
  | { kind: "all"; parts: RuleNode[] }
  | { kind: "any"; parts: RuleNode[] }
  | { kind: "not"; part: RuleNode };

/**
 * What a series is, for variable names in generated code ("s3_sma", "s5_macd_signal"); the id
 * prefix keeps names distinct. `style` rewrites the indicator label (Python wants snake_case).
 */
export function seriesLabel(
  id: SeriesId,
  node: SeriesNode,
  style: (label: string) => string = (label) => label,
): string {
  const label =
    node.kind === "price"
      ? node.field
      : node.kind === "constant"
        ? "constant"
        : node.kind === "arithmetic"
          ? node.operator
          : node.kind === "indicator"
            ? style(node.output === null ? node.name : `${node.name}_${node.output}`)
            : node.kind;
  return `s${id}_${label}`;
}

const arithmeticOperators: readonly string[] = ["add", "sub", "mul", "div", "min", "max"];
const comparisonOperators: readonly string[] = ["gt", "gte", "lt", "lte"];
const crossOperators: readonly string[] = ["crossAbove", "crossBelow"];

/**
 * The shared lowering of every target: a strategy's numeric expressions become a graph of
 * distinct series, each listed once and after its inputs (the engine caches equal expressions
 * the same way), and its rules become trees over those series. Targets render the nodes in
 * order, so no target walks the spec's JSON itself.
 */
export class SeriesGraph {
  readonly nodes: SeriesNode[] = [];
  private readonly idsByKey = new Map<string, SeriesId>();

  series(expression: NumericExpression): SeriesId {
    if (typeof expression === "number") return this.add({ kind: "constant", value: expression });
    if (typeof expression === "string") return this.add({ kind: "price", field: expression });
    const [operator, argument] = onlyEntry(expression);
    if (arithmeticOperators.includes(operator)) {
      const [left, right] = argument as [NumericExpression, NumericExpression];
      return this.add({
        kind: "arithmetic",
        operator: operator as ArithmeticOperator,
        left: this.series(left),
        right: this.series(right),
      });
    }
    if (operator === "abs")
      return this.add({ kind: "abs", of: this.series(argument as NumericExpression) });
    if (operator === "lag") {
      const { of, bars } = argument as { of: NumericExpression; bars: number };
      return this.add({ kind: "lag", of: this.series(of), bars });
    }
    if (operator in indicatorCatalog)
      return this.indicator(operator as IndicatorName, argument as IndicatorCall);
    throw new RangeError(`unknown expression operator "${operator}"`);
  }

  rule(rule: Rule): RuleNode {
    if (typeof rule === "boolean") return { kind: "constant", value: rule };
    const [operator, argument] = onlyEntry(rule);
    if (comparisonOperators.includes(operator) || crossOperators.includes(operator)) {
      const [left, right] = (argument as [NumericExpression, NumericExpression]).map((side) =>
        this.series(side),
      ) as [SeriesId, SeriesId];
      if (operator === "crossAbove") return { kind: "cross", direction: "above", left, right };
      if (operator === "crossBelow") return { kind: "cross", direction: "below", left, right };
      return { kind: "compare", operator: operator as ComparisonOperator, left, right };
    }
    if (operator === "and" || operator === "or") {
      const parts = (argument as Rule[]).map((part) => this.rule(part));
      return { kind: operator === "and" ? "all" : "any", parts };
    }
    if (operator === "not") return { kind: "not", part: this.rule(argument as Rule) };
    throw new RangeError(`unknown rule operator "${operator}"`);
  }

  private indicator(name: IndicatorName, call: IndicatorCall): SeriesId {
    const definition = indicatorCatalog[name];
    const outputs: readonly string[] | null = definition.outputs;
    if (outputs !== null && (call.output === undefined || !outputs.includes(call.output))) {
      throw new RangeError(
        `${name} needs "output": one of ${outputs.join(", ")} (was ${call.output ?? "missing"})`,
      );
    }
    return this.add({
      kind: "indicator",
      name,
      parameters: withDefaults(name, call),
      source: definition.usesSource ? this.series(call.source ?? "close") : null,
      output: outputs === null ? null : call.output!,
    });
  }

  private add(node: SeriesNode): SeriesId {
    // Inputs are ids already, so equal expressions give equal keys.
    const key = JSON.stringify(node);
    let id = this.idsByKey.get(key);
    if (id === undefined) {
      id = this.nodes.length;
      this.nodes.push(node);
      this.idsByKey.set(key, id);
    }
    return id;
  }
}

function onlyEntry(value: object): [string, unknown] {
  const entries = Object.entries(value);
  if (entries.length !== 1) {
    throw new RangeError(
      `an expression or rule object has exactly one key (had ${entries.length}: ${Object.keys(value).join(", ")})`,
    );
  }
  return entries[0]!;
}
