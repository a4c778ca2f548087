import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { strategyStages } from "../ports/trading.ts";
import { isoTime } from "../time-input.ts";
import { StrategyRow, strategyRows } from "./strategy-rows.ts";

export const strategyStatus = defineTool({
  name: "strategy_status",
  summary:
    "Strategies past backtest: stage, days in it, state, fills, P&L, gap to their backtest, correlation with the rest.",
  description:
    "Every strategy promoted past backtest: its stage, days since it was deployed to it, trading state, filled orders, P&L of its actual fills (marked to stored closes), how far that is from its backtest on the same bars (tracking error, current gap), and its correlation with the rest of the portfolio.",
  input: z
    .object({
      stage: z.enum(strategyStages).optional().describe("Only strategies at this stage."),
    })
    .strict(),
  output: z.object({ strategies: z.array(StrategyRow), asOf: z.string() }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const strategies = await strategyRows(context, input.stage);
    return { strategies, asOf: isoTime(context.clock.nowMs()) };
  },
});
