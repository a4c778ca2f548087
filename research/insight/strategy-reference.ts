import { z } from "zod";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { notFound } from "../../tools/errors.ts";
import type { Store } from "../../tools/ports/store.ts";
import {
  parseStrategySpec,
  StrategySpecSchema,
  strategyId,
} from "../../tools/strategy/spec-schema.ts";
import { StrategyIdInput } from "../../tools/strategy/strategy-id.ts";

/** The two ways to name a strategy: its spec, or the id of a stored one. */
const strategyReferenceShape = {
  spec: StrategySpecSchema.optional().describe("The strategy itself (or give `strategyId`)."),
  strategyId: StrategyIdInput.optional().describe(
    "A stored strategy's id, as backtest_strategy or validate_strategy return it.",
  ),
};

/** An input naming exactly one strategy, by spec or by id, with the tool's own fields. */
export function strategyInput<Shape extends z.ZodRawShape>(shape: Shape) {
  return z
    .object({ ...strategyReferenceShape, ...shape })
    .strict()
    .refine(
      (input: { spec?: unknown; strategyId?: unknown }) =>
        (input.spec === undefined) !== (input.strategyId === undefined),
      { message: "give exactly one of `spec` or `strategyId`", path: ["spec"] },
    );
}

export interface ResolvedStrategy {
  id: string;
  spec: StrategySpec;
}

/** The strategy an input names; an unknown id is a not_found error naming `strategyId`. */
export async function resolveStrategy(
  store: Store,
  input: { spec?: unknown; strategyId?: string },
): Promise<ResolvedStrategy> {
  if (input.strategyId === undefined) {
    const spec = input.spec as StrategySpec;
    return { id: strategyId(spec), spec };
  }
  const stored = await store.requestStrategy(input.strategyId);
  if (!stored)
    throw notFound(
      `\`strategyId\`: no stored strategy ${input.strategyId}; backtest_strategy and validate_strategy store the strategies they run, or give the \`spec\` itself`,
    );
  return { id: stored.id, spec: parseStrategySpec(stored.spec) };
}
