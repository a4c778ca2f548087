import { complexityLadder, objectiveValue, pickLevel } from "../../engine/optimizer/index.ts";
import { runBacktest } from "../../engine/strategy/backtest.ts";
import { AlphadeskError } from "../errors.ts";
import { bindTemplate } from "../strategy/template-schema.ts";
import { bestTrial } from "./run-search.ts";
import { periodTimes, searchStage, type OptimizationRun } from "./optimization-run.ts";

export interface LadderSettings {
  trialsPerLevel: number;
  inSampleRatio: number;
}

/**
 * Climbs the complexity ladder: each level optimized on the first part of the period and its
 * best judged on the rest, so the Sharpe-versus-complexity curve shows in and out of sample
 * where added rules stop paying.
 */
export async function ladderStage(
  run: OptimizationRun,
  settings: LadderSettings,
  progressSpan: [number, number],
) {
  const levels = complexityLadder(run.template);
  const times = periodTimes(run);
  const split = Math.floor(times.length * settings.inSampleRatio);
  if (split < 2 || times.length - split < 2)
    throw new AlphadeskError(
      "invalid_input",
      `ladder: the period holds ${times.length} bars, too few to split ${settings.inSampleRatio} / ${1 - settings.inSampleRatio}`,
      "user",
    );
  const inSample = { ...run.options, endMs: times[split - 1]! };
  const outOfSample = { ...run.options, startMs: times[split]! };
  const [from, to] = progressSpan;
  const share = (to - from) / levels.length;
  const rows = [];
  for (const level of levels) {
    const trials = await searchStage(
      run,
      {
        name: `ladder:${level.level}`,
        template: level.template,
        budget: settings.trialsPerLevel,
        period: inSample,
      },
      [from + level.level * share, from + (level.level + 1) * share],
    );
    const best = bestTrial(trials);
    const outOfSampleValue = best
      ? objectiveValue(
          run.objective,
          runBacktest(bindTemplate(level.template, best.params), run.bars, outOfSample).metrics,
        )
      : undefined;
    rows.push({
      level: level.level,
      name: level.name,
      added: level.added,
      complexity: level.complexity,
      interpretability: level.interpretability,
      params: best?.params ?? null,
      inSample: best?.value ?? null,
      outOfSample: outOfSampleValue ?? null,
    });
  }
  const chosen = pickLevel(
    rows.map((row) => ({
      level: row.level,
      complexity: row.complexity.score,
      inSample: row.inSample ?? NaN,
      outOfSample: row.outOfSample ?? NaN,
    })),
  );
  return { levels: rows, chosen };
}
