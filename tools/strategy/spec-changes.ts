import { z } from "zod";
import type { Sizing, StrategySpec } from "../../engine/strategy/spec.ts";
import { timeframes } from "../ports/store.ts";
import { RuleSchema } from "./expression-schema.ts";
import {
  canonicalJson,
  CostSchema,
  ExitDistanceSchema,
  parseStrategySpec,
  SizingSchema,
  StrategySpecSchema,
} from "./spec-schema.ts";

const removable = <T extends z.ZodType>(schema: T, what: string) =>
  schema.nullable().optional().describe(`${what}; null removes it.`);

/**
 * A variant of a stored strategy: each field given replaces the spec's ("on QQQ", "a 5% stop
 * loss", "short"), null removes an optional one, and costs change one number at a time.
 */
export const SpecChangesSchema = z
  .object({
    name: StrategySpecSchema.shape.name
      .optional()
      .describe(
        "A new name for the rules (give it with new entry rules); the other changes follow it in words.",
      ),
    universe: StrategySpecSchema.shape.universe.optional(),
    timeframe: z.enum(timeframes).optional(),
    side: z.enum(["long", "short"]).optional(),
    entry: RuleSchema.optional(),
    exit: removable(RuleSchema, "The exit rule"),
    filters: z.array(RuleSchema).max(20).optional(),
    sizing: SizingSchema.optional(),
    stopLoss: removable(ExitDistanceSchema, "The stop loss"),
    takeProfit: removable(ExitDistanceSchema, "The take profit"),
    trailingStop: removable(ExitDistanceSchema, "The trailing stop"),
    timeExit: removable(
      z.object({ bars: z.number().int().min(1).max(100_000) }).strict(),
      "The time exit",
    ),
    costs: z
      .object({
        feeBps: CostSchema.feeBps.optional(),
        slippageBps: CostSchema.slippageBps.optional(),
      })
      .strict()
      .optional()
      .describe("Either cost or both; the one not given stays."),
  })
  .strict()
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: "`changes` changes nothing: give at least one field of the spec to change",
  })
  .describe(
    'Test a variant of the stored strategy (or finding): these spec fields replace its own, e.g. {"universe":["QQQ"]} or {"stopLoss":{"percent":5}}.',
  );

export type SpecChanges = z.output<typeof SpecChangesSchema>;

/**
 * The changed spec, named after what changed, and the changes in words. Only what really
 * differs counts: "make it long" of a long strategy changes nothing.
 */
export function applyChanges(
  spec: StrategySpec,
  changes: SpecChanges,
): { spec: StrategySpec; words: string[] } {
  const merged: Record<string, unknown> = { ...spec };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || key === "name") continue;
    // null removes an optional field: undefined is what the schema reads as absent.
    merged[key] = key === "costs" ? { ...spec.costs, ...(value as object) } : (value ?? undefined);
  }
  // Each field was checked by SpecChangesSchema; parsing fills the defaults of what they set.
  const changed = parseStrategySpec({ ...merged, name: spec.name });
  const effective = differences(spec, changed, changes.name);
  if (Object.keys(effective).length === 0) return { spec, words: [] };
  const found = wordsOf(effective);
  return {
    spec: { ...changed, name: variantName(spec.name, effective, found) },
    words: found.map(({ words }) => words),
  };
}

const ruleKeys = ["side", "entry", "exit", "filters"] as const;

/** The changes as the changed spec has them, keeping only fields that differ from the base. */
function differences(base: StrategySpec, changed: StrategySpec, name?: string): SpecChanges {
  const differs = (a: unknown, b: unknown) => canonicalJson(a ?? null) !== canonicalJson(b ?? null);
  const effective: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(base), ...Object.keys(changed)]) as Set<keyof StrategySpec>;
  for (const key of keys)
    if (key !== "name" && key !== "costs" && differs(base[key], changed[key]))
      effective[key] = changed[key] ?? null;
  const costs = Object.fromEntries(
    (["feeBps", "slippageBps"] as const)
      .filter((key) => base.costs[key] !== changed.costs[key])
      .map((key) => [key, changed.costs[key]]),
  );
  if (Object.keys(costs).length > 0) effective.costs = costs;
  if (name !== undefined && ruleKeys.some((key) => key in effective)) effective.name = name;
  return effective as SpecChanges;
}

const number = (value: number) => String(Number(value.toPrecision(6)));

/** As given (the planner leaves the ATR period to the schema's default) or as parsed. */
type Distance = { percent: number } | { atrMultiple: number; atrPeriod?: number };

function distance(value: Distance): string {
  return "percent" in value
    ? `${number(value.percent)}%`
    : `${number(value.atrMultiple)} ATR(${value.atrPeriod ?? 14})`;
}

function sizingWords(sizing: Sizing): string {
  if ("fractionOfEquity" in sizing) return `${number(sizing.fractionOfEquity * 100)}% of equity`;
  if ("fixedNotional" in sizing) return `$${number(sizing.fixedNotional)} per trade`;
  return `${number(sizing.volatilityTarget.annualVolatilityPercent)}% volatility target`;
}

const symbolWords = (symbols: string[]) =>
  symbols.length > 4
    ? `${symbols.slice(0, 3).join(" ")} and ${symbols.length - 3} more`
    : symbols.join(" ");

const exitWords = (name: string, value: Distance | null) =>
  value === null ? `no ${name}` : `${distance(value)} ${name}`;

interface Wording {
  words: string;
  /** Recognizes these words in a name: a later change of the same kind replaces them. */
  kind: RegExp;
  /** New rules under a new name: the name says them, so they are not added to it. */
  named?: boolean;
}

const ruleKinds = /^(?:long|short|(?:new|no) (?:entry rule|exit rule|filters))$/;

/** Each change in words, in the order of the spec. */
function wordsOf(changes: SpecChanges): Wording[] {
  const found: Wording[] = [];
  const add = (value: unknown, words: () => string, kind: RegExp) => {
    if (value !== undefined) found.push({ words: words(), kind });
  };
  const { name, universe, timeframe, side, entry, exit, filters, sizing, costs } = changes;
  add(universe, () => `on ${symbolWords(universe!)}`, /^on /);
  add(timeframe, () => `${timeframe} bars`, /^\w+ bars$/);
  if (name !== undefined)
    found.push({ words: `new rules "${name}"`, kind: ruleKinds, named: true });
  else {
    add(side, () => side!, ruleKinds);
    add(entry, () => "new entry rule", ruleKinds);
    add(exit, () => (exit === null ? "no exit rule" : "new exit rule"), ruleKinds);
    add(filters, () => (filters!.length === 0 ? "no filters" : "new filters"), ruleKinds);
  }
  add(sizing, () => sizingWords(sizing!), / (?:of equity|per trade|volatility target)$/);
  for (const [key, label] of [
    ["stopLoss", "stop loss"],
    ["takeProfit", "take profit"],
    ["trailingStop", "trailing stop"],
  ] as const)
    add(
      changes[key],
      () => exitWords(label, changes[key] ?? null),
      new RegExp(`^\\S+(?: ATR\\(\\d+\\))? ${label}$`),
    );
  add(
    changes.timeExit,
    () => (changes.timeExit ? `exit after ${changes.timeExit.bars} bars` : "no time exit"),
    /^(?:no time exit|exit after \d+ bars)$/,
  );
  add(costs?.feeBps, () => `fees ${number(costs!.feeBps!)} bps`, /^fees \S+ bps$/);
  add(
    costs?.slippageBps,
    () => `slippage ${number(costs!.slippageBps!)} bps`,
    /^slippage \S+ bps$/,
  );
  return found;
}

/**
 * "SMA 20/50 crossover, on QQQ, 5% stop loss": the base name's first part (or the new rules'
 * name), the words of earlier changes still in effect, then this change's words.
 */
function variantName(base: string, changes: SpecChanges, found: Wording[]): string {
  const [root, ...earlier] = base.split(", ");
  const pending = found.filter(({ named }) => !named);
  // A change of a kind already named takes its place: "on QQQ" becomes "on IWM" where it was.
  const parts = earlier.flatMap((part) => {
    if (!found.some(({ kind }) => kind.test(part))) return [part];
    const same = pending.findIndex(({ kind }) => kind.test(part));
    return same < 0 ? [] : pending.splice(same, 1).map(({ words }) => words);
  });
  const name = [changes.name ?? root, ...parts, ...pending.map(({ words }) => words)].join(", ");
  return name.length > 200 ? `${name.slice(0, 197)}...` : name;
}

/** Changes in words as asked ("on QQQ", "5% stop loss"), before they meet a spec. */
export const changeWords = (changes: SpecChanges) => wordsOf(changes).map(({ words }) => words);
