import type { CorporateAction } from "../../../engine/adjust/corporate-actions.ts";

const dayMs = 86_400_000;
const utcMidnight = (date: Date) => Math.floor(date.getTime() / dayMs) * dayMs;

/** Alpaca's split rates: `new_rate` shares after for `old_rate` before. */
export function toSplit(exDate: Date, oldRate: number, newRate: number): CorporateAction {
  return { kind: "split", exDateMs: utcMidnight(exDate), ratio: newRate / oldRate };
}

export function toDividend(exDate: Date, rate: number): CorporateAction {
  return { kind: "dividend", exDateMs: utcMidnight(exDate), amount: rate };
}
