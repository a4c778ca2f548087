import {
  indicatorCatalog,
  type IndicatorName,
  type ParameterRule,
} from "../../../../engine/indicators/catalog.ts";
import { Notation } from "../../describe.ts";
import type { RuleNode, SeriesId, SeriesNode } from "../../expressions.ts";
import type { LoweredStrategy } from "../../lower-strategy.ts";
import { commentLines, pineFloat, pineInt } from "./syntax.ts";

/** Pine's largest history reference (max_bars_back). */
export const maxHistoryBars = 5000;

type IndicatorNode = Extract<SeriesNode, { kind: "indicator" }>;

/** How far back each indicator's Pine function reads its inputs, in bars. */
const historyOf: Record<IndicatorName, (parameters: Record<string, number>) => number> = {
  sma: ({ period }) => period! - 1,
  ema: () => 0,
  wma: ({ period }) => period! - 1,
  dema: () => 0,
  tema: () => 0,
  rsi: () => 0,
  macd: ({ fast }) => fast! - 1,
  bollinger: ({ period }) => period! - 1,
  stochRsi: ({ stochPeriod, dPeriod }) => Math.max(stochPeriod!, dPeriod!) - 1,
  roc: ({ period }) => period!,
  momentum: ({ period }) => period!,
  rollingStd: ({ period }) => period! - 1,
  zScore: ({ period }) => period! - 1,
  linRegSlope: ({ period }) => period! - 1,
  rollingMin: ({ period }) => period! - 1,
  rollingMax: ({ period }) => period! - 1,
  highestBars: ({ period }) => period! - 1,
  lowestBars: ({ period }) => period! - 1,
  atr: () => 1,
  natr: () => 1,
  adx: () => 1,
  plusDi: () => 1,
  minusDi: () => 1,
  stochastic: ({ kPeriod, kSmoothing, dPeriod }) =>
    Math.max(kPeriod!, kSmoothing!, dPeriod!, 2) - 1,
  cci: ({ period }) => period! - 1,
  williamsR: ({ period }) => period! - 1,
  mfi: ({ period }) => period!,
  obv: () => 0,
  vwap: ({ period }) => period!,
  donchian: ({ period }) => period! - 1,
  keltner: () => 1,
  dayOfWeek: () => 0,
  dayOfMonth: () => 0,
  daysToMonthEnd: () => 0,
};

/** The Pine function of each indicator where its name differs from the DSL's. */
const functionOf: Partial<Record<IndicatorName, string>> = {
  dayOfWeek: "utcDayOfWeek",
  dayOfMonth: "utcDayOfMonth",
};

const calendarIndicators: readonly IndicatorName[] = ["dayOfWeek", "dayOfMonth", "daysToMonthEnd"];
const barFields: readonly string[] = ["open", "high", "low", "close", "volume"];
const priceFormula: Record<string, string> = {
  hl2: "(high + low) / 2",
  hlc3: "(high + low + close) / 3",
  ohlc4: "(open + high + low + close) / 4",
};
const infix = { add: "+", sub: "-", mul: "*" } as const;
const helperOf = { div: "divide", min: "smaller", max: "larger" } as const;

/** The strategy's series and rules as Pine statements, with the runtime functions they call. */
export interface CompiledSeries {
  lines: string[];
  calls: Set<string>;
  /** The deepest history any series or rule reads, in bars (max_bars_back). */
  historyBars: number;
  /** Pine expressions of the rules: entry with its filters applied, and exit (null without one). */
  entry: string;
  exit: string | null;
  /** The rules in the DSL's notation, as comments above them. */
  entryComment: string[];
  exitComment: string[];
  /** The Pine expression of a series, for the order logic (ATR distances, sizing). */
  valueOf(id: SeriesId): string;
}

/**
 * Writes every distinct series once, after its inputs (the shared lowering's order), each under a
 * comment in the DSL's notation; lines of a multi-output indicator come from one call.
 */
export function compileSeries(strategy: LoweredStrategy, barDate: string): CompiledSeries {
  const writer = new SeriesWriter(strategy.series, barDate);
  const lines: string[] = [];
  strategy.series.forEach((node, id) => lines.push(...writer.declare(node, id)));
  lines.push("");
  let entry = writer.rule(strategy.entry);
  for (const filter of strategy.filters)
    entry = writer.call("ruleOnlyWhere", entry, writer.rule(filter));
  const exit = strategy.exit === null ? null : writer.rule(strategy.exit);
  const { notation } = writer;
  return {
    lines,
    calls: writer.calls,
    historyBars: writer.historyBars,
    entry,
    exit,
    entryComment: commentLines(
      [
        `Entry: ${notation.rule(strategy.entry)}`,
        ...strategy.filters.map((filter, index) => `Filter ${index + 1}: ${notation.rule(filter)}`),
      ].join("\n"),
    ),
    exitComment:
      strategy.exit === null ? [] : commentLines(`Exit: ${notation.rule(strategy.exit)}`),
    valueOf: (id) => writer.value(id),
  };
}

class SeriesWriter {
  readonly calls = new Set<string>();
  historyBars = 0;
  readonly notation: Notation;
  /** Pine expression of each series: a variable, a bar field or a literal. */
  private readonly values = new Map<SeriesId, string>();
  /** Variable names of a multi-output call, by the call's key. */
  private readonly groups = new Map<string, Record<string, string>>();

  constructor(
    private readonly nodes: readonly SeriesNode[],
    private readonly barDate: string,
  ) {
    this.notation = new Notation(nodes);
  }

  value(id: SeriesId): string {
    const value = this.values.get(id);
    if (value === undefined) throw new RangeError(`series ${id} is used before it is written`);
    return value;
  }

  declare(node: SeriesNode, id: SeriesId): string[] {
    if (node.kind === "constant") {
      this.values.set(id, pineFloat(node.value));
      return [];
    }
    if (node.kind === "price" && barFields.includes(node.field)) {
      this.values.set(id, node.field);
      return [];
    }
    if (node.kind === "indicator" && node.output !== null) return this.declareLines(node, id);
    const name = `s${id}_${label(node)}`;
    this.values.set(id, name);
    return [...commentLines(this.notation.series(id)), `float ${name} = ${this.expression(node)}`];
  }

  /** One call for every line of a multi-output indicator, declared where the first is used. */
  private declareLines(node: IndicatorNode, id: SeriesId): string[] {
    const key = JSON.stringify({ ...node, output: null });
    const known = this.groups.get(key);
    if (known !== undefined) {
      this.values.set(id, known[node.output!]!);
      return [];
    }
    const outputs = indicatorCatalog[node.name].outputs!;
    const names = Object.fromEntries(
      outputs.map((output) => [output, `s${id}_${node.name}_${output}`]),
    );
    this.groups.set(key, names);
    this.values.set(id, names[node.output!]!);
    // The call's notation without the line's `.output`.
    const call = this.notation.series(id).replace(/\.\w+$/, "");
    return [
      ...commentLines(call),
      `[${Object.values(names).join(", ")}] = ${this.indicatorCall(node)}`,
    ];
  }

  private expression(node: Exclude<SeriesNode, { kind: "constant" }>): string {
    switch (node.kind) {
      case "price":
        return priceFormula[node.field]!;
      case "arithmetic": {
        const [left, right] = [this.value(node.left), this.value(node.right)];
        if (node.operator in infix)
          return `${left} ${infix[node.operator as keyof typeof infix]} ${right}`;
        return this.call(helperOf[node.operator as keyof typeof helperOf], left, right);
      }
      case "abs":
        return `math.abs(${this.value(node.of)})`;
      case "lag": {
        this.needHistory(node.bars, `lag of ${node.bars} bars`);
        const source = this.nodes[node.of]!;
        // A literal has no history: its lag is undefined for the first bars only.
        return source.kind === "constant"
          ? `bar_index >= ${pineInt(node.bars)} ? ${this.value(node.of)} : na`
          : `${this.value(node.of)}[${pineInt(node.bars)}]`;
      }
      case "indicator":
        return this.indicatorCall(node);
    }
  }

  private indicatorCall(node: IndicatorNode): string {
    const rules = indicatorCatalog[node.name].parameters as Record<string, ParameterRule>;
    this.needHistory(
      historyOf[node.name](node.parameters),
      `${node.name} ${JSON.stringify(node.parameters)}`,
    );
    const parameters = Object.entries(node.parameters).map(([key, value]) =>
      rules[key]!.integer ? pineInt(value) : pineFloat(value),
    );
    const inputs = calendarIndicators.includes(node.name)
      ? [this.barDate]
      : node.source === null
        ? []
        : [this.value(node.source)];
    return this.call(functionOf[node.name] ?? node.name, ...inputs, ...parameters);
  }

  rule(node: RuleNode): string {
    switch (node.kind) {
      case "constant":
        return node.value ? "RULE_TRUE" : "RULE_FALSE";
      case "compare": {
        const [left, right] = [this.value(node.left), this.value(node.right)];
        const strict = node.operator === "gt" || node.operator === "lt";
        // a < b is b > a, a <= b is b >= a, as the engine evaluates them.
        const [first, second] =
          node.operator === "gt" || node.operator === "gte" ? [left, right] : [right, left];
        return this.call(strict ? "ruleGreater" : "ruleGreaterOrEqual", first, second);
      }
      case "cross": {
        this.needHistory(1, "a cross");
        const [left, right] = [this.value(node.left), this.value(node.right)];
        // a crosses below b is b crossing above a.
        return node.direction === "above"
          ? this.call("ruleCrossAbove", left, right)
          : this.call("ruleCrossAbove", right, left);
      }
      case "all":
      case "any": {
        const combine = node.kind === "all" ? "ruleAnd" : "ruleOr";
        // Kleene and/or are associative: pairwise nesting gives the engine's n-ary result.
        return node.parts
          .map((part) => this.rule(part))
          .reduce((combined, part) => this.call(combine, combined, part));
      }
      case "not":
        return this.call("ruleNot", this.rule(node.part));
    }
  }

  call(name: string, ...parts: string[]): string {
    this.calls.add(name);
    return `${name}(${parts.join(", ")})`;
  }

  needHistory(bars: number, what: string): void {
    if (bars > maxHistoryBars)
      throw new RangeError(
        `the pine target reads at most ${maxHistoryBars} bars of history (Pine's max_bars_back); ${what} needs ${bars}`,
      );
    this.historyBars = Math.max(this.historyBars, bars);
  }
}

function label(node: Exclude<SeriesNode, { kind: "constant" }>): string {
  switch (node.kind) {
    case "price":
      return node.field;
    case "arithmetic":
      return node.operator;
    case "indicator":
      return node.name;
    default:
      return node.kind;
  }
}
