import { indicatorCatalog } from "../../../../engine/indicators/catalog.ts";
import { Notation } from "../../describe.ts";
import { seriesLabel, type RuleNode, type SeriesId, type SeriesNode } from "../../expressions.ts";
import type { LoweredExit, LoweredSizing, LoweredStrategy } from "../../lower-strategy.ts";
import type { DeclarationRef } from "./embed.ts";
import { indicatorCall, priceCall } from "./engine-calls.ts";
import { lineComments, tsNumber, tsString } from "./syntax.ts";

/** The compiled part of a program, and the engine declarations it calls. */
export interface CompiledPlan {
  code: string;
  refs: DeclarationRef[];
  /** Top-level names the compiled part declares. */
  names: string[];
}

const rules = (name: string) => ({ module: "engine/strategy/rules.ts", name });
const expressions = (name: string) => ({ module: "engine/strategy/expressions.ts", name });
/** The engine declarations the compiled part may call, besides indicators. */
const engine = {
  TRUE: rules("TRUE"),
  FALSE: rules("FALSE"),
  UNKNOWN: rules("UNKNOWN"),
  compare: rules("compare"),
  cross: rules("cross"),
  conjunction: rules("conjunction"),
  disjunction: rules("disjunction"),
  combine: expressions("combine"),
  lag: expressions("lag"),
  ExpressionEvaluator: { ...expressions("ExpressionEvaluator"), use: "type" },
  volatilityTargetFraction: {
    module: "engine/strategy/compile.ts",
    name: "volatilityTargetFraction",
  },
  BarSeries: { module: "engine/types.ts", name: "BarSeries", use: "type" },
  SymbolPlan: { module: "engine/simulate/types.ts", name: "SymbolPlan", use: "type" },
} satisfies Record<string, DeclarationRef>;
export const planRefs: readonly DeclarationRef[] = Object.values(engine);
const barFields: readonly string[] = ["open", "high", "low", "close", "volume"];
/** Locals of computePlan: an engine function of one of these names would be shadowed. */
const localNames = ["bars", "length", "crosses", "entry", "exit", "allowed", "i"];

/**
 * Renders `computePlan(bars)`: one const per distinct series (each under a comment in the DSL's
 * notation), computed with the engine's indicator functions as its catalog calls them, then the
 * rules over them with the engine's three-valued rule functions (compare, cross, conjunction,
 * disjunction), filters applied to the entry as compileSymbolPlan applies them.
 */
export function compilePlan(strategy: LoweredStrategy): CompiledPlan {
  const writer = new PlanWriter(strategy.series);
  const body: string[] = [];
  const assign = (comment: string | null, name: string, code: string) => {
    if (comment !== null) body.push(...lineComments(comment, "  "));
    body.push(`  const ${name} = ${code};`);
  };
  strategy.series.forEach((node, id) => {
    if (node.kind === "price" && barFields.includes(node.field)) return;
    // A constant says what it is without a comment.
    const comment = node.kind === "constant" ? null : writer.notation.series(id);
    assign(comment, writer.name(id), writer.series(node));
  });
  const label = (text: string, node: RuleNode) => `${text}: ${writer.notation.rule(node)}`;
  assign(label("Entry", strategy.entry), "entry", writer.rule(strategy.entry));
  strategy.filters.forEach((filter, index) => {
    body.push(
      ...lineComments(
        `${label(`Filter ${index + 1}`, filter)} (UNKNOWN blocks the entry too)`,
        "  ",
      ),
    );
    body.push(
      `  const allowed${index + 1} = ${writer.rule(filter)};`,
      `  for (let i = 0; i < entry.length; i++) if (allowed${index + 1}[i] !== ${writer.use(engine.TRUE)}) entry[i] = ${writer.use(engine.FALSE)};`,
    );
  });
  if (strategy.exit === null) assign("No exit rule.", "exit", "null");
  else assign(label("Exit", strategy.exit), "exit", writer.rule(strategy.exit));
  const preamble = [
    ...(writer.usesLength ? ["  const length = bars.close.length;"] : []),
    ...(writer.usesCrosses
      ? [
          "  // cross() keeps the reverse crossing it computes in passing: a crossover's exit costs no second pass.",
          "  const crosses: ExpressionEvaluator = { bars, reverseCross: null };",
        ]
      : []),
  ];
  if (writer.usesCrosses) writer.use(engine.ExpressionEvaluator);
  const code = [
    "/**",
    " * Entry and exit signals of one symbol: every series and rule of the spec on its bars, NaN and",
    " * UNKNOWN where undefined (warm-up), each judged on a bar's close with data up to that bar.",
    " * Equal expressions are computed once.",
    " */",
    "export function computePlan(bars: BarSeries): SymbolPlan {",
    ...preamble,
    ...body,
    "  return {",
    "    bars,",
    "    entry,",
    "    exit,",
    `    sizeFraction: ${writer.sizeFraction(strategy)},`,
    `    stopLoss: ${writer.exit(strategy.stopLoss)},`,
    `    takeProfit: ${writer.exit(strategy.takeProfit)},`,
    `    trailingStop: ${writer.exit(strategy.trailingStop)},`,
    "  };",
    "}",
  ].join("\n");
  writer.use(engine.BarSeries);
  writer.use(engine.SymbolPlan);
  const shadowed = writer.refs.filter((ref) => localNames.includes(ref.name));
  if (shadowed.length > 0)
    throw new RangeError(
      `computePlan's locals would hide the engine's ${shadowed.map((ref) => ref.name).join(", ")}`,
    );
  return { code, refs: writer.refs, names: ["computePlan"] };
}

/** The simulation settings the spec fixes, as an object literal with the costs explained. */
export function simulationSettings(strategy: LoweredStrategy): string {
  const { spec } = strategy;
  return [
    "{",
    `  direction: ${strategy.direction}, // ${spec.side}`,
    `  sizing: ${sizingRule(strategy.sizing)},`,
    `  feeRate: ${tsNumber(strategy.feeRate)}, // ${spec.costs.feeBps} bps of notional per fill`,
    `  slippageRate: ${tsNumber(strategy.slippageRate)}, // ${spec.costs.slippageBps} bps against every market fill`,
    `  timeExitBars: ${strategy.timeExitBars === null ? "null" : tsNumber(strategy.timeExitBars)},`,
    "}",
  ].join("\n");
}

function sizingRule(sizing: LoweredSizing): string {
  switch (sizing.kind) {
    case "fraction":
      return `{ kind: "fraction", fraction: ${tsNumber(sizing.fraction)} }`;
    case "notional":
      return `{ kind: "notional", notional: ${tsNumber(sizing.notional)} }`;
    case "volatilityTarget":
      return '{ kind: "perBar" }';
  }
}

/**
 * Bars before the first defined signal: TA-Lib's lookback of each indicator, summed through
 * nested indicators and lags, one more for a cross.
 */
export function warmupBars(strategy: LoweredStrategy): number {
  const memo = new Map<SeriesId, number>();
  const series = (id: SeriesId): number => {
    let bars = memo.get(id);
    if (bars === undefined) {
      const node = strategy.series[id]!;
      bars =
        node.kind === "arithmetic"
          ? Math.max(series(node.left), series(node.right))
          : node.kind === "abs"
            ? series(node.of)
            : node.kind === "lag"
              ? series(node.of) + node.bars
              : node.kind === "indicator"
                ? (node.source === null ? 0 : series(node.source)) +
                  indicatorCatalog[node.name].lookback(node.parameters)
                : 0;
      memo.set(id, bars);
    }
    return bars;
  };
  const rule = (node: RuleNode): number => {
    switch (node.kind) {
      case "constant":
        return 0;
      case "compare":
        return Math.max(series(node.left), series(node.right));
      case "cross":
        return Math.max(series(node.left), series(node.right)) + 1;
      case "all":
      case "any":
        return Math.max(0, ...node.parts.map(rule));
      case "not":
        return rule(node.part);
    }
  };
  const exits = [strategy.stopLoss, strategy.takeProfit, strategy.trailingStop].map((exit) =>
    exit?.kind === "atr" ? series(exit.atr) : 0,
  );
  const sizing = strategy.sizing.kind === "volatilityTarget" ? strategy.sizing.lookbackBars : 0;
  return Math.max(
    rule(strategy.entry),
    ...strategy.filters.map(rule),
    strategy.exit === null ? 0 : rule(strategy.exit),
    ...exits,
    sizing,
  );
}

/** Names series and writes TypeScript for nodes, recording the engine declarations used. */
class PlanWriter {
  readonly notation: Notation;
  usesLength = false;
  usesCrosses = false;
  private readonly used = new Map<string, DeclarationRef>();

  constructor(private readonly nodes: readonly SeriesNode[]) {
    this.notation = new Notation(nodes);
  }

  get refs(): DeclarationRef[] {
    return [...this.used.values()];
  }

  use(ref: DeclarationRef): string {
    this.used.set(`${ref.module}:${ref.name}`, ref);
    return ref.name;
  }

  name(id: SeriesId): string {
    const node = this.nodes[id]!;
    if (node.kind === "price" && barFields.includes(node.field)) return `bars.${node.field}`;
    return seriesLabel(id, node);
  }

  series(node: SeriesNode): string {
    switch (node.kind) {
      case "constant":
        this.usesLength = true;
        return `new Float64Array(length).fill(${tsNumber(node.value)})`;
      case "price":
        return this.call(priceCall(node.field));
      case "arithmetic":
        return `${this.use(engine.combine)}(${tsString(node.operator)}, ${this.name(node.left)}, ${this.name(node.right)})`;
      case "abs":
        return `${this.name(node.of)}.map(Math.abs)`;
      case "lag":
        return `${this.use(engine.lag)}(${this.name(node.of)}, ${tsNumber(node.bars)})`;
      case "indicator": {
        const source = node.source === null ? "bars.close" : this.name(node.source);
        const call = this.call(indicatorCall(node.name, node.parameters, source));
        return node.output === null ? call : `${call}.${node.output}`;
      }
    }
  }

  /** A rule's expression; `indent` is where its line starts, for breaking long and/or lists. */
  rule(node: RuleNode, indent = "  "): string {
    switch (node.kind) {
      case "constant":
        this.usesLength = true;
        return `new Uint8Array(length).fill(${this.use(node.value ? engine.TRUE : engine.FALSE)})`;
      case "compare":
        return `${this.use(engine.compare)}(${tsString(node.operator)}, ${this.name(node.left)}, ${this.name(node.right)})`;
      case "cross": {
        this.usesCrosses = true;
        // a crosses below b is b crossing above a.
        const [above, below] =
          node.direction === "above" ? [node.left, node.right] : [node.right, node.left];
        return `${this.use(engine.cross)}(${this.name(above)}, ${this.name(below)}, crosses)`;
      }
      case "all":
      case "any": {
        this.usesLength = true;
        const combine = this.use(node.kind === "all" ? engine.conjunction : engine.disjunction);
        const inner = `${indent}    `;
        const parts = node.parts.map((part) => this.rule(part, inner));
        const oneLine = `${combine}([${parts.join(", ")}], length)`;
        if (indent.length + oneLine.length <= 80 && !oneLine.includes("\n")) return oneLine;
        return [
          `${combine}(`,
          `${indent}  [`,
          ...parts.map((part) => `${inner}${part},`),
          `${indent}  ],`,
          `${indent}  length,`,
          `${indent})`,
        ].join("\n");
      }
      case "not": {
        const unknown = this.use(engine.UNKNOWN);
        // Kleene negation: UNKNOWN stays UNKNOWN.
        return `${this.rule(node.part, indent)}.map((value) => (value === ${unknown} ? ${unknown} : 1 - value))`;
      }
    }
  }

  sizeFraction(strategy: LoweredStrategy): string {
    const { sizing } = strategy;
    if (sizing.kind !== "volatilityTarget") return "null";
    const target = `{ annualVolatilityPercent: ${tsNumber(sizing.annualVolatilityPercent)}, lookbackBars: ${tsNumber(sizing.lookbackBars)}, maxFractionOfEquity: ${tsNumber(sizing.maxFractionOfEquity)} }`;
    return `${this.use(engine.volatilityTargetFraction)}(bars.close, ${target}, ${tsString(strategy.spec.timeframe)})`;
  }

  exit(exit: LoweredExit | null): string {
    if (exit === null) return "null";
    return exit.kind === "percent"
      ? `{ kind: "percent", percent: ${tsNumber(exit.percent)} }`
      : `{ kind: "atr", multiple: ${tsNumber(exit.multiple)}, atr: ${this.name(exit.atr)} }`;
  }

  private call(call: { code: string; refs: DeclarationRef[] }): string {
    for (const ref of call.refs) this.use(ref);
    return call.code;
  }
}
