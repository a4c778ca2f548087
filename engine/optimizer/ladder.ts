import { validateSpace, type ParameterDomain } from "./space.ts";
import { templateProblems, type SpecTemplate } from "./template.ts";
import { comparisons, measureComplexity, type LadderComplexity } from "./ladder-complexity.ts";

/** The additions the ladder climbs through, in their default order. */
export const ladderSteps = [
  "oppositeExit",
  "trendFilter",
  "regimeFilter",
  "volatilitySizing",
  "stopLoss",
  "takeProfit",
  "trailingStop",
  "timeExit",
  "rsiConfirmation",
  "volumeFilter",
  "calmVolatilityFilter",
] as const;
export type LadderStep = (typeof ladderSteps)[number];

export interface LadderLevel {
  /** 0 for the base; levels are numbered in order, skipped steps leave no gap. */
  level: number;
  name: string;
  /** What this level adds to the one below, in plain words. */
  added: string;
  template: SpecTemplate;
  complexity: LadderComplexity;
  /**
   * 7 / (7 + rules + parameters): 1 for a rule-free spec, one half at seven items, the span a
   * reader holds at once (Miller 1956, "The magical number seven"), falling towards 0 after.
   */
  interpretability: number;
}

export interface LadderOptions {
  /** Which additions to climb through and in what order (default: `ladderSteps`). */
  steps?: readonly LadderStep[];
}

type Json = unknown;
type Side = "long" | "short";

interface Draft {
  template: SpecTemplate & { filters?: Json[] };
  side: Side;
  /** The ATR period parameter the ladder's exits share, once one has declared it. */
  atrPeriodName?: string;
}

type StepOutcome = { added: string } | { skipped: string };

interface StepDefinition {
  name: string;
  apply(draft: Draft): StepOutcome;
}

const movingAverages = ["sma", "ema", "wma", "dema", "tema"];
const priceSources = ["open", "high", "low", "close", "hl2", "hlc3", "ohlc4"];
const oppositeOperator: Record<string, string> = {
  gt: "lt",
  gte: "lte",
  lt: "gt",
  lte: "gte",
  crossAbove: "crossBelow",
  crossBelow: "crossAbove",
};

/** The ATR period the ladder's exits share: Wilder's 14 sits inside. */
const atrPeriodDomain: ParameterDomain = { int: [5, 30], step: 5 };

const stepDefinitions: Record<LadderStep, StepDefinition> = {
  oppositeExit: {
    name: "exit on the opposite signal",
    apply(draft) {
      if (draft.template.exit !== undefined) return { skipped: "an exit rule" };
      const exit = oppositeRule(draft.template.entry);
      if (exit === undefined) return { skipped: "an entry that is always true, with no opposite" };
      draft.template.exit = exit;
      return {
        added:
          "an exit on the opposite signal: close when the entry's conditions reverse (a cross above becomes a cross below, > becomes <, and becomes or)",
      };
    },
  },
  trendFilter: {
    name: "trend filter",
    apply(draft) {
      if (filtersOf(draft).some(hasTrendComparison)) return { skipped: "a trend filter" };
      const period = declare(draft, "trendPeriod", { int: [50, 250], step: 10 });
      const average = { sma: { period: reference(period) } };
      const long = draft.side === "long";
      filtersOf(draft).push({ [long ? "gt" : "lt"]: ["close", average] });
      return {
        added: `a trend filter: enter only while the close is ${long ? "above" : "below"} its \`${period}\`-bar simple moving average`,
      };
    },
  },
  regimeFilter: {
    name: "regime filter",
    apply(draft) {
      if (rulesUse(draft, "adx")) return { skipped: "an ADX condition" };
      const minimum = declare(draft, "adxMin", { int: [15, 35], step: 5 });
      filtersOf(draft).push({ gt: [{ adx: { period: 14 } }, reference(minimum)] });
      return {
        added: `a regime filter: enter only while the market trends, ADX(14) above \`${minimum}\``,
      };
    },
  },
  volatilitySizing: {
    name: "volatility-target sizing",
    apply(draft) {
      const sizing = (draft.template.sizing ?? { fractionOfEquity: 1 }) as Record<string, Json>;
      if ("volatilityTarget" in sizing) return { skipped: "volatility-target sizing" };
      if (!("fractionOfEquity" in sizing))
        return { skipped: "fixed-notional sizing, which the ladder keeps" };
      const target = declare(draft, "targetVolatilityPercent", { int: [5, 40], step: 5 });
      const lookback = declare(draft, "volatilityLookbackBars", { int: [10, 60], step: 10 });
      draft.template.sizing = {
        volatilityTarget: {
          annualVolatilityPercent: reference(target),
          lookbackBars: reference(lookback),
          maxFractionOfEquity: sizing.fractionOfEquity,
        },
      };
      return {
        added: `volatility-target sizing: each position takes the fraction of equity \`${target}\`% / the annualized volatility of the last \`${lookback}\` bars' log returns, capped at the base's fraction`,
      };
    },
  },
  stopLoss: {
    name: "ATR stop loss",
    apply(draft) {
      if (draft.template.stopLoss !== undefined) return { skipped: "a stop loss" };
      const multiple = declare(draft, "stopAtrMultiple", { float: [1, 5] });
      const period = sharedAtrPeriod(draft);
      draft.template.stopLoss = { atrMultiple: reference(multiple), atrPeriod: reference(period) };
      return {
        added: `a stop loss \`${multiple}\` × ATR(\`${period}\`) from the entry price, an intrabar stop order`,
      };
    },
  },
  takeProfit: {
    name: "take profit",
    apply(draft) {
      if (draft.template.takeProfit !== undefined) return { skipped: "a take profit" };
      const multiple = declare(draft, "takeProfitAtrMultiple", { float: [1.5, 8] });
      const period = sharedAtrPeriod(draft);
      draft.template.takeProfit = {
        atrMultiple: reference(multiple),
        atrPeriod: reference(period),
      };
      return {
        added: `a take profit \`${multiple}\` × ATR(\`${period}\`) from the entry price, an intrabar limit order`,
      };
    },
  },
  trailingStop: {
    name: "trailing stop",
    apply(draft) {
      if (draft.template.trailingStop !== undefined) return { skipped: "a trailing stop" };
      const multiple = declare(draft, "trailingAtrMultiple", { float: [1.5, 6] });
      const period = sharedAtrPeriod(draft);
      draft.template.trailingStop = {
        atrMultiple: reference(multiple),
        atrPeriod: reference(period),
      };
      return {
        added: `a trailing stop \`${multiple}\` × ATR(\`${period}\`) behind the best price since entry, an intrabar stop order`,
      };
    },
  },
  timeExit: {
    name: "time exit",
    apply(draft) {
      if (draft.template.timeExit !== undefined) return { skipped: "a time exit" };
      const bars = declare(draft, "maxHoldBars", { int: [5, 100], step: 5 });
      draft.template.timeExit = { bars: reference(bars) };
      return { added: `a time exit: close at the next open after holding \`${bars}\` bars` };
    },
  },
  rsiConfirmation: {
    name: "RSI confirmation",
    apply(draft) {
      if (rulesUse(draft, "rsi")) return { skipped: "an RSI condition" };
      const floor = declare(draft, "rsiFloor", { int: [20, 50], step: 5 });
      const ceiling = declare(draft, "rsiCeiling", { int: [60, 90], step: 5 });
      const rsi = { rsi: { period: 14 } };
      const long = draft.side === "long";
      // For shorts the band is mirrored around 50: RSI between 100 - ceiling and 100 - floor.
      filtersOf(draft).push(
        long
          ? { and: [{ gt: [rsi, reference(floor)] }, { lt: [rsi, reference(ceiling)] }] }
          : {
              and: [
                { lt: [rsi, { sub: [100, reference(floor)] }] },
                { gt: [rsi, { sub: [100, reference(ceiling)] }] },
              ],
            },
      );
      return {
        added: long
          ? `a confirming indicator: enter only while RSI(14) is between \`${floor}\` and \`${ceiling}\` (momentum, not yet overbought)`
          : `a confirming indicator: enter only while RSI(14) is between 100 − \`${ceiling}\` and 100 − \`${floor}\` (momentum down, not yet oversold)`,
      };
    },
  },
  volumeFilter: {
    name: "volume filter",
    apply(draft) {
      if (rulesUse(draft, "volume")) return { skipped: "a volume condition" };
      const period = declare(draft, "volumeAveragePeriod", { int: [10, 50], step: 10 });
      filtersOf(draft).push({
        gt: ["volume", { sma: { period: reference(period), source: "volume" } }],
      });
      return {
        added: `a volume filter: enter only on bars whose volume is above its \`${period}\`-bar average`,
      };
    },
  },
  calmVolatilityFilter: {
    name: "calm-volatility filter",
    apply(draft) {
      if (rulesUse(draft, "natr")) return { skipped: "a volatility (NATR) condition" };
      const window = declare(draft, "volatilityWindow", { int: [50, 250], step: 50 });
      const maximum = declare(draft, "volatilityZMax", { float: [0, 2] });
      filtersOf(draft).push({
        lt: [
          { zScore: { period: reference(window), source: { natr: { period: 14 } } } },
          reference(maximum),
        ],
      });
      return {
        added: `a calm-volatility filter: enter only while NATR(14) is less than \`${maximum}\` standard deviations above its \`${window}\`-bar mean (0 ≈ below its median, 1 ≈ below its 84th percentile)`,
      };
    },
  },
};

/**
 * The complexity ladder: the base template (level 0), then one addition per level, each on
 * top of the previous (cumulative), so that comparing the levels out of sample shows where
 * added sophistication stops paying. Additions declare their parameters with domains around
 * common practice; a name the base already uses gets a number (`trendPeriod2`). An addition
 * the base already has (an exit rule, a stop loss, volatility-target sizing, an RSI, ADX,
 * NATR or volume condition, a filter comparing a price with a moving average) is skipped, and
 * level 0's `added` says so. From a base with none of them there are 12 levels.
 */
export function complexityLadder(base: SpecTemplate, options: LadderOptions = {}): LadderLevel[] {
  const steps = options.steps ?? ladderSteps;
  for (const [index, step] of steps.entries()) {
    if (!Object.hasOwn(stepDefinitions, step))
      throw new RangeError(`unknown ladder step "${step}"; use ${ladderSteps.join(", ")}`);
    if (steps.indexOf(step) !== index)
      throw new RangeError(`ladder step "${step}" is listed twice`);
  }
  checkBase(base);
  const draft: Draft = { template: structuredClone(base), side: sideOf(base) };
  const levels: LadderLevel[] = [];
  const skipped: string[] = [];
  const additions: { name: string; added: string; template: SpecTemplate }[] = [];
  for (const step of steps) {
    const definition = stepDefinitions[step];
    const outcome = definition.apply(draft);
    if ("skipped" in outcome) skipped.push(`${outcome.skipped} (so no ${definition.name})`);
    else
      additions.push({
        name: definition.name,
        added: outcome.added,
        template: structuredClone(draft.template),
      });
  }
  const baseAdded =
    skipped.length === 0
      ? "the base strategy as given"
      : `the base strategy as given; it already has ${skipped.join(", ")}`;
  const all = [{ name: "base", added: baseAdded, template: structuredClone(base) }, ...additions];
  all.forEach(({ name, added, template }, level) => {
    if (level > 0 && typeof template.name === "string")
      template.name = `${template.name.slice(0, 160)} (ladder level ${level})`;
    const complexity = measureComplexity(template);
    levels.push({
      level,
      name,
      added,
      template,
      complexity,
      interpretability: 7 / (7 + complexity.rules + complexity.parameters),
    });
  });
  return levels;
}

function checkBase(base: SpecTemplate): void {
  if (typeof base !== "object" || base === null || typeof base.params !== "object")
    throw new RangeError("the base template must be an object with `params` (may be {})");
  if (base.entry === undefined) throw new RangeError("the base template has no `entry` rule");
  const problems = templateProblems(base);
  if (problems.length > 0) throw new RangeError(`the base template: ${problems.join("; ")}`);
  if (Object.keys(base.params).length > 0) validateSpace(base.params);
  if (base.filters !== undefined && !Array.isArray(base.filters))
    throw new RangeError("the base template's `filters` must be a list of rules");
}

function sideOf(base: SpecTemplate): Side {
  const side = base.side ?? "long";
  if (side !== "long" && side !== "short")
    throw new RangeError(
      `the ladder needs a fixed \`side\`, "long" or "short" (was ${JSON.stringify(side)})`,
    );
  return side;
}

function reference(name: string): { param: string } {
  return { param: name };
}

/** Declares a parameter under `wanted`, or `wanted2`, `wanted3`... when the name is taken. */
function declare(draft: Draft, wanted: string, domain: ParameterDomain): string {
  const params = draft.template.params as Record<string, ParameterDomain>;
  let name = wanted;
  for (let suffix = 2; name in params; suffix++) name = `${wanted}${suffix}`;
  draft.template.params = { ...params, [name]: domain };
  return name;
}

function sharedAtrPeriod(draft: Draft): string {
  draft.atrPeriodName ??= declare(draft, "atrPeriod", atrPeriodDomain);
  return draft.atrPeriodName;
}

function filtersOf(draft: Draft): Json[] {
  draft.template.filters ??= [];
  return draft.template.filters;
}

/** The signal that undoes `rule`: comparisons and crosses flip, and/or swap; undefined for `true`/`false`. */
function oppositeRule(rule: Json): Json | undefined {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) return undefined;
  const entries = Object.entries(rule);
  if (entries.length !== 1) return undefined;
  const [operator, argument] = entries[0]!;
  if (operator in oppositeOperator)
    return { [oppositeOperator[operator]!]: structuredClone(argument) };
  if (operator === "not") return structuredClone(argument);
  if ((operator === "and" || operator === "or") && Array.isArray(argument)) {
    const parts = argument.map(oppositeRule);
    if (parts.some((part) => part === undefined)) return undefined;
    return { [operator === "and" ? "or" : "and"]: parts };
  }
  return undefined;
}

/** A comparison of a price with a moving average, possibly inside and/or/not. */
function hasTrendComparison(rule: Json): boolean {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) return false;
  return Object.entries(rule).some(([operator, argument]) => {
    if (comparisons.includes(operator) && Array.isArray(argument)) {
      const isPrice = (side: Json) => typeof side === "string" && priceSources.includes(side);
      const isAverage = (side: Json) =>
        typeof side === "object" &&
        side !== null &&
        Object.keys(side).some((key) => movingAverages.includes(key));
      const [a, b] = argument as [Json, Json];
      return (isPrice(a) && isAverage(b)) || (isAverage(a) && isPrice(b));
    }
    if (operator === "not") return hasTrendComparison(argument);
    if (operator === "and" || operator === "or")
      return Array.isArray(argument) && argument.some(hasTrendComparison);
    return false;
  });
}

/** Whether entry, exit or a filter mentions `name`, as an indicator key or a bar field. */
function rulesUse(draft: Draft, name: string): boolean {
  const { entry, exit, filters } = draft.template;
  const visit = (value: Json): boolean => {
    if (value === name) return true;
    if (Array.isArray(value)) return value.some(visit);
    if (typeof value === "object" && value !== null)
      return Object.entries(value).some(([key, item]) => key === name || visit(item));
    return false;
  };
  return [entry, exit, filters].some(visit);
}
