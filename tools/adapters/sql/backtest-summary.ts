import type { BacktestSummary } from "../../ports/store.ts";
import { epochMs } from "./epoch-ms.ts";

/** A backtest's columns without its bulky trades, equity and benchmarks, named as its fields. */
export const backtestSummaryColumns = `id::text AS id, strategy_id AS "strategyId",
  ${epochMs("start_at")} AS "startMs", ${epochMs("end_at")} AS "endMs",
  initial_cash AS "initialCash", metrics, ${epochMs("created_at")} AS "createdAtMs"`;

const round = (ms: number | null) => (ms === null ? null : Math.round(ms));

/** A row of `backtestSummaryColumns`, its times whole milliseconds. */
export const toBacktestSummary = (row: BacktestSummary): BacktestSummary => ({
  ...row,
  startMs: round(row.startMs),
  endMs: round(row.endMs),
  createdAtMs: Math.round(row.createdAtMs),
});
