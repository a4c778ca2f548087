import type { ValidationContext } from "../context.ts";
import type { RuleFamily, RuleOutcome, Severity, ValidationRule } from "../types.ts";

export function pass(message: string, value?: number): RuleOutcome {
  return value === undefined ? { status: "pass", message } : { status: "pass", message, value };
}

export function warn(message: string, value?: number): RuleOutcome {
  return value === undefined ? { status: "warn", message } : { status: "warn", message, value };
}

export function fail(message: string, value?: number): RuleOutcome {
  return value === undefined ? { status: "fail", message } : { status: "fail", message, value };
}

export function skip(message: string): RuleOutcome {
  return { status: "skip", message };
}

/** A rule of one family: `rules(family)(severity, id, title, check)`. */
export function ruleMaker(family: RuleFamily) {
  return (
    severity: Severity,
    id: string,
    title: string,
    check: (context: ValidationContext) => RuleOutcome,
  ): ValidationRule => ({ id, family, severity, title, check });
}

/**
 * pass / warn / fail by where `value` falls: `higherIsBetter` rules pass at or above `passAt`
 * and fail below `failBelow`; the others pass at or below `passAt` and fail above `failAbove`.
 */
export function grade(
  value: number,
  thresholds: { passAt: number; failBeyond: number; higherIsBetter: boolean },
): "pass" | "warn" | "fail" {
  const { passAt, failBeyond, higherIsBetter } = thresholds;
  if (Number.isNaN(value)) return "fail";
  if (higherIsBetter) return value >= passAt ? "pass" : value >= failBeyond ? "warn" : "fail";
  return value <= passAt ? "pass" : value <= failBeyond ? "warn" : "fail";
}

export function outcome(
  status: "pass" | "warn" | "fail",
  message: string,
  value?: number,
): RuleOutcome {
  return status === "pass"
    ? pass(message, value)
    : status === "warn"
      ? warn(message, value)
      : fail(message, value);
}

export function percent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return fraction > 0 ? "infinite" : String(fraction);
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function fixed(value: number | null, digits = 2): string {
  if (value === null) return "n/a";
  if (!Number.isFinite(value)) return value > 0 ? "infinite" : value < 0 ? "-infinite" : "n/a";
  return value.toFixed(digits);
}

export function money(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const sign = value < 0 ? "-" : "";
  return `${sign}$${Math.round(Math.abs(value)).toLocaleString("en-US")}`;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

export function symbolsText(symbols: readonly string[], limit = 5): string {
  if (symbols.length <= limit) return symbols.join(", ");
  return `${symbols.slice(0, limit).join(", ")} and ${symbols.length - limit} more`;
}

/** Skip unless some symbol trades on `market`; otherwise the indices of those symbols. */
export function marketSymbols(
  context: ValidationContext,
  market: "NYSE" | "CME" | "FX" | "CRYPTO",
  what: string,
): number[] | RuleOutcome {
  const indices = context.symbolsOn(market);
  if (indices.length > 0) return indices;
  const markets = [...new Set(context.markets)].join(", ") || "none given";
  return skip(`Applies to ${what}; the universe has none (its markets: ${markets}).`);
}

export function isOutcome(value: unknown): value is RuleOutcome {
  return typeof value === "object" && value !== null && "status" in value;
}

/** Skip rules that need a daily Sharpe when the strategy's returns have none. */
export const noReturnsMessage =
  "Needs at least 3 daily returns with some variation; this run has none (it never held a position, or the window is too short).";
