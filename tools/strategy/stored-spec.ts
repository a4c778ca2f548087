import { notFound } from "../errors.ts";
import type { Store } from "../ports/store.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { parseStrategySpec } from "./spec-schema.ts";

/** A stored strategy's spec by its id, or a not_found error that says where ids come from. */
export async function storedSpec(
  store: Pick<Store, "requestStrategy">,
  id: string,
): Promise<StrategySpec> {
  const stored = await store.requestStrategy(id);
  if (!stored)
    throw notFound(
      `no strategy ${id}; backtest_strategy stores the strategies it runs (list_strategies shows them)`,
    );
  return parseStrategySpec(stored.spec);
}
