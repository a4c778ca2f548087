import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { parseStrategySpec, StrategySpecSchema } from "../strategy/spec-schema.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";
import { isoTime } from "../time-input.ts";

const BacktestListing = z.object({
  id: z.string().describe("The backtest's id: the chat's chart and MCP's resource take it."),
  strategyId: z.string().describe("The strategy it ran (64 hex): validate_strategy takes it."),
  strategyName: z.string(),
  start: z.string().nullable().describe("Its first bar's time, ISO-8601 UTC."),
  end: z.string().nullable().describe("Its last bar's time."),
  initialCash: z.number(),
  createdAt: z.string().describe("When it ran, ISO-8601 UTC."),
  totalReturn: z.number().nullable(),
  sharpe: z.number().nullable(),
  maxDrawdown: z.number().nullable(),
  trades: z.number().nullable(),
  spec: StrategySpecSchema.optional().describe("With `withSpecs`: the strategy's spec."),
});

export const listBacktests = defineTool({
  name: "list_backtests",
  summary:
    "Stored backtests, newest first: strategy, period and headline numbers; of one strategy if asked.",
  description:
    "Stored backtests, newest first (every backtest_strategy run is kept): each with its id, the strategy it ran (id and name, and with `withSpecs` its spec), the period asked for, initial cash, when it ran, and its total return, Sharpe ratio, max drawdown and trade count. Give `strategyId` for one strategy's runs.",
  input: z
    .object({
      strategyId: StrategyIdInput.optional().describe("Only this strategy's backtests."),
      limit: z.number().int().min(1).max(200).default(20).describe("At most this many."),
      withSpecs: z
        .boolean()
        .default(false)
        .describe("Give each strategy's spec too (what it trades and by which rules)."),
    })
    .strict(),
  output: z.object({ backtests: z.array(BacktestListing) }),
  effect: "read",
  idempotent: true,
  async run({ strategyId, limit, withSpecs }, { store }) {
    const backtests = await store.listBacktests(limit, strategyId);
    const ids = [...new Set(backtests.map((backtest) => backtest.strategyId))];
    const strategies = await Promise.all(ids.map((id) => store.requestStrategy(id)));
    const strategyOf = new Map(strategies.map((strategy, index) => [ids[index], strategy]));
    return {
      backtests: backtests.map((backtest) => {
        const metrics = backtest.metrics as Record<string, unknown>;
        const numberOf = (key: string) => (typeof metrics[key] === "number" ? metrics[key] : null);
        const strategy = strategyOf.get(backtest.strategyId);
        return {
          id: backtest.id,
          strategyId: backtest.strategyId,
          strategyName: strategy?.name ?? backtest.strategyId.slice(0, 12),
          start: timeOf(metrics.startTime, backtest.startMs),
          end: timeOf(metrics.endTime, backtest.endMs),
          initialCash: backtest.initialCash,
          createdAt: isoTime(backtest.createdAtMs),
          totalReturn: numberOf("totalReturn"),
          sharpe: numberOf("sharpe"),
          maxDrawdown: numberOf("maxDrawdown"),
          trades: numberOf("trades"),
          ...(withSpecs && strategy ? specOf(strategy.spec) : {}),
        };
      }),
    };
  },
});

/** The period it simulated (its metrics say), else the one asked for. */
const timeOf = (simulated: unknown, askedMs: number | null) =>
  typeof simulated === "string" ? simulated : askedMs === null ? null : isoTime(askedMs);

/** A stored spec as the schema reads it today; none when an older one no longer parses. */
function specOf(stored: unknown): { spec?: z.input<typeof StrategySpecSchema> } {
  try {
    return { spec: parseStrategySpec(stored) as z.input<typeof StrategySpecSchema> };
  } catch {
    return {};
  }
}
