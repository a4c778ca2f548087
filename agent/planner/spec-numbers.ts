import { indicatorCatalog } from "../../engine/indicators/catalog.ts";
import { extrasIn, indicatorOf, rulesLabel, type Domain, type Json } from "./strategy.ts";

/**
 * The numbers of a spec already run that a message names ("fast 5-50", "RSI(2)", "entry 25", "a
 * 2-10% stop loss"): ranges make an optimization's template, single values a change of the
 * rules. A number named that the spec does not have is a problem, never silently dropped.
 */

/** An optimize_strategy template, or what is wrong. */
export type SearchTemplate =
  | {
      ok: true;
      template: Record<string, Json>;
      params: Record<string, Domain>;
      initialCash?: number;
      /** The ranges searched when the message named none: around the spec's own numbers. */
      chosen?: string;
    }
  | { ok: false; problem: string };

type Spec = Record<string, Json>;

/** "20", "10-60", "10 to 60 step 5": a value, or a range with its step. */
const valueOrRange = String.raw`(\d+(?:\.\d+)?)(?:\s*(?:-|to)\s*(\d+(?:\.\d+)?)(?:\s*(?:step|by|in steps of|every)\s*(\d+(?:\.\d+)?))?)?`;

const domainOf = (low: string, high: string, step: string | undefined): Domain | string => {
  const [a, b] = [Number(low), Number(high)].sort((x, y) => x - y) as [number, number];
  const whole = Number.isInteger(a) && Number.isInteger(b);
  if (step === undefined) return whole ? { int: [a, b] } : { float: [a, b] };
  if (!whole || !Number.isInteger(Number(step)) || Number(step) < 1)
    return `a whole-number step over whole numbers ("${low}-${high} step ${step}" is not)`;
  return { int: [a, b], step: Number(step) };
};

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A copy of `value` with `replace` applied to each node, outermost first. */
function mapTree(value: Json, replace: (node: Json) => Json | undefined): Json {
  const replaced = replace(value);
  if (replaced !== undefined) return replaced;
  if (Array.isArray(value)) return value.map((item) => mapTree(item, replace));
  if (isObject(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapTree(item, replace)]),
    );
  return value;
}

const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);
const ruleKeys = ["entry", "exit", "filters"] as const;

/** The two sides of a crossover entry, fast first: `{"crossAbove": [fast, slow]}`. */
function crossoverSides(spec: Spec): [Json, Json] | undefined {
  const entry = spec.entry;
  if (!isObject(entry)) return undefined;
  const sides = entry.crossAbove ?? entry.crossBelow;
  return Array.isArray(sides) && sides.length === 2 ? [sides[0]!, sides[1]!] : undefined;
}

/** An indicator call with its period replaced: `{"sma": {"period": {"param": "fast"}}}`. */
function withPeriod(call: Json, period: Json): Json | undefined {
  if (!isObject(call)) return undefined;
  const [indicator, args] = Object.entries(call)[0] ?? [];
  if (indicator === undefined || !isObject(args) || typeof args.period !== "number")
    return undefined;
  return { [indicator]: { ...args, period } };
}

/** The rule's comparison with its number replaced: `{"lt": [rsi, {"param": "entryLevel"}]}`. */
function withLevel(rule: Json | undefined, level: Json): Json | undefined {
  if (!isObject(rule)) return undefined;
  const [comparison, sides] = Object.entries(rule)[0] ?? [];
  if (!comparison || !["lt", "lte", "gt", "gte"].includes(comparison) || !Array.isArray(sides))
    return undefined;
  const at = sides.findIndex((side) => typeof side === "number");
  if (at < 0) return undefined;
  return { [comparison]: sides.map((side, index) => (index === at ? level : side)) };
}

interface Rewritten {
  spec: Spec;
  params: Record<string, Domain>;
  problems: string[];
  /** Whether the text named any number of the rules (a period, a level). */
  named: boolean;
  initialCash?: number;
}

/**
 * The spec with the numbers the text names rewritten: a range becomes a free parameter when
 * `ranges` allows (an optimization), else is a problem; a single number replaces the old one.
 * With `extras`, stops, targets, time exits and costs written in the text are applied too.
 */
function rewrite(
  spec: Spec,
  text: string,
  options: { ranges: boolean; extras: boolean },
): Rewritten {
  let rewritten: Spec = { ...spec };
  const params: Record<string, Domain> = {};
  const problems: string[] = [];
  let named = false;
  let rest = text;
  const take = (pattern: RegExp) => {
    const match = pattern.exec(rest);
    if (match) rest = rest.replace(match[0], " ");
    return match ?? undefined;
  };
  /** `{"param": name}` for a range, the number for one value. */
  const valueOf = (
    name: string,
    low: string,
    high: string | undefined,
    step?: string | undefined,
  ): Json => {
    if (high === undefined) return Number(low);
    if (!options.ranges)
      problems.push(
        `one value for ${name} ("${low}-${high}" is a range: optimize searches ranges)`,
      );
    const domain = domainOf(low, high, step);
    if (typeof domain === "string") problems.push(domain);
    else params[name] = domain;
    return { param: name };
  };

  /** A MACD's own EMAs ("fast", "slow", "signal") set in every MACD call; false without one. */
  const inMacd = (word: string, value: Json) => {
    let found = false;
    rewritten = mapTree(rewritten, (node) => {
      if (!isObject(node) || !isObject(node.macd)) return undefined;
      found = true;
      return { macd: { ...node.macd, [word]: value } };
    }) as Spec;
    return found;
  };

  // "fast 5-50 and slow 60-200": the crossover's two sides, wherever the rules use them, or a
  // MACD's two EMAs.
  const sides = crossoverSides(spec);
  for (const [index, word] of (["fast", "slow"] as const).entries()) {
    const written = take(
      new RegExp(
        String.raw`\b${word}(?:\s+(?:period|ma|average|length|ema))?\s*(?:of|=|:)?\s*${valueOrRange}`,
      ),
    );
    if (!written) continue;
    named = true;
    const value = valueOf(word, written[1]!, written[2], written[3]);
    const side = sides?.[index];
    const replaced = side === undefined ? undefined : withPeriod(side, value);
    if (side && replaced)
      rewritten = mapTree(rewritten, (node) => (same(node, side) ? replaced : undefined)) as Spec;
    else if (!inMacd(word, value))
      problems.push(`a ${word} period: the strategy is not a crossover of two periods, nor a MACD`);
  }
  const signal = take(
    new RegExp(
      String.raw`\bsignal(?:\s+(?:period|line|ema|length))?\s*(?:of|=|:)?\s*${valueOrRange}`,
    ),
  );
  if (signal) {
    named = true;
    if (!inMacd("signal", valueOf("signal", signal[1]!, signal[2], signal[3])))
      problems.push("a signal period: the rules use no MACD");
  }

  // "what if I used a 50/200?": a crossover's two periods, its moving average kept.
  const pair = sides && !named ? take(/(?<![\d./])(\d+)\s*\/\s*(\d+)(?![\d./])/) : undefined;
  if (pair) {
    named = true;
    const [fast, slow] = [Number(pair[1]), Number(pair[2])].sort((x, y) => x - y);
    const replaced = sides!.map((side, index) => withPeriod(side, [fast!, slow!][index]!));
    if (replaced.some((side) => side === undefined))
      problems.push("a fast/slow pair: the strategy is not a crossover of two periods");
    else
      rewritten = mapTree(rewritten, (node) =>
        same(node, sides![0]) ? replaced[0] : same(node, sides![1]) ? replaced[1] : undefined,
      ) as Spec;
  }

  // "RSI 2-10", "rsi(2)", "the ATR period 10-30": every call of that indicator.
  for (const match of rest.matchAll(
    new RegExp(
      String.raw`\b([a-z][a-z%]*)\s*(?:period\s*|length\s*)?\(?\s*${valueOrRange}\s*\)?`,
      "g",
    ),
  )) {
    const indicator = indicatorOf(match[1]!);
    if (!indicator) continue;
    named = true;
    const value = valueOf(`${indicator}Period`, match[2]!, match[3], match[4]);
    let found = false;
    rewritten = mapTree(rewritten, (node) => {
      const replaced = isObject(node) && indicator in node ? withPeriod(node, value) : undefined;
      if (replaced) found = true;
      return replaced;
    }) as Spec;
    const upper = indicator.toUpperCase();
    if (!found) problems.push(`${upper} periods: the strategy has no ${upper} with a period`);
    rest = rest.replace(match[0], " ");
  }

  // "period 10-60", "lookback 10-60": the one period the rules use (a breakout's highs and lows,
  // a Bollinger band), everywhere it is used.
  const general = take(
    new RegExp(
      String.raw`\b(?:period|lookback|length|window|breakout|channel)(?:\s+(?:period|length))?\s*(?:of|=|:)?\s*${valueOrRange}`,
    ),
  );
  if (general) {
    named = true;
    const periods = new Set<Json>();
    mapTree(rewritten, (node) => {
      const args = isObject(node) ? Object.values(node)[0] : undefined;
      if (isObject(args) && typeof args.period === "number") periods.add(args.period);
      return undefined;
    });
    if (periods.size === 1) {
      const [old] = periods;
      const value = valueOf("period", general[1]!, general[2], general[3]);
      rewritten = mapTree(rewritten, (node) => {
        const args = isObject(node) ? Object.values(node)[0] : undefined;
        return isObject(args) && args.period === old ? withPeriod(node, value) : undefined;
      }) as Spec;
    } else
      problems.push(
        periods.size === 0
          ? "a period: the rules use no indicator with a period"
          : `which period: the rules use ${[...periods].join(" and ")}; name the indicator, e.g. "RSI 2-10"`,
      );
  }

  // "entry 10-30", "buy below 10-30", "exit 60-80", "sell above 60-80": the rules' thresholds.
  for (const [key, nouns, verbs] of [
    ["entry", "entry|enter", "buy"],
    ["exit", "exit", "sell|cover"],
  ] as const) {
    const written =
      take(
        new RegExp(
          String.raw`\b(?:${nouns})(?:\s+(?:level|threshold|below|above|under|over|at|when))*\s*(?:of|=|:|<|>)?\s*${valueOrRange}`,
        ),
      ) ??
      // A verb takes a number only with its comparison: "buy below 25", never "buy 0.25 BTC/USD".
      take(
        new RegExp(
          String.raw`\b(?:${verbs})(?:(?:\s+(?:below|above|under|over|at|when))+\s*(?:<|>)?|\s*(?:<|>))\s*${valueOrRange}`,
        ),
      );
    if (!written) continue;
    named = true;
    const replaced = withLevel(
      rewritten[key],
      valueOf(`${key}Level`, written[1]!, written[2], written[3]),
    );
    if (!replaced) {
      problems.push(`an ${key} level: the ${key} rule is not one comparison with a number`);
      continue;
    }
    rewritten[key] = replaced;
  }

  if (!options.extras) return { spec: rewritten, params, problems, named };
  // Stops, targets, time exits and costs, ranges or not: "a 2-10% stop loss", "hold 5-20 days".
  const extras = extrasIn(rest, options.ranges);
  if (extras.problem) problems.push(extras.problem);
  const { costs, ...fields } = extras.fields;
  Object.assign(rewritten, fields);
  if (isObject(costs))
    rewritten.costs = { ...(isObject(rewritten.costs) ? rewritten.costs : {}), ...costs };
  Object.assign(params, extras.params);
  return {
    spec: rewritten,
    params,
    problems,
    named,
    ...(extras.initialCash === undefined ? {} : { initialCash: extras.initialCash }),
  };
}

/**
 * An optimize_strategy template from a spec already run and the ranges a message writes for
 * its numbers ("optimize it with fast 5-50 and slow 60-200", "RSI 2-10, entry 10-30, exit
 * 60-80, a 2-10% stop loss"). A range that names nothing in the spec is a problem, never
 * silently dropped. A message that names no range ("optimize it") searches ranges around the
 * spec's own numbers, halved to doubled, and says which (`chosen`).
 */
export function searchTemplate(spec: Spec, text: string): SearchTemplate {
  const named = templateOf(spec, text);
  if (!named.ok || Object.keys(named.params).length > 0) return named;
  const chosen = aroundOwnNumbers(spec);
  if (!chosen)
    return {
      ok: false,
      problem:
        'which numbers to search, written as ranges: this strategy has no period or level of its own to search around, e.g. "fast 5-50 and slow 60-200", "RSI 2-10, entry 10-30, exit 60-80" or "a 2-10% stop loss"',
    };
  // Written as a message would be, and a message is read lowercased.
  const around = templateOf(spec, `${text} with ${chosen.toLowerCase()}`);
  return around.ok ? { ...around, chosen } : around;
}

/** The template and parameters of the ranges the text names (none, when it names none). */
function templateOf(spec: Spec, text: string): SearchTemplate {
  const {
    spec: template,
    params,
    problems,
    initialCash,
  } = rewrite(spec, text, {
    ranges: true,
    extras: true,
  });
  if (problems.length > 0) return { ok: false, problem: problems.join("; ") };
  if (typeof spec.name === "string" && Object.keys(params).length > 0)
    template.name = placeholderName(spec.name, spec, template);
  return { ok: true, template, params, ...(initialCash === undefined ? {} : { initialCash }) };
}

/**
 * The name with each number that became a parameter written as its placeholder ("EMA 10/30
 * crossover" -> "EMA {fast}/{slow} crossover"): the optimizer writes the best values back into
 * it, so a result never carries the numbers it replaced. A number two parameters shared stays.
 */
function placeholderName(name: string, spec: Json, template: Json): string {
  const replaced = new Map<string, Set<number>>();
  const walk = (before: Json | undefined, after: Json): void => {
    if (isObject(after) && typeof after.param === "string" && typeof before === "number") {
      replaced.set(after.param, (replaced.get(after.param) ?? new Set()).add(before));
    } else if (Array.isArray(after))
      after.forEach((item, k) => walk(Array.isArray(before) ? before[k] : undefined, item));
    else if (isObject(after))
      for (const [key, item] of Object.entries(after))
        walk(isObject(before) ? before[key] : undefined, item);
  };
  walk(spec, template);
  const owners = new Map<number, string[]>();
  for (const [param, values] of replaced)
    for (const value of values) owners.set(value, [...(owners.get(value) ?? []), param]);
  let named = name;
  for (const [value, params] of owners) {
    if (params.length !== 1 || replaced.get(params[0]!)!.size !== 1) continue;
    const number = String(value).replace(".", String.raw`\.`);
    named = named.replace(
      new RegExp(String.raw`(?<![\d.])${number}(?![\d.])`, "g"),
      `{${params[0]}}`,
    );
  }
  return named;
}

/**
 * Ranges around a spec's own numbers, written as a message would ("fast 5-20 and slow 15-60",
 * "RSI 7-28, entry 20-40, exit 60-80"): periods halved to doubled, levels a band either side.
 */
function aroundOwnNumbers(spec: Spec): string | undefined {
  const around = (value: number) => `${Math.max(2, Math.round(value / 2))}-${value * 2}`;
  const sides = crossoverSides(spec)?.map((side) => {
    const args = isObject(side) ? Object.values(side)[0] : undefined;
    return isObject(args) && typeof args.period === "number" ? args.period : undefined;
  });
  if (sides?.[0] !== undefined && sides[1] !== undefined)
    return `fast ${around(sides[0])} and slow ${around(sides[1])}`;
  // A MACD's three EMAs, around its own (or the default) lengths.
  let macd: { [key: string]: Json } | undefined;
  mapTree(spec.entry ?? null, (node) => {
    if (!macd && isObject(node) && isObject(node.macd)) macd = node.macd;
    return undefined;
  });
  if (macd) {
    const length = (key: "fast" | "slow" | "signal") =>
      typeof macd![key] === "number" ? macd![key] : indicatorCatalog.macd.parameters[key]!.default;
    return `fast ${around(length("fast"))}, slow ${around(length("slow"))} and signal ${around(length("signal"))}`;
  }
  const parts: string[] = [];
  mapTree(spec.entry ?? null, (node) => {
    const [indicator, args] = isObject(node) ? (Object.entries(node)[0] ?? []) : [];
    if (parts.length === 0 && indicator && isObject(args) && typeof args.period === "number")
      parts.push(`${indicator.toUpperCase()} ${around(args.period)}`);
    return undefined;
  });
  for (const key of ["entry", "exit"] as const) {
    const rule = spec[key];
    const [comparison, sides] = isObject(rule) ? (Object.entries(rule)[0] ?? []) : [];
    const level = Array.isArray(sides) ? sides.find((side) => typeof side === "number") : undefined;
    if (!["lt", "lte", "gt", "gte"].includes(comparison ?? "") || typeof level !== "number")
      continue;
    const spread = level > 0 && level < 100 ? 10 : Math.max(1, Math.round(Math.abs(level) / 3));
    parts.push(`${key} ${level - spread}-${level + spread}`);
  }
  return parts.length > 0 ? parts.join(", ") : undefined;
}

/** The moving average both sides of a crossover use ("ema"), when they use one. */
function crossoverKind(spec: Spec): string | undefined {
  const kinds = crossoverSides(spec)?.map((side) => (isObject(side) ? Object.keys(side)[0] : ""));
  return kinds && kinds[0] === kinds[1] ? kinds[0] : undefined;
}

/** Words that choose a moving average: a crossover written without one keeps the old one. */
const namesAverage =
  /\b(?:sma|ema|wma|dema|tema|simple|exponential|weighted|double|triple|golden)\b/;

/**
 * New crossover rules written without their moving average ("try a 50/200 crossover instead")
 * for a spec that crosses another one: the spec's average is kept, an EMA crossover stays EMA
 * (the planner reads an unnamed crossover as SMA only for a strategy of its own).
 */
export function keepCrossoverKind(spec: Spec, changes: Spec, text: string): Spec {
  const kind = crossoverKind(spec);
  const written = crossoverKind(changes);
  if (!kind || written !== "sma" || kind === "sma" || namesAverage.test(text)) return changes;
  const renamed = (rule: Json | undefined) =>
    mapTree(rule ?? null, (node) =>
      isObject(node) && isObject(node.sma) ? { [kind]: node.sma } : undefined,
    );
  const kept: Spec = { ...changes, entry: renamed(changes.entry) };
  if (changes.exit !== undefined) kept.exit = renamed(changes.exit);
  return { ...kept, name: rulesLabel(kept) };
}

/** Whether the text names numbers of rules ("RSI(2)", "fast 10", "entry 25"), whatever the spec. */
export const namesRuleNumbers = (text: string) =>
  rewrite({}, text, { ranges: true, extras: false }).named;

/**
 * The rules' numbers a follow-up changes ("try it with RSI(2)", "what about fast 10 and slow
 * 30", "buy below 25 instead"): the changed rules, undefined when it names none.
 */
export function respecified(
  spec: Spec,
  text: string,
): { ok: true; changes: Spec } | { ok: false; problem: string } | undefined {
  const { spec: changed, problems, named } = rewrite(spec, text, { ranges: false, extras: false });
  if (!named) return undefined;
  if (problems.length > 0) return { ok: false, problem: problems.join("; ") };
  const changes: Spec = Object.fromEntries(
    ruleKeys
      .filter((key) => !same(changed[key] ?? null, spec[key] ?? null))
      .map((key) => [key, changed[key]!]),
  );
  if (Object.keys(changes).length > 0) changes.name = rulesLabel(changed);
  return { ok: true, changes };
}
