import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import type { StoredOptimization } from "../ports/optimizations.ts";
import { isoTime } from "../time-input.ts";
import { templateName } from "./get-optimization.ts";
import { OptimizeOutput } from "./optimize-strategy.ts";

const OptimizationSummary = z.object({
  id: z.string().describe("get_optimization and validate_strategy (optimizationId) take it."),
  createdAt: z.string(),
  state: z.enum(["running", "completed", "failed", "cancelled"]),
  strategyName: z.string().describe("The name of the spec searched."),
  objective: z.string().nullable().describe("Null until it finished."),
  sampler: z.string().nullable(),
  trialsRun: z.number().int().nullable(),
  best: OptimizeOutput.shape.best
    .pick({ params: true, objective: true, strategyId: true })
    .nullable()
    .describe("Null until it finished."),
});

export const listOptimizations = defineTool({
  name: "list_optimizations",
  summary: "Stored optimizations, newest first: the strategy searched, state, objective and best.",
  description:
    "The optimizations optimize_strategy stored, newest first: when, the spec searched, running/completed/failed/cancelled, and for a finished one its objective, sampler, trial count and best parameters with their strategy id. get_optimization shows one whole.",
  input: z.object({ limit: z.number().int().min(1).max(50).default(10) }).strict(),
  output: z.object({ optimizations: z.array(OptimizationSummary) }),
  effect: "read",
  idempotent: true,
  async run({ limit }, { store }) {
    const stored = await store.listOptimizations({ limit });
    return { optimizations: stored.map(summaryOf) };
  },
});

function summaryOf(stored: StoredOptimization): z.input<typeof OptimizationSummary> {
  const result = stored.state === "completed" ? OptimizeOutput.safeParse(stored.result) : undefined;
  const done = result?.success ? result.data : undefined;
  return {
    id: stored.id,
    createdAt: isoTime(stored.createdAtMs),
    state: stored.state,
    strategyName: templateName(stored.template),
    objective: done?.objective ?? null,
    sampler: done?.sampler ?? null,
    trialsRun: done?.trialsRun ?? null,
    best: done
      ? {
          params: done.best.params,
          objective: done.best.objective,
          strategyId: done.best.strategyId,
        }
      : null,
  };
}
