import type { RuleNode, SeriesId, SeriesNode } from "./expressions.ts";
import type { LoweredExit, LoweredSizing, LoweredStrategy } from "./lower-strategy.ts";

const infix = { add: "+", sub: "-", mul: "*", div: "/" } as const;
const comparison = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** The DSL's own notation for series and rules, for the comments every target writes. */
export class Notation {
  private readonly cache = new Map<SeriesId, string>();

  constructor(private readonly nodes: readonly SeriesNode[]) {}

  series(id: SeriesId): string {
    let text = this.cache.get(id);
    if (text === undefined) {
      text = this.write(this.nodes[id]!);
      this.cache.set(id, text);
    }
    return text;
  }

  rule(rule: RuleNode): string {
    switch (rule.kind) {
      case "constant":
        return rule.value ? "always" : "never";
      case "compare":
        return `${this.series(rule.left)} ${comparison[rule.operator]} ${this.series(rule.right)}`;
      case "cross":
        return `${this.series(rule.left)} crosses ${rule.direction} ${this.series(rule.right)}`;
      case "all":
      case "any":
        return rule.parts.length === 1
          ? this.rule(rule.parts[0]!)
          : `(${rule.parts.map((part) => this.rule(part)).join(rule.kind === "all" ? " and " : " or ")})`;
      case "not":
        return `not (${this.rule(rule.part)})`;
    }
  }

  /** A series inside + - * /, parenthesized when it is one of those itself. */
  private operand(id: SeriesId): string {
    const node = this.nodes[id]!;
    const infixed = node.kind === "arithmetic" && node.operator in infix;
    return infixed ? `(${this.series(id)})` : this.series(id);
  }

  private write(node: SeriesNode): string {
    switch (node.kind) {
      case "constant":
        return String(node.value);
      case "price":
        return node.field;
      case "arithmetic":
        return node.operator === "min" || node.operator === "max"
          ? `${node.operator}(${this.series(node.left)}, ${this.series(node.right)})`
          : `${this.operand(node.left)} ${infix[node.operator]} ${this.operand(node.right)}`;
      case "abs":
        return `abs(${this.series(node.of)})`;
      case "lag":
        return `${this.series(node.of)} ${node.bars} bar${node.bars === 1 ? "" : "s"} ago`;
      case "indicator": {
        const parameters = Object.entries(node.parameters).map(([key, value]) => `${key}=${value}`);
        const inputs =
          node.source === null ? parameters : [this.series(node.source), ...parameters];
        return `${node.name}(${inputs.join(", ")})${node.output === null ? "" : `.${node.output}`}`;
      }
    }
  }
}

/** The strategy in plain English, one line per aspect: the header of every generated file. */
export function describeStrategy(strategy: LoweredStrategy): string[] {
  const { spec } = strategy;
  const notation = new Notation(strategy.series);
  const side = strategy.direction === 1 ? "Long" : "Short";
  const lines = [
    `${side} ${spec.universe.join(", ")} on ${spec.timeframe} bars, each symbol on its own bars, one shared account.`,
    `Entry: ${notation.rule(strategy.entry)}, judged on a bar's close; the position opens at the next bar's open.`,
  ];
  if (strategy.filters.length > 0) {
    const filters = strategy.filters.map((filter) => notation.rule(filter)).join("; ");
    lines.push(`Filters (each must hold on the entry signal's bar): ${filters}.`);
  }
  lines.push(
    strategy.exit === null
      ? "Exit: no exit rule; positions close only by the exits below, if any."
      : `Exit: ${notation.rule(strategy.exit)}, judged on a bar's close; the position closes at the next bar's open.`,
  );
  lines.push(`Sizing: ${describeSizing(strategy.sizing)}`);
  const exits: [string, LoweredExit | null, string][] = [
    ["Stop loss", strategy.stopLoss, "from the entry fill"],
    ["Take profit", strategy.takeProfit, "from the entry fill (a limit order, no slippage)"],
    ["Trailing stop", strategy.trailingStop, "from the best price since entry"],
  ];
  for (const [label, exit, reference] of exits) {
    if (exit !== null) lines.push(`${label}: ${describeDistance(exit, notation)} ${reference}.`);
  }
  if (strategy.timeExitBars !== null) {
    lines.push(
      `Time exit: after ${strategy.timeExitBars} bars held (the entry bar counts), at the next bar's open.`,
    );
  }
  lines.push(
    `Costs: fee ${spec.costs.feeBps} bps of notional per fill; slippage ${spec.costs.slippageBps} bps against every market fill.`,
  );
  return lines;
}

function describeSizing(sizing: LoweredSizing): string {
  const cap = "capped by buying power (equity minus gross position value: no leverage)";
  switch (sizing.kind) {
    case "fraction":
      return `each new position takes ${percentOf(sizing.fraction)} of equity, ${cap}.`;
    case "notional":
      return `each new position takes ${sizing.notional} of cash, ${cap}.`;
    case "volatilityTarget":
      return `a fraction of equity that targets ${sizing.annualVolatilityPercent}% annual volatility: target / realized volatility of the last ${sizing.lookbackBars} log returns (sample std x sqrt(${sizing.barsPerYear})), at most ${percentOf(sizing.maxFractionOfEquity)} of equity, ${cap}.`;
  }
}

function describeDistance(exit: LoweredExit, notation: Notation): string {
  return exit.kind === "percent"
    ? `${exit.percent}%`
    : `${exit.multiple} x ${notation.series(exit.atr)} on the signal bar`;
}

/** 0.07 -> "7%", without binary noise such as 7.000000000000001. */
function percentOf(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(12))}%`;
}
