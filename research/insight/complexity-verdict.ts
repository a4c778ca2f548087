import { z } from "zod";
import { complexityLadder, type SpecTemplate } from "../../engine/optimizer/index.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { StoredOptimization } from "../../tools/ports/optimizations.ts";
import type { Store } from "../../tools/ports/store.ts";
import { StrategySpecSchema, strategyId } from "../../tools/strategy/spec-schema.ts";
import { bindTemplate } from "../../tools/strategy/template-schema.ts";

/** The newest optimizations with a ladder looked through for the strategy's. */
const laddersSearched = 50;

/** The parts of a stored optimize_strategy result this reads. */
const StoredLadderResult = z.object({
  best: z.object({ spec: z.unknown() }),
  ladder: z.object({
    levels: z.array(
      z.object({
        level: z.number().int(),
        name: z.string(),
        added: z.string(),
        complexity: z.object({ score: z.number() }),
        params: z.record(z.string(), z.union([z.number(), z.string()])).nullable(),
        inSample: z.number().nullable(),
        outOfSample: z.number().nullable(),
      }),
    ),
    chosen: z.object({ level: z.number().int(), reason: z.string() }),
  }),
});
type StoredLadderResult = z.output<typeof StoredLadderResult>;

export const ComplexityVerdictSchema = z.object({
  available: z.boolean().describe("Whether a complexity ladder is stored for this strategy."),
  summary: z.string().describe("Whether added complexity paid, in plain words."),
  optimizationId: z.string().optional().describe("The optimization whose ladder this is."),
  strategyLevel: z
    .number()
    .int()
    .optional()
    .describe("The ladder level with this strategy's rules (0: the base)."),
  chosenLevel: z
    .number()
    .int()
    .optional()
    .describe("The simplest level whose out-of-sample objective is as good as the best."),
  paid: z.boolean().optional().describe("True when some added level paid out of sample."),
  levels: z
    .array(
      z.object({
        level: z.number().int(),
        name: z.string(),
        added: z.string(),
        complexity: z.number().describe("Parameters + rules + intrabar orders."),
        inSample: z.number().nullable(),
        outOfSample: z.number().nullable(),
      }),
    )
    .optional(),
});
export type ComplexityVerdict = z.output<typeof ComplexityVerdictSchema>;

/**
 * Whether added complexity paid for this strategy, from the newest stored complexity ladder
 * (optimize_strategy with `ladder`) whose best spec is this strategy (its base rules, level 0)
 * or one of whose levels, bound with that level's best parameters, is this strategy.
 */
export async function complexityVerdict(store: Store, id: string): Promise<ComplexityVerdict> {
  for (const optimization of await store.listLadderOptimizations(laddersSearched)) {
    const parsed = StoredLadderResult.safeParse(optimization.result);
    if (!parsed.success) continue;
    const level = levelOf(optimization, parsed.data, id);
    if (level !== undefined) return verdict(optimization.id, parsed.data.ladder, level);
  }
  return {
    available: false,
    summary:
      "No complexity ladder is stored for this strategy, so whether added rules pay is not measured: run optimize_strategy on its template with `ladder` to find out.",
  };
}

function levelOf(
  optimization: StoredOptimization,
  result: StoredLadderResult,
  id: string,
): number | undefined {
  const best = StrategySpecSchema.safeParse(result.best.spec);
  if (best.success && strategyId(best.data as StrategySpec) === id) return 0;
  const templates = complexityLadder(optimization.template as SpecTemplate);
  return result.ladder.levels.find(
    ({ level, params }) =>
      params !== null &&
      templates[level] !== undefined &&
      strategyId(bindTemplate(templates[level].template, params)) === id,
  )?.level;
}

function verdict(
  optimizationId: string,
  ladder: StoredLadderResult["ladder"],
  strategyLevel: number,
): ComplexityVerdict {
  const chosen = ladder.chosen.level;
  const chosenName = ladder.levels.find((level) => level.level === chosen)?.name ?? "";
  const head =
    chosen === 0
      ? `Added complexity did not pay: of the ${ladder.levels.length} levels of the optimizer's complexity ladder, none beat the base strategy out of sample by enough to justify its extra rules.`
      : `Added complexity paid up to level ${chosen} (${chosenName}): it is the simplest level whose out-of-sample result matches the best.`;
  const own =
    strategyLevel === chosen
      ? `This strategy has the rules of level ${strategyLevel}, the level the ladder picks.`
      : strategyLevel > chosen
        ? `This strategy has the rules of level ${strategyLevel}: more complexity than pays out of sample.`
        : `This strategy has the rules of level ${strategyLevel}: level ${chosen} adds rules that paid out of sample.`;
  return {
    available: true,
    summary: `${head} ${own} The ladder's reasoning: ${ladder.chosen.reason}.`,
    optimizationId,
    strategyLevel,
    chosenLevel: chosen,
    paid: chosen > 0,
    levels: ladder.levels.map((level) => ({
      level: level.level,
      name: level.name,
      added: level.added,
      complexity: level.complexity.score,
      inSample: level.inSample,
      outOfSample: level.outOfSample,
    })),
  };
}
