import { z } from "zod";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { EngineDataError } from "../../engine/types.ts";
import { defineTool } from "../define-tool.ts";
import { AlphadeskError } from "../errors.ts";
import type { Store } from "../ports/store.ts";
import { strategyStages, type StrategyStage } from "../ports/trading.ts";
import { isoTime } from "../time-input.ts";
import { parseStrategySpec } from "./spec-schema.ts";
import {
  isStale,
  readSignals,
  StrategySignalsOutput,
  universeMarkets,
} from "./strategy-signals.ts";

/** The stages whose strategies trade, live ones first: their signals are the ones to act on. */
export const tradingStages: readonly StrategyStage[] = ["full_live", "small_live", "paper"];

/** The simulated account a strategy's position is read from: its default backtest's. */
const signalCash = 100_000;

const DeskSignal = StrategySignalsOutput.omit({ asOf: true }).extend({
  stage: z.enum(strategyStages),
  lastBar: z.string().describe("The newest close read, of any of its symbols, ISO-8601 UTC."),
});
type DeskSignal = z.infer<typeof DeskSignal>;

const Unread = z.object({ strategyId: z.string(), name: z.string(), problem: z.string() });

/** A strategy at a trading stage, its spec parsed. */
export interface TradingStrategy {
  id: string;
  name: string;
  stage: StrategyStage;
  spec: StrategySpec;
}

/**
 * Each strategy's signals at its newest close (strategy_signals), in the order given, stale
 * against `nowMs`; one whose bars are missing or bad is unread, with the reason, and the others
 * are still read.
 */
export async function readTradingSignals(
  store: Store,
  strategies: readonly TradingStrategy[],
  nowMs: number,
  onEach: (index: number, strategy: TradingStrategy) => void = () => {},
): Promise<{ read: DeskSignal[]; unread: z.infer<typeof Unread>[] }> {
  const read: DeskSignal[] = [];
  const unread: z.infer<typeof Unread>[] = [];
  for (const [index, strategy] of strategies.entries()) {
    onEach(index, strategy);
    const { id, name, stage, spec } = strategy;
    try {
      const { symbols, newestMs } = await readSignals(store, spec, signalCash);
      read.push({
        strategyId: id,
        name,
        stage,
        timeframe: spec.timeframe,
        side: spec.side,
        symbols,
        lastBar: isoTime(newestMs),
        stale: isStale(spec.timeframe, newestMs, nowMs, universeMarkets(spec.universe)),
      });
    } catch (error) {
      // Missing or bad bars are this strategy's; anything else is everyone's.
      if (!(error instanceof AlphadeskError || error instanceof EngineDataError)) throw error;
      unread.push({ strategyId: id, name, problem: error.message });
    }
  }
  return { read, unread };
}

export const deskSignals = defineTool({
  name: "desk_signals",
  summary:
    "What the rules of every strategy at paper or live say at the newest stored close: what each enters, exits, holds or waits for at the next open. Nothing is ordered.",
  description:
    "strategy_signals for every stored strategy at paper, small live or full live (not archived), live ones first: per symbol, the position its rules hold, whether the entry and exit rules hold at the last close, and so what they do at the next open (enter, exit, hold, wait), with whether the bars are stale. A strategy whose bars are missing is named with the reason and the others are still read. Read only: propose_strategy_orders proposes the orders the signals call for, each for a human's approval.",
  input: z.object({}).strict(),
  output: z.object({
    strategies: z.array(DeskSignal),
    unread: z.array(Unread).describe("Strategies whose signals could not be read, and why."),
    asOf: z.string(),
  }),
  effect: "read",
  idempotent: true,
  async run(_input, { store, clock, progress }) {
    const stages = await store.listStages(tradingStages);
    const trading: TradingStrategy[] = [];
    for (const { strategyId, stage } of stages) {
      const stored = await store.requestStrategy(strategyId);
      if (!stored || stored.archivedAtMs !== null) continue;
      const spec = parseStrategySpec(stored.spec);
      trading.push({ id: strategyId, name: stored.name, stage, spec });
    }
    trading.sort((a, b) => tradingStages.indexOf(a.stage) - tradingStages.indexOf(b.stage));
    const nowMs = clock.nowMs();
    const { read, unread } = await readTradingSignals(store, trading, nowMs, (index, strategy) =>
      progress(index / trading.length, `reading ${strategy.name}`),
    );
    progress(1, "done");
    return { strategies: read, unread, asOf: isoTime(nowMs) };
  },
});
