import { extrasIn, indicatorOf, type Domain, type Json } from "./strategy.ts";

/**
 * An optimize_strategy template from a spec already run and the ranges a message writes for
 * its numbers ("optimize it with fast 5-50 and slow 60-200", "RSI 2-10, entry 10-30, exit
 * 60-80, a 2-10% stop loss"): each range replaces the numbers it names with a free parameter.
 * A range that names nothing in the spec is a problem, never silently dropped.
 */
export type SearchTemplate =
  | {
      ok: true;
      template: Record<string, Json>;
      params: Record<string, Domain>;
      initialCash?: number;
    }
  | { ok: false; problem: string };

type Spec = Record<string, Json>;

const range = String.raw`(\d+(?:\.\d+)?)\s*(?:-|to)\s*(\d+(?:\.\d+)?)`;

const domainOf = (low: string, high: string): Domain => {
  const [a, b] = [Number(low), Number(high)].sort((x, y) => x - y) as [number, number];
  return Number.isInteger(a) && Number.isInteger(b) ? { int: [a, b] } : { float: [a, b] };
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

/** The two sides of a crossover entry, fast first: `{"crossAbove": [fast, slow]}`. */
function crossoverSides(spec: Spec): [Json, Json] | undefined {
  const entry = spec.entry;
  if (!isObject(entry)) return undefined;
  const sides = entry.crossAbove ?? entry.crossBelow;
  return Array.isArray(sides) && sides.length === 2 ? [sides[0]!, sides[1]!] : undefined;
}

/** An indicator call's period set to a parameter: `{"sma": {"period": {"param": "fast"}}}`. */
function withPeriodParam(call: Json, name: string): Json | undefined {
  if (!isObject(call)) return undefined;
  const [indicator, args] = Object.entries(call)[0] ?? [];
  if (indicator === undefined || !isObject(args) || typeof args.period !== "number")
    return undefined;
  return { [indicator]: { ...args, period: { param: name } } };
}

/** The rule's comparison with its number replaced: `{"lt": [rsi, {"param": "entryLevel"}]}`. */
function withLevelParam(rule: Json | undefined, name: string): Json | undefined {
  if (!isObject(rule)) return undefined;
  const [comparison, sides] = Object.entries(rule)[0] ?? [];
  if (!comparison || !["lt", "lte", "gt", "gte"].includes(comparison) || !Array.isArray(sides))
    return undefined;
  const at = sides.findIndex((side) => typeof side === "number");
  if (at < 0) return undefined;
  return { [comparison]: sides.map((side, index) => (index === at ? { param: name } : side)) };
}

export function searchTemplate(spec: Spec, text: string): SearchTemplate {
  let template: Spec = { ...spec };
  const params: Record<string, Domain> = {};
  const problems: string[] = [];
  let rest = text;
  const take = (pattern: RegExp) => {
    const match = pattern.exec(rest);
    if (match) rest = rest.replace(match[0], " ");
    return match ?? undefined;
  };

  // "fast 5-50 and slow 60-200": the crossover's two sides, wherever the rules use them.
  const sides = crossoverSides(spec);
  for (const [index, word] of (["fast", "slow"] as const).entries()) {
    const written = take(
      new RegExp(
        String.raw`\b${word}(?:\s+(?:period|ma|average|length))?\s*(?:of|=|:)?\s*${range}`,
      ),
    );
    if (!written) continue;
    const side = sides?.[index];
    const replaced = side === undefined ? undefined : withPeriodParam(side, word);
    if (!side || !replaced) {
      problems.push(`a ${word} period to search: the strategy is not a crossover of two periods`);
      continue;
    }
    params[word] = domainOf(written[1]!, written[2]!);
    template = mapTree(template, (node) => (same(node, side) ? replaced : undefined)) as Spec;
  }

  // "RSI 2-10", "rsi(2-10)", "the ATR period 10-30": every call of that indicator.
  for (const match of rest.matchAll(
    new RegExp(String.raw`\b([a-z][a-z%]*)\s*(?:period\s*|length\s*)?\(?\s*${range}\s*\)?`, "g"),
  )) {
    const indicator = indicatorOf(match[1]!);
    if (!indicator) continue;
    const name = `${indicator}Period`;
    let found = false;
    template = mapTree(template, (node) => {
      const replaced =
        isObject(node) && indicator in node ? withPeriodParam(node, name) : undefined;
      if (replaced) found = true;
      return replaced;
    }) as Spec;
    if (!found)
      problems.push(
        `${indicator.toUpperCase()} periods to search: the strategy has no ${indicator.toUpperCase()} with a period`,
      );
    else params[name] = domainOf(match[2]!, match[3]!);
    rest = rest.replace(match[0], " ");
  }

  // "entry 10-30", "buy below 10-30", "exit 60-80", "sell above 60-80": the rules' thresholds.
  for (const [key, words] of [
    ["entry", "entry|enter|buy"],
    ["exit", "exit|sell|cover"],
  ] as const) {
    const written = take(
      new RegExp(
        String.raw`\b(?:${words})(?:\s+(?:level|threshold|below|above|under|over|at|when))*\s*(?:of|=|:|<|>)?\s*${range}`,
      ),
    );
    if (!written) continue;
    const name = `${key}Level`;
    const replaced = withLevelParam(template[key], name);
    if (!replaced) {
      problems.push(
        `an ${key} level to search: the ${key} rule is not one comparison with a number`,
      );
      continue;
    }
    template[key] = replaced;
    params[name] = domainOf(written[1]!, written[2]!);
  }

  // Stops, targets, time exits and costs, ranges or not: "a 2-10% stop loss", "hold 5-20 days".
  const extras = extrasIn(rest, true);
  if (extras.problem) problems.push(extras.problem);
  const { costs, ...fields } = extras.fields;
  Object.assign(template, fields);
  if (isObject(costs))
    template.costs = { ...(isObject(template.costs) ? template.costs : {}), ...costs };
  Object.assign(params, extras.params);

  if (problems.length > 0) return { ok: false, problem: problems.join("; ") };
  if (Object.keys(params).length === 0)
    return {
      ok: false,
      problem:
        'which numbers to search, written as ranges (I do not pick them for you), e.g. "fast 5-50 and slow 60-200", "RSI 2-10, entry 10-30, exit 60-80" or "a 2-10% stop loss"',
    };
  return {
    ok: true,
    template,
    params,
    ...(extras.initialCash === undefined ? {} : { initialCash: extras.initialCash }),
  };
}
