import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { strategyStages } from "../ports/trading.ts";
import { isoTime } from "../time-input.ts";

const LatestBacktest = z.object({
  id: z.string(),
  createdAt: z.string(),
  totalReturn: z.number().nullable(),
  sharpe: z.number().nullable(),
  maxDrawdown: z.number().nullable(),
  trades: z.number().nullable(),
});

const StrategyListing = z.object({
  id: z
    .string()
    .describe(
      "The strategy id (64 hex): backtest_strategy, validate_strategy and the rest take it.",
    ),
  name: z.string(),
  createdAt: z.string(),
  stage: z.enum(strategyStages),
  latestBacktest: LatestBacktest.nullable().describe("Its newest stored backtest, if any."),
});

export const listStrategies = defineTool({
  name: "list_strategies",
  summary:
    "Stored strategies, newest first: id, stage and the headline numbers of the latest backtest.",
  description:
    "Stored strategies, newest first (every spec ever backtested, optimized, validated or generated as code is stored under its content hash): each with its id, name, stage (backtest, paper, small_live, full_live) and its newest backtest's total return, Sharpe ratio, max drawdown and trade count.",
  input: z
    .object({
      limit: z.number().int().min(1).max(200).default(20).describe("At most this many."),
    })
    .strict(),
  output: z.object({ strategies: z.array(StrategyListing) }),
  effect: "read",
  idempotent: true,
  async run({ limit }, { store }) {
    const strategies = await store.listStrategies(limit);
    const ids = strategies.map((strategy) => strategy.id);
    const [stages, latest] = await Promise.all([store.listStages(), store.latestBacktests(ids)]);
    const stageOf = new Map(stages.map((record) => [record.strategyId, record.stage]));
    return {
      strategies: strategies.map((strategy) => {
        const backtest = latest.get(strategy.id);
        const metrics = (backtest?.metrics ?? {}) as Record<string, unknown>;
        const numberOf = (key: string) => (typeof metrics[key] === "number" ? metrics[key] : null);
        return {
          id: strategy.id,
          name: strategy.name,
          createdAt: isoTime(strategy.createdAtMs),
          stage: stageOf.get(strategy.id) ?? "backtest",
          latestBacktest: backtest
            ? {
                id: backtest.id,
                createdAt: isoTime(backtest.createdAtMs),
                totalReturn: numberOf("totalReturn"),
                sharpe: numberOf("sharpe"),
                maxDrawdown: numberOf("maxDrawdown"),
                trades: numberOf("trades"),
              }
            : null,
        };
      }),
    };
  },
});
