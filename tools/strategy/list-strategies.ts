import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { strategyRankings } from "../ports/store.ts";
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
  archivedAt: z
    .string()
    .nullable()
    .describe("When it was archived (update_strategy), ISO-8601; null: listed."),
  latestBacktest: LatestBacktest.nullable().describe("Its newest stored backtest, if any."),
});

export const listStrategies = defineTool({
  name: "list_strategies",
  summary:
    "Stored strategies, newest first or best by Sharpe, return or drawdown: id, stage and the latest backtest's headline numbers.",
  description:
    "Stored strategies, newest first (every spec ever backtested, optimized, validated or generated as code is stored under its content hash; archived ones only when asked for): each with its id, name, stage (backtest, paper, small_live, full_live) and its newest backtest's total return, Sharpe ratio, max drawdown and trade count. `rankBy` ranks them by one of those numbers instead.",
  input: z
    .object({
      limit: z.number().int().min(1).max(200).default(20).describe("At most this many."),
      rankBy: z
        .enum(strategyRankings)
        .optional()
        .describe(
          "Best first by this metric of each strategy's newest backtest (maxDrawdown: the shallowest first; each over its own period), those never backtested last. Default: newest first.",
        ),
      ids: z
        .array(
          z
            .string()
            .regex(
              /^[0-9a-f]{8,64}$/,
              "a strategy id, or its first 8 or more hex digits as replies shorten it",
            ),
        )
        .min(1)
        .max(20)
        .optional()
        .describe(
          "Only these strategies: ids, or their first 8 or more hex digits (`23d7f2304a5a`, as replies shorten them); each short one may match several. Archived ones too.",
        ),
      archived: z
        .boolean()
        .default(false)
        .describe("true: only the archived strategies (update_strategy archives them)."),
    })
    .strict(),
  output: z.object({
    rankedBy: z
      .enum(strategyRankings)
      .nullable()
      .describe("The ranking asked for, or null: newest first."),
    archived: z.boolean().default(false).describe("true: these are the archived strategies."),
    strategies: z.array(StrategyListing),
  }),
  effect: "read",
  idempotent: true,
  async run({ limit, rankBy, ids, archived }, { store }) {
    const strategies = await store.listStrategies(limit, rankBy, ids, archived ? "only" : "hide");
    const [stages, latest] = await Promise.all([
      store.listStages(),
      store.latestBacktests(strategies.map((strategy) => strategy.id)),
    ]);
    const stageOf = new Map(stages.map((record) => [record.strategyId, record.stage]));
    return {
      rankedBy: rankBy ?? null,
      archived,
      strategies: strategies.map((strategy) => {
        const backtest = latest.get(strategy.id);
        const metrics = (backtest?.metrics ?? {}) as Record<string, unknown>;
        const numberOf = (key: string) => (typeof metrics[key] === "number" ? metrics[key] : null);
        return {
          id: strategy.id,
          name: strategy.name,
          createdAt: isoTime(strategy.createdAtMs),
          stage: stageOf.get(strategy.id) ?? "backtest",
          archivedAt: strategy.archivedAtMs === null ? null : isoTime(strategy.archivedAtMs),
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
