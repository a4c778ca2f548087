import type { CorporateAction } from "../../../engine/adjust/corporate-actions.ts";
/** A Polygon split is `split_to` new shares for `split_from` old ones. */
export function toSplit(
  executionDate: string,
  splitFrom: number,
  splitTo: number,
): CorporateAction {
  return {
    kind: "split",
    exDateMs: Date.parse(`${executionDate}T00:00:00Z`),
    ratio: splitTo / splitFrom,
  };
}

export function toDividend(exDividendDate: string, cashAmount: number): CorporateAction {
  return {
    kind: "dividend",
    exDateMs: Date.parse(`${exDividendDate}T00:00:00Z`),
    amount: cashAmount,
  };
}
