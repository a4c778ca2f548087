import { z } from "zod";
import type { ToolContext } from "../define-tool.ts";
import { invalidData } from "../errors.ts";
import { stageSizeFraction } from "../lifecycle/stage-evidence.ts";
import type { StoredPortfolio } from "../ports/portfolios.ts";
import { SymbolSchema } from "../strategy/spec-schema.ts";
import { restoreCall } from "../strategy/update-strategy.ts";

export interface SymbolTargets {
  /** Target share of equity per tradable symbol (upper case). */
  weights: Map<string, number>;
  /** Symbols that may not trade on this broker, with why: a strategy's stage does not allow it. */
  blocked: Map<string, string>;
}

const Universe = z.object({ universe: z.array(SymbolSchema).min(1) });

/**
 * The portfolio's target weights as tradable symbols. Raw return series are named by their
 * symbols. A strategy's weight is split evenly over its universe (a strategy over SPY and QQQ at
 * 0.3 holds 0.15 of each), and symbols shared by strategies add up. A strategy's stage decides
 * as it does for propose_order: paper orders need it past backtest; live orders need small_live
 * (which holds a tenth of its weight) or full_live. Its symbols are blocked otherwise, and while
 * it is archived.
 */
export async function symbolTargets(
  context: Pick<ToolContext, "store">,
  portfolio: StoredPortfolio,
  live: boolean,
): Promise<SymbolTargets> {
  const weights = new Map<string, number>();
  const blocked = new Map<string, string>();
  const add = (symbol: string, weight: number) =>
    weights.set(symbol, (weights.get(symbol) ?? 0) + weight);
  if (portfolio.source === "returns") {
    for (const [name, weight] of Object.entries(portfolio.weights)) {
      const symbol = SymbolSchema.safeParse(name);
      if (!symbol.success)
        throw invalidData(
          `portfolio ${portfolio.id} weights a return series named "${name}", which is not a tradable symbol: only series named by their symbols can be rebalanced`,
        );
      add(symbol.data.toUpperCase(), weight);
    }
    return { weights, blocked };
  }
  for (const [strategyId, weight] of Object.entries(portfolio.weights)) {
    const stored = await context.store.requestStrategy(strategyId);
    const spec = Universe.safeParse(stored?.spec);
    if (!stored || !spec.success)
      throw invalidData(
        `portfolio ${portfolio.id} weights strategy ${strategyId}, which is ${stored ? "stored without a readable universe" : "not stored"}: its symbols are unknown`,
      );
    const stage = (await context.store.requestStage(strategyId))?.stage ?? "backtest";
    // An archived strategy is at backtest and cannot be promoted: restoring it comes first.
    const refusal =
      (stored.archivedAtMs ?? null) !== null
        ? `it is archived: restore it (${restoreCall(strategyId)}) before it trades`
        : stageRefusal(stage, live);
    const fraction = live ? stageSizeFraction[stage] : 1;
    const symbols = spec.data.universe.map((symbol) => symbol.toUpperCase());
    for (const symbol of symbols) {
      add(symbol, refusal ? weight / symbols.length : (fraction * weight) / symbols.length);
      if (refusal)
        blocked.set(
          symbol,
          `STRATEGY_STAGE: ${symbol} is held for strategy ${stored.name} (${strategyId.slice(0, 12)}), which is at ${stage}: ${refusal}`,
        );
    }
  }
  return { weights, blocked };
}

function stageRefusal(stage: keyof typeof stageSizeFraction, live: boolean): string | undefined {
  if (live)
    return stage === "small_live" || stage === "full_live"
      ? undefined
      : "live orders need it promoted to small_live (promote_strategy)";
  return stage === "backtest"
    ? "promote it to paper (promote_strategy, after a validator pass) before it trades"
    : undefined;
}
