import { z } from "zod";
import { defineTool, type ToolContext } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import type { StageRecord, StrategyStage } from "../ports/trading.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";
import { restoreCall } from "../strategy/update-strategy.ts";
import { isoTime } from "../time-input.ts";
import { requireExecution } from "./require-execution.ts";
import { ProposeStrategyOrdersOutput, type StrategyRunView } from "./strategy-orders-schema.ts";
import { readAccount, strategyRun } from "./strategy-orders-run.ts";

export const proposeStrategyOrders = defineTool({
  name: "propose_strategy_orders",
  summary:
    "Propose the orders each paper or live strategy's rules call for at the next open: closes of what it holds, entries sized from its capital, each risk-checked and waiting for a human.",
  description:
    "For each stored strategy at paper, small live or full live (or the one given) that may trade on this broker: reads its rules at the newest stored close (strategy_signals) against what its own filled orders hold, and proposes through propose_order a close of a position the rules no longer hold (the exit rule, or a stop, target or time exit) and an entry on an entry signal when nothing is held, sized as the backtest sizes it from the capital the stage trades (small live: a tenth) and the P&L of the strategy's fills since the stage began, within what its open positions leave free. A symbol with an order still on its way is left alone, so running it twice proposes nothing twice; a position the rules entered earlier and the account missed is said, not chased, unless `enterLate`. Stale bars propose nothing. Each order passes the risk gate and waits for a human's approval (or a paper strategy's auto-approval policy). Runs by itself five minutes after each NYSE open in `alphadesk worker` (or `alphadesk serve` without one).",
  input: z
    .object({
      strategyId: StrategyIdInput.optional().describe(
        "One stored strategy; default every strategy at paper or later that may trade on this broker.",
      ),
      enterLate: z
        .boolean()
        .default(false)
        .describe(
          "Also enter the positions the rules hold and this account missed (an entry not approved in time), sized as a new entry at today's price.",
        ),
    })
    .strict(),
  output: ProposeStrategyOrdersOutput,
  effect: "order",
  openWorld: true,
  async run(input, context) {
    const execution = requireExecution(context);
    const { broker } = execution;
    const trading = input.strategyId
      ? [await tradingStage(context, input.strategyId, broker.live)]
      : await context.store.listStages(tradingStages(broker.live));
    const strategies: StrategyRunView[] = [];
    // Read once: no strategy's proposals change them, and each strategy reads its own intents.
    const account = trading.length > 0 ? await readAccount(context, execution) : undefined;
    for (const [index, stage] of trading.entries()) {
      const stored = await context.store.requestStrategy(stage.strategyId);
      if (!stored || stored.archivedAtMs !== null) continue;
      context.progress(index / trading.length, `reading ${stored.name}`);
      strategies.push(
        await strategyRun(context, execution, account!, stage, stored, input.enterLate),
      );
    }
    context.progress(1, "done");
    return {
      broker: broker.name,
      live: broker.live,
      strategies,
      asOf: isoTime(context.clock.nowMs()),
    };
  },
});

/** Stages whose orders this broker takes: live ones on real money, every promoted one on paper. */
const tradingStages = (live: boolean): StrategyStage[] =>
  live ? ["small_live", "full_live"] : ["paper", "small_live", "full_live"];

async function tradingStage(
  context: ToolContext,
  strategyId: string,
  live: boolean,
): Promise<StageRecord> {
  const stored = await context.store.requestStrategy(strategyId);
  const stage = stored && (await context.store.requestStage(strategyId));
  if (!stored || !stage)
    throw notFound(`no stored strategy ${strategyId}: backtest_strategy stores it`);
  if (stored.archivedAtMs !== null)
    throw invalidInput(`the strategy is archived: restore it first (${restoreCall(strategyId)})`);
  if (!tradingStages(live).includes(stage.stage))
    throw invalidInput(
      live
        ? `strategy "${stored.name}" is at ${stage.stage}: this broker trades real money, which needs it promoted to small_live (promote_strategy)`
        : `strategy "${stored.name}" is at backtest: promote it to paper (promote_strategy, after a validator pass) before it trades`,
      [{ path: ["strategyId"], message: `at ${stage.stage}` }],
    );
  return stage;
}
