import type { ExplanationLevel } from "../../tools/ports/insight.ts";

/**
 * How things are named: `plain` in everyday words (beginners, and every jargon-free text),
 * `standard` with the usual trading terms, `expert` in compact notation.
 */
export type Voice = "plain" | "standard" | "expert";

export function voiceOf(level: ExplanationLevel, jargonFree: boolean): Voice {
  if (jargonFree) return "plain";
  return level === "beginner" ? "plain" : level === "intermediate" ? "standard" : "expert";
}

/** One bar of a timeframe, in words: "day", "hour", "5-minute bar". */
export interface BarUnit {
  one: string;
  many: string;
}

const units: Record<string, BarUnit> = {
  "1m": { one: "minute", many: "minutes" },
  "5m": { one: "5-minute bar", many: "5-minute bars" },
  "15m": { one: "15-minute bar", many: "15-minute bars" },
  "1h": { one: "hour", many: "hours" },
  "1d": { one: "day", many: "days" },
};

export function barUnitOf(timeframe: string): BarUnit {
  return units[timeframe] ?? { one: "bar", many: "bars" };
}

/** `count` bars in words: "1 day", "50 days". */
export function span(count: number | string, unit: BarUnit): string {
  return `${count} ${Number(count) === 1 ? unit.one : unit.many}`;
}

/** A spec's number as written: no binary noise (0.1 + 0.2), no trailing zeros. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** A name inside a sentence: "Buy and hold SPY" becomes "buy and hold SPY", "SMA 50/200" stays. */
export function inSentence(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}
