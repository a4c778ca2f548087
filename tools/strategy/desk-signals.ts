import { z } from "zod";
import { EngineDataError } from "../../engine/types.ts";
import { defineTool } from "../define-tool.ts";
import { AlphadeskError } from "../errors.ts";
import type { StrategyStage } from "../ports/trading.ts";
import { isoTime } from "../time-input.ts";
import { storedSpec } from "./stored-spec.ts";
import {
  isStale,
  readSignals,
  StrategySignalsOutput,
  universeMarkets,
} from "./strategy-signals.ts";

/** The stages whose strategies trade: their signals are the ones to act on. */
const tradingStages: readonly StrategyStage[] = ["full_live", "small_live", "paper"];

/** The simulated account a strategy's position is read from: its default backtest's. */
const signalCash = 100_000;

const DeskSignal = StrategySignalsOutput.omit({ asOf: true }).extend({
  stage: z.enum(["paper", "small_live", "full_live"]),
});

export const deskSignals = defineTool({
  name: "desk_signals",
  summary:
    "What the rules of every strategy at paper or live say at the newest stored close: what each enters, exits, holds or waits for at the next open. Nothing is ordered.",
  description:
    "strategy_signals for every stored strategy at paper, small live or full live (not archived), live ones first: per symbol, the position its rules hold, whether the entry and exit rules hold at the last close, and so what they do at the next open (enter, exit, hold, wait), with whether the bars are stale. A strategy whose bars are missing is named with the reason and the others are still read. Read only: propose_strategy_orders proposes the orders the signals call for, each for a human's approval.",
  input: z.object({}).strict(),
  output: z.object({
    strategies: z.array(DeskSignal),
    unread: z
      .array(z.object({ strategyId: z.string(), name: z.string(), problem: z.string() }))
      .describe("Strategies whose signals could not be read, and why."),
    asOf: z.string(),
  }),
  effect: "read",
  idempotent: true,
  async run(_input, { store, clock, progress }) {
    const stages = await store.listStages(tradingStages);
    // Live money first, then paper: the order of what is most at stake.
    stages.sort((a, b) => tradingStages.indexOf(a.stage) - tradingStages.indexOf(b.stage));
    const nowMs = clock.nowMs();
    const strategies: z.infer<typeof DeskSignal>[] = [];
    const unread: { strategyId: string; name: string; problem: string }[] = [];
    for (const [index, { strategyId, stage }] of stages.entries()) {
      const stored = await store.requestStrategy(strategyId);
      if (!stored || stored.archivedAtMs !== null) continue;
      progress(index / stages.length, `reading ${stored.name}`);
      try {
        const spec = await storedSpec(store, strategyId);
        const { symbols, newestMs } = await readSignals(store, spec, signalCash);
        strategies.push({
          strategyId,
          name: stored.name,
          stage: stage as z.infer<typeof DeskSignal>["stage"],
          timeframe: spec.timeframe,
          side: spec.side,
          symbols,
          stale: isStale(spec.timeframe, newestMs, nowMs, universeMarkets(spec.universe)),
        });
      } catch (error) {
        // Missing or bad bars are this strategy's; anything else is everyone's.
        if (!(error instanceof AlphadeskError || error instanceof EngineDataError)) throw error;
        unread.push({ strategyId, name: stored.name, problem: error.message });
      }
    }
    progress(1, "done");
    return { strategies, unread, asOf: isoTime(nowMs) };
  },
});
