import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { strategyStages } from "../ports/trading.ts";
import { isoTime } from "../time-input.ts";
import { stageEvidence } from "./stage-evidence.ts";

const dayMs = 86_400_000;
/** Capital a strategy was promoted with (its stage evidence), else this. */
const defaultCapital = 100_000;

export const strategyStatus = defineTool({
  name: "strategy_status",
  description:
    "Every strategy promoted past backtest: its stage, days since it entered it, trading state, filled orders, P&L of its actual fills (marked to stored closes) and how far that is from its backtest on the same bars (tracking error, current gap).",
  input: z
    .object({
      stage: z.enum(strategyStages).optional().describe("Only strategies at this stage."),
    })
    .strict(),
  output: z.object({
    strategies: z.array(
      z.object({
        strategyId: z.string(),
        name: z.string(),
        stage: z.enum(strategyStages),
        since: z.string(),
        daysInStage: z.number(),
        state: z.enum(["active", "reducing", "halted"]),
        stateReason: z.string().nullable(),
        trades: z.number().int(),
        capital: z.number(),
        pnl: z
          .number()
          .nullable()
          .describe("Actual equity now minus the capital, account currency."),
        trackingError: z.number().nullable().describe("Annualized, against the backtest."),
        gapToBacktest: z
          .number()
          .nullable()
          .describe("(actual - backtest equity) / capital at the last close."),
        note: z.string().optional().describe("Why a comparison is missing."),
      }),
    ),
    asOf: z.string(),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const { store } = context;
    const nowMs = context.clock.nowMs();
    const stages = await store.listStages(input.stage ? [input.stage] : undefined);
    const strategies = [];
    for (const [index, stage] of stages.entries()) {
      context.progress(
        index / Math.max(1, stages.length),
        `strategy ${index + 1} of ${stages.length}`,
      );
      const capital = (stage.evidence as { capital?: number }).capital ?? defaultCapital;
      const [evidence, controls, stored] = await Promise.all([
        stageEvidence(store, stage, capital, nowMs),
        store.requestControls(`strategy:${stage.strategyId}`),
        store.requestStrategy(stage.strategyId),
      ]);
      const comparison = evidence.comparison;
      strategies.push({
        strategyId: stage.strategyId,
        name: stored?.name ?? stage.strategyId,
        stage: stage.stage,
        since: isoTime(stage.sinceMs),
        daysInStage: Math.floor((nowMs - stage.sinceMs) / dayMs),
        state: controls.state,
        stateReason: controls.reason,
        trades: evidence.trades,
        capital: evidence.capital,
        pnl: comparison ? comparison.finalActual - evidence.capital : null,
        trackingError:
          comparison && Number.isFinite(comparison.trackingError) ? comparison.trackingError : null,
        gapToBacktest: comparison ? comparison.finalGap : null,
        ...(evidence.problem ? { note: evidence.problem } : {}),
      });
    }
    context.progress(1, "done");
    return { strategies, asOf: isoTime(nowMs) };
  },
});
