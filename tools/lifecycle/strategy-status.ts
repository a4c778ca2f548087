import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { notFound } from "../errors.ts";
import { strategyStages } from "../ports/trading.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";
import { isoTime } from "../time-input.ts";
import { StrategyRow, strategyRows } from "./strategy-rows.ts";

export const strategyStatus = defineTool({
  name: "strategy_status",
  summary:
    "Strategies past backtest: stage, days in it, state, fills, what they hold, P&L, gap to their backtest, correlation with the rest.",
  description:
    "Every strategy promoted past backtest (or the one asked for): its stage, days since it was deployed to it, trading state, filled orders, P&L of its actual fills (marked to stored closes), how far that is from its backtest on the same bars (tracking error, current gap), and its correlation with the rest of the portfolio.",
  input: z
    .object({
      stage: z.enum(strategyStages).optional().describe("Only strategies at this stage."),
      strategyId: StrategyIdInput.optional().describe(
        "Only this strategy (its correlation is still with all the others).",
      ),
    })
    .strict()
    .refine((input) => input.stage === undefined || input.strategyId === undefined, {
      message: "give stage or strategyId, not both: a strategy's row shows its stage",
    }),
  output: z.object({
    strategies: z.array(StrategyRow),
    asOf: z.string(),
    notPromoted: z
      .object({ strategyId: z.string(), name: z.string() })
      .optional()
      .describe("The strategy asked for, still at backtest: it trades nowhere yet."),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const asOf = isoTime(context.clock.nowMs());
    const { strategyId } = input;
    if (strategyId === undefined)
      return { strategies: await strategyRows(context, input.stage), asOf };
    const stored = await context.store.requestStrategy(strategyId);
    if (!stored) throw notFound(`no stored strategy ${strategyId}: backtest_strategy stores it`);
    const strategies = (await strategyRows(context)).filter((row) => row.strategyId === strategyId);
    return {
      strategies,
      asOf,
      ...(strategies.length === 0 ? { notPromoted: { strategyId, name: stored.name } } : {}),
    };
  },
});
