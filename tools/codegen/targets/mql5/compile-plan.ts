import { indicatorCatalog, type ParameterRule } from "../../../../engine/indicators/catalog.ts";
import { Notation } from "../../describe.ts";
import {
  seriesLabel,
  type ArithmeticOperator,
  type RuleNode,
  type SeriesId,
  type SeriesNode,
} from "../../expressions.ts";
import type { LoweredExit, LoweredSizing, LoweredStrategy } from "../../lower-strategy.ts";
import { commentLines, mql5Double, mql5Int } from "./syntax.ts";

const barFields: readonly string[] = ["open", "high", "low", "close", "volume"];
const operatorCharacters: Record<ArithmeticOperator, string> = {
  add: "'+'",
  sub: "'-'",
  mul: "'*'",
  div: "'/'",
  min: "'m'",
  max: "'M'",
};

/** The compiled part of an MQL5 file and the runtime functions it calls. */
export interface CompiledPlan {
  /** The #defines of the strategy's exits, sizing and time exit. */
  settings: string;
  /** `WantedNotional` and `ComputePlan`. */
  code: string;
  calls: Set<string>;
}

/**
 * Renders `ComputePlan(bars, plan)`: one statement per distinct series (each under a comment in
 * the DSL's notation) into a named array, then the rules over them, three-valued, into the plan.
 */
export function compilePlan(strategy: LoweredStrategy): CompiledPlan {
  const writer = new PlanWriter(strategy.series);
  const body: string[] = [];
  strategy.series.forEach((node, id) => {
    const obvious = node.kind === "price" || node.kind === "constant";
    if (!obvious) body.push(...commentLines(writer.notation.series(id), "   "));
    body.push(`   double ${writer.name(id)}[];`, `   ${writer.series(node, writer.name(id))};`);
  });
  const rule = (label: string, node: RuleNode): string => {
    body.push(...commentLines(`${label}: ${writer.notation.rule(node)}`, "   "));
    return writer.rule(node, body);
  };
  const entry = rule("Entry", strategy.entry);
  strategy.filters.forEach((filter, index) => {
    const allowed = rule(`Filter ${index + 1}`, filter);
    body.push(`   ${writer.call("OnlyWhere", entry, allowed)};`);
  });
  body.push(`   ArrayCopy(plan.entry, ${entry});`);
  if (strategy.exit === null) {
    body.push("   // No exit rule.", "   plan.hasExit = false;");
  } else {
    body.push(`   ArrayCopy(plan.exitSignals, ${rule("Exit", strategy.exit)});`);
    body.push("   plan.hasExit = true;");
  }
  const exits: [string, LoweredExit | null][] = [
    ["stopAtr", strategy.stopLoss],
    ["targetAtr", strategy.takeProfit],
    ["trailAtr", strategy.trailingStop],
  ];
  for (const [field, exit] of exits) {
    if (exit?.kind === "atr") body.push(`   ArrayCopy(plan.${field}, ${writer.name(exit.atr)});`);
  }
  if (strategy.sizing.kind === "volatilityTarget") {
    const { annualVolatilityPercent, lookbackBars, maxFractionOfEquity, barsPerYear } =
      strategy.sizing;
    const call = writer.call(
      "VolatilityTargetFraction",
      "bars.close",
      mql5Double(annualVolatilityPercent),
      mql5Int(lookbackBars),
      mql5Double(maxFractionOfEquity),
      mql5Int(barsPerYear),
      "plan.sizeFraction",
    );
    body.push(`   ${call};`);
  }
  const code = [
    ...wantedNotional(strategy.sizing),
    "",
    "// Signals of one symbol over its bars, oldest first: every series and rule of the spec,",
    "// undefined and RULE_UNKNOWN where undefined (warm-up). Equal expressions are computed once.",
    "void ComputePlan(const BarSeries &bars, Plan &plan)",
    "  {",
    ...(writer.usesLength ? ["   int length = ArraySize(bars.close);"] : []),
    ...body,
    "  }",
  ].join("\n");
  return { settings: settings(strategy), code, calls: writer.calls };
}

function settings(strategy: LoweredStrategy): string {
  const { spec } = strategy;
  const exit = (name: string, exit: LoweredExit | null): string[] => {
    const kind =
      exit === null ? "EXIT_NONE" : exit.kind === "percent" ? "EXIT_PERCENT" : "EXIT_ATR";
    const value = exit === null ? 0 : exit.kind === "percent" ? exit.percent : exit.multiple;
    return [`#define ${name}_KIND ${kind}`, `#define ${name}_VALUE ${mql5Double(value)}`];
  };
  return [
    `#define DIRECTION ${strategy.direction} // ${spec.side}`,
    `#define FEE_RATE ${mql5Double(strategy.feeRate)} // ${spec.costs.feeBps} bps of notional per fill (sizes positions; the broker charges its own)`,
    `#define SLIPPAGE_RATE ${mql5Double(strategy.slippageRate)} // ${spec.costs.slippageBps} bps in the backtest; real fills slip by the market`,
    `#define TIME_EXIT_BARS ${strategy.timeExitBars ?? 0} // bars held before a time exit (0: none)`,
    "// Exits: EXIT_NONE, EXIT_PERCENT (value: percent of the fill) or EXIT_ATR (value: multiple of",
    "// the ATR on the signal bar, whose series ComputePlan puts in the plan).",
    ...exit("STOP_LOSS", strategy.stopLoss),
    ...exit("TAKE_PROFIT", strategy.takeProfit),
    ...exit("TRAILING_STOP", strategy.trailingStop),
  ].join("\n");
}

function wantedNotional(sizing: LoweredSizing): string[] {
  const [doc, value] =
    sizing.kind === "fraction"
      ? ["a fraction of equity (InpFractionOfEquity)", "InpFractionOfEquity * equity"]
      : sizing.kind === "notional"
        ? ["a fixed amount of cash (InpFixedNotional)", "InpFixedNotional"]
        : [
            "the volatility target's fraction of equity on the signal bar (undefined: no entry)",
            "plan.sizeFraction[signalBar] * equity",
          ];
  return [
    `// Cash a new position wants before the buying-power cap: ${doc}.`,
    "double WantedNotional(const Plan &plan, int signalBar, double equity)",
    "  {",
    `   return ${value};`,
    "  }",
  ];
}

/** Names series and writes MQL5 statements for nodes, recording the runtime functions used. */
class PlanWriter {
  readonly calls = new Set<string>();
  readonly notation: Notation;
  usesLength = false;
  private rules = 0;

  constructor(private readonly nodes: readonly SeriesNode[]) {
    this.notation = new Notation(nodes);
  }

  name(id: SeriesId): string {
    return seriesLabel(id, this.nodes[id]!);
  }

  /** The statement that fills `out` with the node's values. */
  series(node: SeriesNode, out: string): string {
    switch (node.kind) {
      case "constant":
        this.usesLength = true;
        return this.call("Constant", "length", mql5Double(node.value), out);
      case "price":
        if (barFields.includes(node.field)) return `ArrayCopy(${out}, bars.${node.field})`;
        return this.call(node.field[0]!.toUpperCase() + node.field.slice(1), "bars", out);
      case "arithmetic":
        return this.call(
          "Arithmetic",
          this.name(node.left),
          operatorCharacters[node.operator],
          this.name(node.right),
          out,
        );
      case "abs":
        return this.call("Absolute", this.name(node.of), out);
      case "lag":
        return this.call("Lag", this.name(node.of), mql5Int(node.bars), out);
      case "indicator": {
        const rules = indicatorCatalog[node.name].parameters as Record<string, ParameterRule>;
        const parameters = Object.entries(node.parameters).map(([key, value]) =>
          rules[key]!.integer ? mql5Int(value) : mql5Double(value),
        );
        const input = node.source === null ? "bars" : this.name(node.source);
        const line = node.output === null ? [] : [`OUT_${node.output.toUpperCase()}`];
        return this.call(functionName(node.name), input, ...parameters, ...line, out);
      }
    }
  }

  /** Appends the statements that evaluate a rule and returns the array holding it. */
  rule(node: RuleNode, body: string[]): string {
    switch (node.kind) {
      case "constant": {
        this.usesLength = true;
        const out = this.newRule(body);
        const value = node.value ? "RULE_TRUE" : "RULE_FALSE";
        body.push(`   ${this.call("ConstantRule", "length", value, out)};`);
        return out;
      }
      case "compare": {
        const [left, right] = [this.name(node.left), this.name(node.right)];
        // a < b is b > a, a <= b is b >= a.
        const [first, second] =
          node.operator === "gt" || node.operator === "gte" ? [left, right] : [right, left];
        const orEqual = node.operator === "gte" || node.operator === "lte";
        const out = this.newRule(body);
        body.push(`   ${this.call("Greater", first, second, String(orEqual), out)};`);
        return out;
      }
      case "cross": {
        const [left, right] = [this.name(node.left), this.name(node.right)];
        // a crosses below b is b crossing above a.
        const [first, second] = node.direction === "above" ? [left, right] : [right, left];
        const out = this.newRule(body);
        body.push(`   ${this.call("CrossesAbove", first, second, out)};`);
        return out;
      }
      case "all":
      case "any": {
        const combine = node.kind === "all" ? "KleeneAnd" : "KleeneOr";
        const [first, ...rest] = node.parts.map((part) => this.rule(part, body));
        for (const part of rest) body.push(`   ${this.call(combine, first!, part)};`);
        return first!;
      }
      case "not": {
        const part = this.rule(node.part, body);
        const out = this.newRule(body);
        body.push(`   ${this.call("KleeneNot", part, out)};`);
        return out;
      }
    }
  }

  call(name: string, ...parts: string[]): string {
    this.calls.add(name);
    return `${name}(${parts.join(", ")})`;
  }

  private newRule(body: string[]): string {
    const name = `rule${this.rules++}`;
    body.push(`   int ${name}[];`);
    return name;
  }
}

/** The runtime function of an indicator: stochRsi -> StochRsi. */
export function functionName(indicator: string): string {
  return indicator[0]!.toUpperCase() + indicator.slice(1);
}
