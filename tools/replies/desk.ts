import type { RiskLimits } from "../../engine/risk/index.ts";
import { todayLine, type TodayView } from "./orders.ts";
import { count, figure, fixed, percent, inWords, utc } from "./format.ts";

interface DeskOutput {
  trading: { state: string; reason: string | null; broker: string | null };
  riskLimits?: Pick<
    RiskLimits,
    | "maxOrderQuantity"
    | "maxOrderNotional"
    | "maxPositionNotional"
    | "maxGrossExposure"
    | "maxNetExposure"
    | "dailyLossLimit"
    | "maxOrdersPerMinute"
    | "allowSymbols"
    | "denySymbols"
  > | null;
  /** Absent from results stored before desk_status gave them. */
  today?: TodayView | null;
  brokerError?: string | null;
  approvalsPending: number;
  batchesPending: number;
  openOrders: number;
  strategies: { name: string; stage: string; state: string; pnl: number | null }[];
  jobs: { name: string; state: string; progress: number | null }[];
  research: { sources: number; failing: { name: string; consecutiveFailures: number }[] };
  asOf: string;
}

const stateWords: Record<string, string> = {
  active: "on",
  reducing: "REDUCING only",
  halted: "HALTED",
};

/** The limits people ask about first: sizes, exposure, the day's loss, the pace, the symbols. */
export function limitsLine(limits: NonNullable<DeskOutput["riskLimits"]>): string {
  return [
    `Risk limits: an order up to ${figure(limits.maxOrderNotional)} and ${figure(limits.maxOrderQuantity)} units`,
    `a position up to ${figure(limits.maxPositionNotional)} a symbol`,
    `gross exposure ${percent(limits.maxGrossExposure, 0)} and net ${percent(limits.maxNetExposure, 0)} of equity`,
    `a day's loss ${percent(limits.dailyLossLimit, 1)}`,
    `${count(limits.maxOrdersPerMinute, "order")} a minute`,
    ...(limits.allowSymbols ? [`only ${limits.allowSymbols.join(", ")}`] : []),
    ...(limits.denySymbols.length > 0 ? [`never ${limits.denySymbols.join(", ")}`] : []),
  ]
    .join("; ")
    .concat(" (RISK_LIMITS sets them).");
}

/** Today's loss against the daily limit, or why the broker's account could not be read. */
export function accountLines(result: Pick<DeskOutput, "today" | "brokerError">): string[] {
  if (result.today) return [todayLine(result.today)];
  return result.brokerError
    ? [`The broker's account could not be read: ${result.brokerError}`]
    : [];
}

/** desk_status: trading, what waits for a person, strategies by stage, jobs and research. */
export function describeDesk(result: DeskOutput): string {
  const { trading, strategies, jobs, research } = result;
  const byStage = new Map<string, string[]>();
  for (const row of strategies)
    byStage.set(row.stage, [
      ...(byStage.get(row.stage) ?? []),
      `${row.name} (P&L ${fixed(row.pnl)}${row.state === "active" ? "" : `, ${row.state}`})`,
    ]);
  const lines = [
    `The desk as of ${utc(result.asOf)}: trading ${stateWords[trading.state] ?? trading.state}${trading.reason ? ` (${trading.reason})` : ""}, ${trading.broker ? `broker ${trading.broker}` : "no broker configured"}.`,
    ...(result.riskLimits ? [limitsLine(result.riskLimits)] : []),
    ...accountLines(result),
    `Waiting for a person: ${count(result.approvalsPending, "order approval")}, ${count(result.batchesPending, "rebalance batch", "rebalance batches")}; ${count(result.openOrders, "order")} on the way or open.`,
    ...(strategies.length === 0
      ? ["No strategy past backtest."]
      : [...byStage].map(([stage, names]) => `At ${inWords(stage)}: ${names.join(", ")}.`)),
  ];
  if (jobs.length > 0)
    lines.push(
      `Running: ${jobs.map((job) => `${job.name} (${job.progress === null ? job.state : percent(job.progress, 0)})`).join(", ")}.`,
    );
  lines.push(
    `Research: ${count(research.sources, "source")}${research.failing.length > 0 ? `; failing: ${research.failing.map((source) => `${source.name} (${count(source.consecutiveFailures, "read")} in a row)`).join(", ")}` : ""}.`,
  );
  return lines.join("\n");
}
