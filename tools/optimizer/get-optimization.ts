import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import { isoTime } from "../time-input.ts";
import { OptimizationIdInput } from "./optimization-id.ts";
import { OptimizeOutput } from "./optimize-strategy.ts";

export const getOptimization = defineTool({
  name: "get_optimization",
  summary:
    "A finished optimization again (the newest by default): best parameters, runners-up, walk-forward, ladder, the chart of its search.",
  description:
    "A stored optimization's result exactly as optimize_strategy returned it (the best parameters and their strategy id, the ten best trials, walk-forward and complexity ladder when asked for, every trial's parameters and objective for the chart of the search), with when it ran and the strategy it searched. Without an id, the newest finished one. validate_strategy takes its id as optimizationId.",
  input: z
    .object({
      optimizationId: OptimizationIdInput.optional().describe(
        "The optimization (default: the newest finished one).",
      ),
    })
    .strict(),
  output: OptimizeOutput.extend({
    createdAt: z.string().describe("When it was first asked for."),
    strategyName: z.string().describe("The name of the spec it searched."),
  }),
  effect: "read",
  idempotent: true,
  async run({ optimizationId }, { store }) {
    const stored = optimizationId
      ? await store.requestOptimization(optimizationId)
      : (await store.listOptimizations({ limit: 1, state: "completed" }))[0];
    if (!stored)
      throw notFound(
        optimizationId
          ? `no stored optimization has the id ${optimizationId}: list_optimizations lists them`
          : "no optimization has finished yet: optimize_strategy runs one",
      );
    if (stored.state !== "completed")
      throw invalidInput(
        `optimization ${stored.id} is ${stored.state}: run the same optimize_strategy request again to finish it`,
        [{ path: ["optimizationId"], message: `is ${stored.state}` }],
      );
    return {
      // A result stored before results gave their space has it in its template.
      ...OptimizeOutput.parse({
        space: templateSpace(stored.template),
        ...(stored.result as object),
      }),
      createdAt: isoTime(stored.createdAtMs),
      strategyName: templateName(stored.template),
    };
  },
});

const templateSpace = (template: unknown): unknown =>
  (template as { params?: unknown } | null)?.params;

/** The searched spec's name, as its template wrote it ("SMA {fast}/{slow} crossover"). */
export const templateName = (template: unknown): string => {
  const name = (template as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : "unnamed";
};
