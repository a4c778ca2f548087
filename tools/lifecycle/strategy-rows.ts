import { z } from "zod";
import { correlationToRest } from "../../engine/correlation/index.ts";
import type { ToolContext } from "../define-tool.ts";
import { strategyStages, type StrategyStage } from "../ports/trading.ts";
import { netBySymbol } from "../orders/net-fills.ts";
import { isoTime } from "../time-input.ts";
import { stageCapital, stageEvidence, type StageEvidence } from "./stage-evidence.ts";

const dayMs = 86_400_000;

export const StrategyRow = z.object({
  strategyId: z.string(),
  name: z.string(),
  stage: z.enum(strategyStages),
  since: z.string().describe("When it was deployed to its stage."),
  daysInStage: z.number(),
  state: z.enum(["active", "reducing", "halted"]),
  stateReason: z.string().nullable(),
  trades: z.number().int(),
  capital: z.number(),
  pnl: z.number().nullable().describe("Actual equity now minus the capital, account currency."),
  trackingError: z.number().nullable().describe("Annualized, against the backtest."),
  gapToBacktest: z
    .number()
    .nullable()
    .describe("(actual - backtest equity) / capital at the last close."),
  correlationToPortfolio: z
    .number()
    .nullable()
    .describe(
      "Correlation of its daily returns with the other strategies' combined equity, on shared days.",
    ),
  holdings: z
    .array(z.object({ symbol: z.string(), quantity: z.number() }))
    // Results stored before holdings were shown have none.
    .default([])
    .describe(
      "What its own filled orders hold now, netted (live fills from small_live on, paper fills before).",
    ),
  note: z.string().optional().describe("Why a comparison is missing."),
});
export type StrategyRow = z.output<typeof StrategyRow>;

/**
 * Every strategy past backtest (or at `stage`): its stage and days in it, trading state, fills,
 * P&L marked to stored closes, distance from its backtest, and correlation with the rest.
 */
export async function strategyRows(
  context: Pick<ToolContext, "store" | "clock" | "progress">,
  stage?: StrategyStage,
): Promise<StrategyRow[]> {
  const { store } = context;
  const nowMs = context.clock.nowMs();
  const stages = await store.listStages(stage ? [stage] : undefined);
  const rows: StrategyRow[] = [];
  const curves: (StageEvidence["equity"] & { row: number })[] = [];
  for (const [index, record] of stages.entries()) {
    context.progress(
      index / Math.max(1, stages.length),
      `strategy ${index + 1} of ${stages.length}`,
    );
    const capital = stageCapital(record);
    const live = record.stage === "small_live" || record.stage === "full_live";
    const [evidence, controls, stored, fills] = await Promise.all([
      stageEvidence(store, record, capital, nowMs),
      store.requestControls(`strategy:${record.strategyId}`),
      store.requestStrategy(record.strategyId),
      store.strategyFills(record.strategyId, { live, sinceMs: 0 }),
    ]);
    const comparison = evidence.comparison;
    if (evidence.equity) curves.push({ ...evidence.equity, row: rows.length });
    rows.push({
      strategyId: record.strategyId,
      name: stored?.name ?? record.strategyId,
      stage: record.stage,
      since: isoTime(record.sinceMs),
      daysInStage: Math.floor((nowMs - record.sinceMs) / dayMs),
      state: controls.state,
      stateReason: controls.reason,
      trades: evidence.trades,
      capital: evidence.capital,
      pnl: comparison ? comparison.finalActual - evidence.capital : null,
      trackingError:
        comparison && Number.isFinite(comparison.trackingError) ? comparison.trackingError : null,
      gapToBacktest: comparison ? comparison.finalGap : null,
      correlationToPortfolio: null,
      holdings: netHoldings(fills),
      ...(evidence.problem ? { note: evidence.problem } : {}),
    });
  }
  const positive = curves.filter((curve) => curve.actual.every((value) => value > 0));
  const correlations = correlationToRest(
    positive.map((curve) => ({
      symbol: rows[curve.row]!.strategyId,
      timestampMs: curve.timestampMs,
      close: curve.actual,
    })),
  );
  for (const [index, curve] of positive.entries())
    rows[curve.row]!.correlationToPortfolio = correlations[index]!;
  context.progress(1, "done");
  return rows;
}

/** Fills netted by symbol; what nets to nothing is left out. */
function netHoldings(fills: readonly { symbol: string; quantity: number }[]) {
  // Buys and sells of fractional sizes can leave float dust rather than zero.
  return [...netBySymbol(fills)]
    .filter(([, quantity]) => Math.abs(quantity) > 1e-9)
    .map(([symbol, quantity]) => ({ symbol, quantity }));
}
