import { describeValue } from "./numbers.ts";
import type { RiskLimits } from "./types.ts";

/**
 * The outer boundary no configuration can pass: `effectiveLimits` clamps to it and
 * `checkOrder` clamps whatever limits it is handed to it again. Each value is a ceiling, except
 * `duplicateWindowMs`, which is a floor.
 */
export const hardLimits: Readonly<RiskLimits> = Object.freeze({
  /** Fat-finger stop: a million shares, coins or contracts is beyond any account this serves (FX: ten standard lots). */
  maxOrderQuantity: 1_000_000,
  /** One order of more than $1M needs an execution algorithm and a desk, not a chat approval. */
  maxOrderNotional: 1_000_000,
  /** Per symbol: five maximal orders; beyond that a single name is a concentration no assistant account should hold. */
  maxPositionNotional: 5_000_000,
  /** 4x equity: the day-trading buying power of a US margin account (FINRA 4210(f)(8)(B)(iv)), the most leverage a broker extends to it. */
  maxGrossExposure: 4,
  /** 2x equity: Regulation T's 50% initial margin, the most a position book may lean one way overnight. */
  maxNetExposure: 2,
  /** 10% of the day's starting equity: past that, nothing opens until tomorrow, whatever the configuration says. */
  dailyLossLimit: 0.1,
  /** One a second: every order waits for a human approval, so more than this is a loop gone wrong. */
  maxOrdersPerMinute: 60,
  /** 10% from the last trade: twice the 5% limit-up/limit-down band of large US stocks; farther is a typo in the price. */
  priceCollarBps: 1_000,
  /** 15 minutes: an older last trade is no price to size real money with. */
  maxPriceAgeMs: 15 * 60_000,
  /** Floor, not ceiling: the same order twice within 5 s (a double click, a blind retry) is always a duplicate. */
  duplicateWindowMs: 5_000,
  denySymbols: Object.freeze([]) as readonly string[],
  /** 2x equity in one correlation cluster: Regulation T's ceiling for a book that moves as one. */
  maxClusterExposure: 2,
  /** Queueing outside hours defers an order and every check runs again at submission. */
  allowOutsideHours: true,
});

/** Where an account starts before any configuration: conservative, inside `hardLimits`. */
export const defaultLimits: Readonly<RiskLimits> = Object.freeze({
  maxOrderQuantity: 10_000,
  maxOrderNotional: 25_000,
  maxPositionNotional: 50_000,
  maxGrossExposure: 1,
  maxNetExposure: 1,
  dailyLossLimit: 0.02,
  maxOrdersPerMinute: 10,
  priceCollarBps: 300,
  maxPriceAgeMs: 5 * 60_000,
  duplicateWindowMs: 60_000,
  denySymbols: Object.freeze([]) as readonly string[],
  maxClusterExposure: 0.5,
  allowOutsideHours: true,
});

/** The numeric limits whose smaller value is stricter. */
export const ceilingFields = [
  "maxOrderQuantity",
  "maxOrderNotional",
  "maxPositionNotional",
  "maxGrossExposure",
  "maxNetExposure",
  "dailyLossLimit",
  "maxOrdersPerMinute",
  "priceCollarBps",
  "maxPriceAgeMs",
  "maxClusterExposure",
] as const;
/** The numeric limits whose larger value is stricter. */
export const floorFields = ["duplicateWindowMs"] as const;

type NumericField = (typeof ceilingFields)[number] | (typeof floorFields)[number];
const limitFields = new Set<string>([
  ...ceilingFields,
  ...floorFields,
  "allowSymbols",
  "denySymbols",
  "allowOutsideHours",
]);

/**
 * The limits an order is checked against. `configured` replaces `defaultLimits` field by field;
 * each of `overrides` (the account's, then the strategy's) can only tighten what came before.
 * Every value is clamped to `hardLimits` (never looser): ceilings take the smaller value,
 * `duplicateWindowMs` the larger, `denySymbols` the union, `allowSymbols` the intersection,
 * `allowOutsideHours` may be turned off but not back on. A NaN, infinite, negative or
 * non-number value, a bad symbol list or an unknown field throws a RangeError naming it.
 */
export function effectiveLimits(
  configured: Partial<RiskLimits>,
  ...overrides: Partial<RiskLimits>[]
): RiskLimits {
  const limits: RiskLimits = { ...defaultLimits, denySymbols: [...hardLimits.denySymbols] };
  applyLayer(limits, configured, "configured", false);
  overrides.forEach((override, index) => applyLayer(limits, override, `overrides[${index}]`, true));
  return limits;
}

function applyLayer(limits: RiskLimits, layer: unknown, where: string, tightenOnly: boolean) {
  if (typeof layer !== "object" || layer === null || Array.isArray(layer))
    throw new RangeError(`risk limits ${where} must be an object (was ${describeValue(layer)})`);
  const record = layer as Record<string, unknown>;
  for (const field of Object.keys(record)) {
    if (!limitFields.has(field))
      throw new RangeError(
        `unknown risk limit \`${field}\` in ${where}; known: ${[...limitFields].join(", ")}`,
      );
  }
  for (const field of ceilingFields) {
    const value = limitNumber(record[field], field, where);
    if (value === undefined) continue;
    const base = tightenOnly ? limits[field] : value;
    limits[field] = Math.min(base, value, hardLimits[field]);
  }
  for (const field of floorFields) {
    const value = limitNumber(record[field], field, where);
    if (value === undefined) continue;
    const base = tightenOnly ? limits[field] : value;
    limits[field] = Math.max(base, value, hardLimits[field]);
  }
  const deny = symbolList(record.denySymbols, "denySymbols", where);
  if (deny !== undefined)
    limits.denySymbols = [
      ...new Set([...(tightenOnly ? limits.denySymbols : hardLimits.denySymbols), ...deny]),
    ];
  const allow = symbolList(record.allowSymbols, "allowSymbols", where);
  if (allow !== undefined) {
    const previous = tightenOnly ? limits.allowSymbols : undefined;
    limits.allowSymbols = [
      ...new Set(previous ? allow.filter((s) => previous.includes(s)) : allow),
    ];
  }
  const outside = record.allowOutsideHours;
  if (outside !== undefined) {
    if (typeof outside !== "boolean")
      throw new RangeError(
        `risk limit \`allowOutsideHours\` in ${where} must be true or false (was ${describeValue(outside)})`,
      );
    limits.allowOutsideHours =
      outside && (tightenOnly ? limits.allowOutsideHours : true) && hardLimits.allowOutsideHours;
  }
}

function limitNumber(value: unknown, field: NumericField, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw new RangeError(
      `risk limit \`${field}\` in ${where} must be a finite number >= 0 (was ${describeValue(value)})`,
    );
  return value;
}

function symbolList(value: unknown, field: string, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    throw new RangeError(
      `risk limit \`${field}\` in ${where} must be an array of symbols (was ${describeValue(value)})`,
    );
  return value.map((symbol: unknown, index) => {
    if (typeof symbol !== "string" || symbol.trim() === "" || symbol.trim() !== symbol)
      throw new RangeError(
        `risk limit \`${field}[${index}]\` in ${where} must be a symbol without spaces (was ${describeValue(symbol)})`,
      );
    return symbol.toUpperCase();
  });
}
