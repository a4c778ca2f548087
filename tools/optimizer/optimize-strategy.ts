import { createHash } from "node:crypto";
import { z } from "zod";
import {
  describeObjective,
  type Objective,
  type SpecTemplate,
} from "../../engine/optimizer/index.ts";
import type { BacktestOptions } from "../../engine/strategy/backtest.ts";
import type { BarSeries } from "../../engine/types.ts";
import { loadBars } from "../bars/load-bars.ts";
import { defineTool } from "../define-tool.ts";
import { AlphadeskError, invalidInput } from "../errors.ts";
import type { StoredTrial } from "../ports/optimizations.ts";
import type { Timeframe } from "../ports/store.ts";
import {
  canonicalJson,
  parseStrategySpec,
  strategyId,
  StrategySpecSchema,
} from "../strategy/spec-schema.ts";
import { failureText } from "../replies/optimization.ts";
import {
  bindTemplate,
  DomainSchema,
  SpecTemplateSchema,
  valuesAt,
} from "../strategy/template-schema.ts";
import { TimeInput } from "../time-input.ts";
import { ObjectiveSchema } from "./objective-schema.ts";
import { ladderStage } from "./ladder-stage.ts";
import { searchStage, type OptimizationRun } from "./optimization-run.ts";
import { samplerKindFor } from "./stage-search.ts";
import { bestTrial } from "./run-search.ts";
import { walkForwardPlan, walkForwardStage } from "./walk-forward-stage.ts";

const OptimizeInput = z
  .object({
    spec: SpecTemplateSchema,
    sampler: z
      .enum(["grid", "random", "tpe"])
      .optional()
      .describe(
        "grid walks every combination (floats at 10 points); random draws uniformly; tpe is Bayesian, as Optuna's default sampler. Default: grid when every combination fits the trial budget (each tried once), else tpe.",
      ),
    trials: z
      .number()
      .int()
      .min(1)
      .max(20_000)
      .default(100)
      .describe("Trial budget (default 100)."),
    seed: z
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .default(1)
      .describe("Seed: the same request gives the same trials."),
    objective: ObjectiveSchema,
    prune: z
      .boolean()
      .default(true)
      .describe(
        "Stop trials whose first half is below the median of completed ones (default true).",
      ),
    start: TimeInput("start").optional(),
    end: TimeInput("end").optional(),
    initialCash: z.number().positive().max(1e12).default(100_000),
    walkForward: z
      .object({
        mode: z
          .enum(["rolling", "anchored"])
          .default("rolling")
          .describe("rolling: fixed-length train windows slide; anchored: train from the start."),
        windows: z.number().int().min(2).max(30).default(5),
        inSampleRatio: z
          .number()
          .gt(0.3)
          .lt(0.95)
          .default(0.75)
          .describe("Train share of each window (default 0.75)."),
        trialsPerWindow: z.number().int().min(1).max(5000).default(50),
      })
      .strict()
      .optional()
      .describe(
        "Walk-forward analysis: optimize on each train window, trade the winner on the next test period; stitched out-of-sample equity, efficiency and parameter drift.",
      ),
    ladder: z
      .object({
        trialsPerLevel: z.number().int().min(1).max(5000).default(30),
        inSampleRatio: z
          .number()
          .min(0.5)
          .max(0.9)
          .default(0.7)
          .describe("Share of the period each level is optimized on; the rest judges it."),
      })
      .strict()
      .optional()
      .describe(
        "Complexity ladder: the strategy with filters, sizing and exits added one by one, each optimized; the Sharpe-versus-complexity curve in and out of sample and the level where complexity stops paying.",
      ),
  })
  .strict();

/** Each stage's share of the progress bar, by its trial budget. */
function progressSpans(input: z.output<typeof OptimizeInput>) {
  const main = input.trials;
  const walkForward = input.walkForward
    ? input.walkForward.windows * input.walkForward.trialsPerWindow
    : 0;
  const ladder = input.ladder ? 12 * input.ladder.trialsPerLevel : 0;
  const total = main + walkForward + ladder;
  const at = (trials: number) => 0.02 + (0.96 * trials) / total;
  return {
    main: [at(0), at(main)] as [number, number],
    walkForward: [at(main), at(main + walkForward)] as [number, number],
    ladder: [at(main + walkForward), at(total)] as [number, number],
  };
}

/** Enough points to see a search's shape, few enough to keep the stored result small. */
const surfaceTrials = 2000;

const Values = z.record(z.string(), z.union([z.number(), z.string()]));
const Period = z.object({ start: z.string(), end: z.string() });

const TrialSchema = z.object({
  number: z.number().int(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  state: z.enum(["complete", "pruned", "failed"]),
  value: z.number().nullable(),
  metrics: z.record(z.string(), z.number().nullable()).nullable(),
  error: z.string().nullable(),
});

export const OptimizeOutput = z.object({
  id: z.string().describe("Stored optimization id (validate_strategy takes it as optimizationId)."),
  objective: z.string(),
  sampler: z.string(),
  space: z
    .record(z.string(), DomainSchema)
    .describe("The parameters searched and their domains, as the spec's `params` declared them."),
  best: z.object({
    params: z.record(z.string(), z.union([z.number(), z.string()])),
    strategyId: z
      .string()
      .describe(
        "The best spec, stored as a strategy: backtest_strategy, generate_code and the rest take it (validate_strategy takes the optimization id, to count the trials).",
      ),
    spec: StrategySpecSchema,
    objective: z.number(),
    metrics: z.record(z.string(), z.number().nullable()).nullable(),
  }),
  trialsRun: z.number().int(),
  resumed: z
    .number()
    .int()
    .describe(
      "Trials found stored from an earlier run of the same request: a stopped run's, or all of them when it had finished (nothing ran again).",
    ),
  pruned: z.number().int(),
  failed: z.number().int(),
  failures: z
    .array(z.object({ reason: z.string(), trials: z.number().int() }))
    .default([])
    .describe("Why trials failed, the most common reason first."),
  top: z.array(TrialSchema).describe("The ten best trials."),
  walkForward: z
    .object({
      mode: z.enum(["rolling", "anchored"]),
      efficiency: z
        .number()
        .nullable()
        .describe(
          "Mean annualized out-of-sample return / mean in-sample return (Pardo); above 0.5 is usually taken as robust.",
        ),
      windows: z.array(
        z.object({
          train: Period,
          test: Period,
          params: Values,
          inSample: z.object({ objective: z.number(), annualReturn: z.number() }),
          outOfSample: z.object({
            annualReturn: z.number(),
            totalReturn: z.number(),
            objective: z.number().nullable(),
          }),
        }),
      ),
      drift: z
        .record(
          z.string(),
          z.object({
            values: z.array(z.union([z.number(), z.string()])),
            relativeRange: z.number(),
          }),
        )
        .describe("What each window chose per parameter and how far the choices spread."),
      stitchedEquity: z
        .array(z.object({ time: z.string(), value: z.number() }))
        .describe("The test periods' equity chained (at most 500 points)."),
      outOfSampleReturn: z.number(),
    })
    .optional(),
  ladder: z
    .object({
      levels: z.array(
        z.object({
          level: z.number().int(),
          name: z.string(),
          added: z.string(),
          complexity: z.object({
            parameters: z.number().int(),
            rules: z.number().int(),
            lookbackBars: z.number(),
            executionNeeds: z.number().int(),
            score: z.number(),
          }),
          interpretability: z.number(),
          params: Values.nullable(),
          inSample: z.number().nullable(),
          outOfSample: z.number().nullable(),
        }),
      ),
      chosen: z.object({ level: z.number().int(), reason: z.string() }),
    })
    .optional(),
  surface: z
    .array(z.object({ params: Values, value: z.number().nullable() }))
    .default([])
    .describe(
      `The main search's trials that did not fail (at most ${surfaceTrials}, evenly by trial number): parameters and objective, null when pruned; for the chart of the search.`,
    ),
});

export type OptimizeResult = z.input<typeof OptimizeOutput>;

export const optimizeStrategy = defineTool({
  name: "optimize_strategy",
  summary:
    "Search a spec's free parameters (grid, random, TPE), with walk-forward analysis and the complexity ladder; resumable.",
  description:
    'Find the best parameters of a strategy spec whose numbers are free parameters ("params" declares their domains; {"param": "fast"} stands where a number goes): grid, random or TPE search, seeded, pruning hopeless trials; optionally a walk-forward analysis (stitched out-of-sample equity, efficiency, parameter drift) and the complexity ladder (where added rules stop paying). Trials are stored as they finish: the same request resumes after a crash and returns at once when done.',
  input: OptimizeInput,
  output: OptimizeOutput,
  effect: "write",
  idempotent: true,
  async run(input, context) {
    const template = input.spec as SpecTemplate;
    const probe = fixedParts(template);
    context.progress(0, `loading ${probe.universe.length} symbols`);
    const bars = await loadBars(context.store, probe.universe, probe.timeframe, input.end ?? null);
    const options: BacktestOptions = {
      initialCash: input.initialCash,
      startMs: input.start ?? null,
      endMs: input.end ?? null,
    };
    const { spec: _template, ...settings } = input;
    const { optimization, trials: stored } = await context.store.openOptimization({
      key: requestKey(template, settings, bars),
      template,
      settings,
    });
    if (optimization.state === "completed") {
      const done = OptimizeOutput.parse(optimization.result);
      return { ...done, resumed: done.trialsRun };
    }
    const run: OptimizationRun = {
      context,
      optimizationId: optimization.id,
      template,
      bars,
      options,
      objective: input.objective as Objective,
      sampler: input.sampler,
      seed: input.seed,
      prune: input.prune,
      stored,
      universe: probe.universe,
      timeframe: probe.timeframe,
      loadEndMs: input.end ?? null,
    };
    const workers = context.fanOut ? await context.fanOut.workers() : 0;
    if (context.fanOut && workers > 0) run.workers = { queue: context.fanOut, count: workers };
    if (input.walkForward) walkForwardPlan(run, input.walkForward);
    const spans = progressSpans(input);
    const main = await searchStage(
      run,
      { name: "main", template, budget: input.trials, period: options },
      spans.main,
    );
    const best = bestTrial(main);
    if (!best)
      throw new AlphadeskError(
        "no_result",
        `none of the ${main.length} trials completed: ${failureText(failuresOf(main)) || "every trial was pruned"}`,
        "user",
      );
    const walkForward = input.walkForward
      ? await walkForwardStage(run, input.walkForward, spans.walkForward)
      : undefined;
    const ladder = input.ladder ? await ladderStage(run, input.ladder, spans.ladder) : undefined;
    const bestSpec = parseStrategySpec(bindTemplate(template, best.params));
    const bestId = strategyId(bestSpec);
    await context.store.saveStrategy({ id: bestId, name: bestSpec.name, spec: bestSpec });
    const result: OptimizeResult = {
      id: optimization.id,
      objective: describeObjective(run.objective),
      sampler: samplerKindFor(input.sampler, template.params, input.trials),
      space: input.spec.params,
      best: {
        params: best.params,
        strategyId: bestId,
        spec: bindTemplate(template, best.params) as z.input<typeof StrategySpecSchema>,
        objective: best.value!,
        metrics: best.metrics,
      },
      trialsRun: main.length,
      resumed: stored.filter((trial) => trial.stage === "main").length,
      pruned: main.filter((trial) => trial.state === "pruned").length,
      failed: main.filter((trial) => trial.state === "failed").length,
      failures: failuresOf(main),
      top: [...main]
        .filter((trial) => trial.state === "complete")
        .sort((a, b) => b.value! - a.value! || a.number - b.number)
        .slice(0, 10)
        .map(({ stage: _stage, ...trial }) => trial),
      ...(walkForward ? { walkForward } : {}),
      ...(ladder ? { ladder } : {}),
      surface: evenly(
        main.filter((trial) => trial.state !== "failed"),
        surfaceTrials,
      ).map((trial) => ({
        params: trial.params,
        value: trial.state === "complete" && Number.isFinite(trial.value) ? trial.value : null,
      })),
    };
    await context.store.finishOptimization(optimization.id, "completed", result);
    context.progress(1, "done");
    return result;
  },
});

/** Universe and timeframe, which cannot be parameters: the bars are loaded once for all trials. */
function fixedParts(template: SpecTemplate): { universe: string[]; timeframe: Timeframe } {
  const low = bindTemplate(template, valuesAt(template.params, 0));
  const high = bindTemplate(template, valuesAt(template.params, 1));
  if (
    canonicalJson(low.universe) !== canonicalJson(high.universe) ||
    low.timeframe !== high.timeframe
  )
    throw invalidInput("`universe` and `timeframe` cannot depend on parameters", [
      { path: ["spec", "universe"], message: "must be fixed" },
    ]);
  return { universe: low.universe, timeframe: low.timeframe as Timeframe };
}

/** The request and the data it ran on: new bars make a new optimization, not a resumed one. */
function requestKey(template: SpecTemplate, settings: unknown, bars: readonly BarSeries[]): string {
  const data = bars.map((series) => [
    series.symbol,
    series.timestampMs.length,
    series.timestampMs[series.timestampMs.length - 1] ?? null,
    series.close[series.close.length - 1] ?? null,
  ]);
  return createHash("sha256").update(canonicalJson({ template, settings, data })).digest("hex");
}

/** At most `count` of `items`, spread evenly over them in their order. */
function evenly<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from(
    { length: count },
    (_, index) => items[Math.floor((index * items.length) / count)]!,
  );
}

/** Failed trials grouped by why, the most common first. */
function failuresOf(trials: readonly StoredTrial[]): { reason: string; trials: number }[] {
  const counts = new Map<string, number>();
  for (const trial of trials)
    if (trial.state === "failed" && trial.error)
      counts.set(trial.error, (counts.get(trial.error) ?? 0) + 1);
  return [...counts]
    .map(([reason, trials]) => ({ reason, trials }))
    .sort((a, b) => b.trials - a.trials);
}
