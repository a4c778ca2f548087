import { indicatorCatalog, type ParameterRule } from "../../../../engine/indicators/catalog.ts";
import { Notation } from "../../describe.ts";
import { seriesLabel, type RuleNode, type SeriesId, type SeriesNode } from "../../expressions.ts";
import type { LoweredExit, LoweredSizing, LoweredStrategy } from "../../lower-strategy.ts";
import { commentLines, pythonFloat, pythonInt, pythonString, snakeCase } from "./syntax.ts";

const barFields: readonly string[] = ["open", "high", "low", "close", "volume"];
const seriesFunctionOf = {
  add: "add",
  sub: "sub",
  mul: "mul",
  div: "div",
  min: "smaller",
  max: "larger",
} as const;

/** The compiled part of a Python file and the runtime functions it calls. */
export interface CompiledPlan {
  code: string;
  calls: Set<string>;
}

/**
 * Renders the strategy's settings, `wanted_notional` and `compute_plan(bars)`: one line per
 * distinct series (each under a comment in the DSL's notation), then the rules over them.
 */
export function compilePlan(strategy: LoweredStrategy): CompiledPlan {
  const writer = new PlanWriter(strategy.series);
  const body: string[] = [];
  const assign = (comment: string | null, target: string, code: string) => {
    if (comment !== null) body.push(...commentLines(comment, "    "));
    body.push(`    ${target} = ${code}`);
  };
  strategy.series.forEach((node, id) => {
    // A bar field or a constant says what it is without a comment.
    const obvious = node.kind === "price" || node.kind === "constant";
    assign(obvious ? null : writer.notation.series(id), writer.name(id), writer.series(node));
  });
  const ruleComment = (label: string, node: RuleNode) => `${label}: ${writer.notation.rule(node)}`;
  assign(ruleComment("Entry", strategy.entry), "entry", writer.rule(strategy.entry));
  strategy.filters.forEach((filter, index) => {
    const allowed = writer.rule(filter);
    const code = writer.call("only_where", "entry", allowed);
    assign(ruleComment(`Filter ${index + 1}`, filter), "entry", code);
  });
  if (strategy.exit === null) assign("No exit rule.", "exit_signals", "None");
  else assign(ruleComment("Exit", strategy.exit), "exit_signals", writer.rule(strategy.exit));
  body.push(
    "    return Plan(",
    "        bars,",
    "        entry,",
    "        exit_signals,",
    `        size_fraction=${writer.sizeFraction(strategy.sizing)},`,
    `        stop_loss=${writer.exit(strategy.stopLoss)},`,
    `        take_profit=${writer.exit(strategy.takeProfit)},`,
    `        trailing_stop=${writer.exit(strategy.trailingStop)},`,
    "    )",
  );

  const code = [
    ...settings(strategy),
    "",
    "",
    ...wantedNotional(strategy.sizing),
    "",
    "",
    "def compute_plan(bars):",
    '    """Signals of one symbol: every series and rule of the spec on its bars, NaN and',
    '    UNKNOWN where undefined (warm-up). Equal expressions are computed once."""',
    ...(writer.usesLength ? ["    length = len(bars.close)"] : []),
    ...body,
  ].join("\n");
  return { code, calls: writer.calls };
}

function settings(strategy: LoweredStrategy): string[] {
  const { spec } = strategy;
  const universe = spec.universe.map(pythonString).join(", ");
  return [
    `UNIVERSE = (${universe}${spec.universe.length === 1 ? "," : ""})`,
    `DIRECTION = ${strategy.direction}  # ${spec.side}`,
    `FEE_RATE = ${pythonFloat(strategy.feeRate)}  # ${spec.costs.feeBps} bps of notional per fill`,
    `SLIPPAGE_RATE = ${pythonFloat(strategy.slippageRate)}  # ${spec.costs.slippageBps} bps against every market fill`,
    `TIME_EXIT_BARS = ${strategy.timeExitBars === null ? "None" : pythonInt(strategy.timeExitBars)}`,
  ];
}

function wantedNotional(sizing: LoweredSizing): string[] {
  const [doc, value] =
    sizing.kind === "fraction"
      ? ["a fixed fraction of equity.", `${pythonFloat(sizing.fraction)} * equity`]
      : sizing.kind === "notional"
        ? ["a fixed amount of cash.", pythonFloat(sizing.notional)]
        : [
            "the volatility target's fraction of equity on the signal bar (NaN: no entry).",
            "plan.size_fraction[signal_bar] * equity",
          ];
  return [
    "def wanted_notional(plan, signal_bar, equity):",
    `    """Cash a new position wants before the buying-power cap: ${doc}"""`,
    `    return ${value}`,
  ];
}

/** Names series and writes Python expressions for nodes, recording the runtime functions used. */
class PlanWriter {
  readonly calls = new Set<string>();
  readonly notation: Notation;
  /** Whether a constant series or rule needs `length`, the number of bars. */
  usesLength = false;

  constructor(private readonly nodes: readonly SeriesNode[]) {
    this.notation = new Notation(nodes);
  }

  name(id: SeriesId): string {
    return seriesLabel(id, this.nodes[id]!, snakeCase);
  }

  series(node: SeriesNode): string {
    switch (node.kind) {
      case "constant":
        this.usesLength = true;
        return `[${pythonFloat(node.value)}] * length`;
      case "price":
        return barFields.includes(node.field)
          ? `bars.${node.field}`
          : this.call(node.field, "bars");
      case "arithmetic":
        return this.call(
          seriesFunctionOf[node.operator],
          this.name(node.left),
          this.name(node.right),
        );
      case "abs":
        return this.call("absolute", this.name(node.of));
      case "lag":
        return this.call("lag", this.name(node.of), pythonInt(node.bars));
      case "indicator": {
        const rules = indicatorCatalog[node.name].parameters as Record<string, ParameterRule>;
        const parameters = Object.entries(node.parameters).map(
          ([key, value]) =>
            `${snakeCase(key)}=${rules[key]!.integer ? pythonInt(value) : pythonFloat(value)}`,
        );
        const input = node.source === null ? "bars" : this.name(node.source);
        const call = this.call(snakeCase(node.name), input, ...parameters);
        return node.output === null ? call : `${call}[${pythonString(node.output)}]`;
      }
    }
  }

  rule(node: RuleNode): string {
    switch (node.kind) {
      case "constant":
        this.usesLength = true;
        return `[${node.value ? "TRUE" : "FALSE"}] * length`;
      case "compare": {
        const [left, right] = [this.name(node.left), this.name(node.right)];
        const strict = node.operator === "gt" || node.operator === "lt";
        // a < b is b > a, a <= b is b >= a.
        const [first, second] =
          node.operator === "gt" || node.operator === "gte" ? [left, right] : [right, left];
        return this.call(strict ? "greater" : "greater_or_equal", first, second);
      }
      case "cross": {
        const [left, right] = [this.name(node.left), this.name(node.right)];
        // a crosses below b is b crossing above a.
        return node.direction === "above"
          ? this.call("crosses_above", left, right)
          : this.call("crosses_above", right, left);
      }
      case "all":
      case "any":
        return this.call(
          node.kind === "all" ? "all_of" : "any_of",
          ...node.parts.map((part) => this.rule(part)),
        );
      case "not":
        return this.call("negate", this.rule(node.part));
    }
  }

  sizeFraction(sizing: LoweredSizing): string {
    if (sizing.kind !== "volatilityTarget") return "None";
    return this.call(
      "volatility_target_fraction",
      "bars.close",
      pythonFloat(sizing.annualVolatilityPercent),
      pythonInt(sizing.lookbackBars),
      pythonFloat(sizing.maxFractionOfEquity),
      pythonInt(sizing.barsPerYear),
    );
  }

  exit(exit: LoweredExit | null): string {
    if (exit === null) return "None";
    return exit.kind === "percent"
      ? `("percent", ${pythonFloat(exit.percent)})`
      : `("atr", ${pythonFloat(exit.multiple)}, ${this.name(exit.atr)})`;
  }

  call(name: string, ...parts: string[]): string {
    this.calls.add(name);
    return `${name}(${parts.join(", ")})`;
  }
}
