import { z } from "zod";
import { alignCloses } from "../../engine/correlation/align.ts";
import { minimumObservations, simpleReturns } from "../../engine/portfolio/index.ts";
import type { ToolContext } from "../define-tool.ts";
import { invalidData, invalidInput } from "../errors.ts";
import { stageCapital, stageEvidence } from "../lifecycle/stage-evidence.ts";
import type { StrategyStage } from "../ports/trading.ts";

const StoredEquity = z.array(z.object({ time: z.string(), value: z.number() }));

export interface StrategySource {
  strategyId: string;
  name: string;
  /** Where the curve came from: the stage it trades in (actual fills), or its latest backtest. */
  source: Exclude<StrategyStage, "backtest"> | "backtest";
  backtestId?: string;
}

export interface StrategyReturns {
  sources: StrategySource[];
  /** Simple daily returns on the dates every curve shares, one column per strategy. */
  returns: Float64Array[];
  /** UTC midnight of each return's end date. */
  dayMs: Float64Array;
  warnings: string[];
}

interface Curve extends StrategySource {
  timestampMs: Float64Array;
  equity: Float64Array;
}

/**
 * Each strategy's equity curve: its actual equity (fills marked to closes) where it trades on
 * paper or live with enough sessions, else its latest stored backtest's. The curves are joined on
 * the UTC dates they all share (engine/correlation/align.ts) and turned into simple returns.
 */
export async function loadStrategyReturns(
  context: Pick<ToolContext, "store" | "clock" | "progress">,
  strategyIds: readonly string[],
): Promise<StrategyReturns> {
  const { store } = context;
  const nowMs = context.clock.nowMs();
  const backtests = await store.latestBacktests(strategyIds);
  const curves: Curve[] = [];
  const warnings: string[] = [];
  for (const [index, strategyId] of strategyIds.entries()) {
    context.progress(
      (0.5 * index) / strategyIds.length,
      `loading strategy ${index + 1} of ${strategyIds.length}`,
    );
    const stored = await store.requestStrategy(strategyId);
    if (!stored)
      throw invalidInput(`no stored strategy has the id ${strategyId}`, [
        { path: ["strategyIds", index], message: "not a stored strategy (see list_strategies)" },
      ]);
    const stage = await store.requestStage(strategyId);
    if (stage && stage.stage !== "backtest") {
      const capital = stageCapital(stage);
      const evidence = await stageEvidence(store, stage, capital, nowMs);
      if (evidence.equity && evidence.equity.actual.length > minimumObservations) {
        curves.push({
          strategyId,
          name: stored.name,
          source: stage.stage,
          timestampMs: evidence.equity.timestampMs,
          equity: evidence.equity.actual,
        });
        continue;
      }
      warnings.push(
        `${stored.name} (${strategyId.slice(0, 12)}) trades at ${stage.stage} but has ${evidence.equity?.actual.length ?? 0} days of actual equity${evidence.problem ? ` (${evidence.problem})` : ""}: its latest backtest stands in`,
      );
    }
    const latest = backtests.get(strategyId);
    const backtest = latest ? await store.requestBacktest(latest.id) : undefined;
    if (!backtest)
      throw invalidInput(
        `strategy ${stored.name} (${strategyId}) has no stored backtest and does not trade on paper or live yet: backtest it first (backtest_strategy)`,
        [
          {
            path: ["strategyIds", index],
            message: "no equity curve: no backtest and no trading stage",
          },
        ],
      );
    const points = StoredEquity.safeParse(backtest.equity);
    if (!points.success)
      throw invalidData(`backtest ${backtest.id} of ${strategyId} holds no readable equity curve`);
    curves.push({
      strategyId,
      name: stored.name,
      source: "backtest",
      backtestId: backtest.id,
      timestampMs: Float64Array.from(points.data, (point) => Date.parse(point.time)),
      equity: Float64Array.from(points.data, (point) => point.value),
    });
  }
  const aligned = alignCloses(
    curves.map((curve) => ({
      symbol: curve.strategyId,
      timestampMs: curve.timestampMs,
      close: curve.equity,
    })),
  );
  const shared = aligned.dayMs.length;
  if (shared < minimumObservations + 1)
    throw invalidInput(
      `the strategies' equity curves share only ${shared} dates (inner join on UTC dates); at least ${minimumObservations + 1} are needed for ${minimumObservations} daily returns: backtest them over overlapping periods`,
      [
        {
          path: ["strategyIds"],
          message: `${shared} common dates, need ${minimumObservations + 1}`,
        },
      ],
    );
  return {
    sources: curves.map(({ timestampMs: _t, equity: _e, ...source }) => source),
    returns: aligned.closes.map(simpleReturns),
    dayMs: aligned.dayMs.subarray(1),
    warnings,
  };
}
