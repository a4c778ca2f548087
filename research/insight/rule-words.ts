import { weekdayNames } from "../../engine/calendar/civil-date.ts";
import type {
  IndicatorCall,
  NumericExpression,
  Rule,
  StrategySpec,
} from "../../engine/strategy/spec.ts";
import { indicatorWords } from "./indicator-words.ts";
import { formatNumber, span, type BarUnit, type Voice } from "./voice.ts";

const priceWords: Record<string, { plain: string; standard: string }> = {
  open: { plain: "opening price", standard: "open" },
  high: { plain: "high", standard: "high" },
  low: { plain: "low", standard: "low" },
  close: { plain: "closing price", standard: "close" },
  volume: { plain: "trading volume", standard: "volume" },
  hl2: { plain: "midpoint of the high and low", standard: "(high + low) / 2" },
  hlc3: { plain: "average of the high, low and close", standard: "typical price" },
  ohlc4: {
    plain: "average of the open, high, low and close",
    standard: "(open + high + low + close) / 4",
  },
};

/** Comparisons of weekdays read as the calendar does. */
const weekdayWords: Record<string, [string, string]> = {
  gt: ["is after", ">"],
  gte: ["is on or after", ">="],
  lt: ["is before", "<"],
  lte: ["is on or before", "<="],
};

/** The overnight gap as the scanner writes it: open − close one bar ago. */
export function isGap(expression: NumericExpression): boolean {
  if (typeof expression !== "object" || !("sub" in expression)) return false;
  const [a, b] = expression.sub as [NumericExpression, NumericExpression];
  return (
    a === "open" &&
    typeof b === "object" &&
    "lag" in b &&
    (b.lag as { of: NumericExpression }).of === "close"
  );
}

/** Describes expressions and rules of one spec in one voice. */
export class RuleWords {
  constructor(
    private readonly voice: Voice,
    private readonly unit: BarUnit,
  ) {}

  expression(expression: NumericExpression): string {
    if (typeof expression === "number") return formatNumber(expression);
    if (typeof expression === "string") {
      const words = priceWords[expression]!;
      return this.voice === "plain"
        ? `the ${words.plain}`
        : this.voice === "standard"
          ? `the ${words.standard}`
          : expression;
    }
    if (isGap(expression))
      return this.voice === "plain"
        ? "the overnight gap (the opening price minus the previous closing price)"
        : this.voice === "standard"
          ? "the opening gap (open minus the previous close)"
          : "(open - close[1])";
    const [operator, argument] = Object.entries(expression)[0]!;
    const pair = () => (argument as NumericExpression[]).map((part) => this.expression(part));
    const expert = this.voice === "expert";
    switch (operator) {
      case "add":
      case "sub":
      case "mul":
      case "div": {
        const [a, b] = pair();
        const symbol = { add: "+", sub: "-", mul: "*", div: "/" }[operator];
        const word = { add: "plus", sub: "minus", mul: "times", div: "divided by" }[operator];
        return expert ? `(${a} ${symbol} ${b})` : `${a} ${word} ${b}`;
      }
      case "min":
      case "max": {
        const [a, b] = pair();
        return expert
          ? `${operator}(${a}, ${b})`
          : `the ${operator === "min" ? "smaller" : "larger"} of ${a} and ${b}`;
      }
      case "abs":
        return expert
          ? `abs(${this.expression(argument as NumericExpression)})`
          : `the size of ${this.expression(argument as NumericExpression)}`;
      case "lag": {
        const { of, bars } = argument as { of: NumericExpression; bars: number };
        return expert
          ? `${this.expression(of)}[${bars}]`
          : `${this.expression(of)} ${span(bars, this.unit)} ago`;
      }
      default:
        return this.indicator(operator, argument as IndicatorCall);
    }
  }

  rule(rule: Rule): string {
    if (typeof rule === "boolean") return rule ? "always" : "never";
    const [operator, argument] = Object.entries(rule)[0]!;
    const expert = this.voice === "expert";
    if (operator === "and" || operator === "or") {
      const parts = (argument as Rule[]).map((part) => this.rule(part));
      if (expert)
        return parts.length === 1
          ? parts[0]!
          : parts.map((part) => `(${part})`).join(` ${operator} `);
      return parts.length === 1
        ? parts[0]!
        : `${parts.slice(0, -1).join(", ")} ${operator} ${parts.at(-1)}`;
    }
    if (operator === "not")
      return expert
        ? `not (${this.rule(argument as Rule)})`
        : `it is not the case that ${this.rule(argument as Rule)}`;
    const [left, right] = argument as [NumericExpression, NumericExpression];
    const [a, b] = [this.operand(left, right), this.operand(right, left)];
    const words: Record<string, [string, string]> = {
      gt: ["is above", ">"],
      gte: ["is at or above", ">="],
      lt: ["is below", "<"],
      lte: ["is at or below", "<="],
      crossAbove: ["rises above", "crosses above"],
      crossBelow: ["falls below", "crosses below"],
    };
    const weekday = [left, right].some((side) => typeof side === "object" && "dayOfWeek" in side);
    const [plain, notation] = (weekday ? weekdayWords : words)[operator] ?? words[operator]!;
    return `${a} ${expert ? notation : plain} ${b}`;
  }

  /** The entry, exit and protective exits of a strategy, one line each. */
  strategyLines(spec: StrategySpec): { entry: string; exit: string; protection: string | null } {
    const short = spec.side === "short";
    const opens =
      this.voice === "plain"
        ? short
          ? "Bets on a fall (sells first, buys back later) when"
          : "Buys when"
        : short
          ? "Goes short when"
          : "Goes long when";
    const filters =
      spec.filters.length === 0
        ? ""
        : `, but only while ${spec.filters.map((filter) => this.rule(filter)).join(" and ")}`;
    const closes =
      this.voice === "plain" ? (short ? "Buys back when" : "Sells when") : "Exits when";
    const exit =
      spec.exit === undefined
        ? "Has no exit rule: a position closes only by the protective exits, if any, or stays open"
        : `${closes} ${this.rule(spec.exit)}`;
    const protection = this.protection(spec);
    return {
      entry: `${opens} ${this.rule(spec.entry)}${filters}.`,
      exit: `${exit}.`,
      protection: protection.length === 0 ? null : `${protection.join("; ")}.`,
    };
  }

  private protection(spec: StrategySpec): string[] {
    const lines: string[] = [];
    const plain = this.voice === "plain";
    const distance = (exit: NonNullable<StrategySpec["stopLoss"]>) => {
      if ("percent" in exit) return `${formatNumber(exit.percent)}%`;
      const multiple = formatNumber(exit.atrMultiple);
      if (this.voice === "expert") return `${multiple} x ATR(${exit.atrPeriod})`;
      return plain
        ? `${multiple} times the typical price range of one ${this.unit.one} (over ${span(exit.atrPeriod, this.unit)})`
        : `${multiple} times the ${exit.atrPeriod}-${this.unit.one} average true range`;
    };
    if (spec.stopLoss)
      lines.push(
        plain
          ? `gets out once a trade loses ${distance(spec.stopLoss)} from its entry price`
          : `stop loss ${distance(spec.stopLoss)} from the entry price`,
      );
    if (spec.takeProfit)
      lines.push(
        plain
          ? `takes the profit once a trade gains ${distance(spec.takeProfit)}`
          : `take profit ${distance(spec.takeProfit)} from the entry price`,
      );
    if (spec.trailingStop)
      lines.push(
        plain
          ? `gets out once the price gives back ${distance(spec.trailingStop)} from its best level since the entry`
          : `trailing stop ${distance(spec.trailingStop)} behind the best price since entry`,
      );
    if (spec.timeExit)
      lines.push(
        plain
          ? `gets out after ${span(spec.timeExit.bars, this.unit)} at most`
          : `time exit after ${span(spec.timeExit.bars, this.unit)}`,
      );
    if (lines.length > 0) lines[0] = lines[0]!.charAt(0).toUpperCase() + lines[0]!.slice(1);
    return lines;
  }

  /** A comparison's side; a weekday number against the weekday reads as the day's name. */
  private operand(expression: NumericExpression, other: NumericExpression): string {
    const weekday = typeof other === "object" && "dayOfWeek" in other;
    if (
      weekday &&
      typeof expression === "number" &&
      this.voice !== "expert" &&
      weekdayNames[expression]
    )
      return weekdayNames[expression]!;
    return this.expression(expression);
  }

  private indicator(name: string, call: IndicatorCall): string {
    const words = indicatorWords[name]!;
    const source = call.source ?? "close";
    if (this.voice === "expert") {
      const parameters = Object.entries(call)
        .filter(([key]) => key !== "source" && key !== "output")
        .map(([, value]) => formatNumber(value as number));
      const inputs = source === "close" ? parameters : [this.expression(source), ...parameters];
      const head = inputs.length > 0 ? `${words.expert}(${inputs.join(", ")})` : words.expert;
      return call.output ? `${head}.${call.output}` : head;
    }
    const sourceWords =
      typeof source === "string"
        ? priceWords[source]!.plain
        : this.expression(source).replace(/^the /, "");
    const context = {
      call,
      unit: this.unit,
      source: sourceWords,
      ofSource: source === "close" ? "" : ` of ${this.expression(source)}`,
    };
    return this.voice === "plain" ? words.plain(context) : words.standard(context);
  }
}
