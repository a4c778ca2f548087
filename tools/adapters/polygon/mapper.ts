import type { CorporateAction } from "../../../engine/adjust/corporate-actions.ts";
import type { BarSeries } from "../../../engine/types.ts";
import type { PolygonAggregatesResponse } from "./schema.ts";

type PolygonBar = NonNullable<PolygonAggregatesResponse["results"]>[number];

/** Polygon aggregates (bar start time in epoch ms) to our columns, sorted, duplicates dropped. */
export function toBarSeries(symbol: string, results: readonly PolygonBar[]): BarSeries | undefined {
  const rows = [...results]
    .sort((a, b) => a.t - b.t)
    .filter((row, index, all) => index === 0 || row.t !== all[index - 1]!.t);
  if (rows.length === 0) return undefined;
  const column = (pick: (row: PolygonBar) => number) => Float64Array.from(rows, pick);
  return {
    symbol,
    timestampMs: column((row) => row.t),
    open: column((row) => row.o),
    high: column((row) => row.h),
    low: column((row) => row.l),
    close: column((row) => row.c),
    volume: column((row) => row.v),
  };
}

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
