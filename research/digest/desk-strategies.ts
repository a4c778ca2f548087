import type { StrategySpec } from "../../engine/strategy/spec.ts";
import type { Store } from "../../tools/ports/store.ts";
import { strategyStages, type StrategyStage } from "../../tools/ports/trading.ts";
import { StrategySpecSchema } from "../../tools/strategy/spec-schema.ts";
import { linkedStrategiesLimit } from "../link/research-linker.ts";

/** How many strategies one digest item names (and offers buttons for); the rest are counted. */
const strategiesPerItem = 5;

export interface DeskStrategy {
  id: string;
  name: string;
  stage: StrategyStage;
  spec: StrategySpec;
}

export interface DigestAction {
  kind: "open_strategy" | "validate_strategy";
  strategyId: string;
}

/** The strategies an item names, the buttons for them, and how many more there were. */
export interface StrategyMentions {
  strategies: { strategyId: string; name: string; stage: StrategyStage }[];
  moreStrategies: number;
  actions: DigestAction[];
}

/** Live before paper before backtest, then by name: the strategies a user watches most first. */
type Named = Pick<DeskStrategy, "id" | "name" | "stage">;

const byStageThenName = (a: Named, b: Named) =>
  strategyStages.indexOf(b.stage) - strategyStages.indexOf(a.stage) ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
  (a.id < b.id ? -1 : 1);

/**
 * The desk's strategies as the digest sees them: the newest stored ones, the same set research
 * is linked to (research/link), each with its stage and spec.
 */
export class DeskStrategies {
  private constructor(
    private readonly strategies: readonly DeskStrategy[],
    private readonly stages: ReadonlyMap<string, StrategyStage>,
  ) {}

  static async load(
    store: Pick<Store, "listStrategies" | "requestStrategy" | "listStages">,
  ): Promise<DeskStrategies> {
    const [summaries, staged] = await Promise.all([
      store.listStrategies(linkedStrategiesLimit),
      store.listStages(),
    ]);
    const stages = new Map(staged.map((record) => [record.strategyId, record.stage]));
    const strategies: DeskStrategy[] = [];
    for (const summary of summaries) {
      const parsed = StrategySpecSchema.safeParse((await store.requestStrategy(summary.id))?.spec);
      // A spec this version cannot read trades nothing the digest can name.
      if (!parsed.success) continue;
      strategies.push({
        id: summary.id,
        name: summary.name,
        stage: stages.get(summary.id) ?? "backtest",
        spec: parsed.data as StrategySpec,
      });
    }
    return new DeskStrategies(strategies, stages);
  }

  /** Every symbol the strategies trade, sorted. */
  symbols(): string[] {
    return [...new Set(this.strategies.flatMap((strategy) => strategy.spec.universe))].sort();
  }

  stageOf(strategyId: string): StrategyStage {
    return this.stages.get(strategyId) ?? "backtest";
  }

  /** The strategies at these stages, live ones first, then by name. */
  atStages(wanted: readonly StrategyStage[]): DeskStrategy[] {
    return this.strategies
      .filter((strategy) => wanted.includes(strategy.stage))
      .sort(byStageThenName);
  }

  /** The strategy with this id, when it is among the desk's (the newest stored ones). */
  find(strategyId: string): DeskStrategy | undefined {
    return this.strategies.find((strategy) => strategy.id === strategyId);
  }

  /** The strategies trading any of `symbols`, as an item names them. */
  trading(symbols: readonly string[]): StrategyMentions {
    return mentions(
      this.strategies.filter((strategy) =>
        symbols.some((symbol) => strategy.spec.universe.includes(symbol)),
      ),
    );
  }
}

/** Up to `strategiesPerItem` strategies, live ones first, each with "open" and "validate" buttons. */
export function mentions(strategies: readonly Named[]): StrategyMentions {
  const named = [...strategies].sort(byStageThenName).slice(0, strategiesPerItem);
  return {
    strategies: named.map(({ id, name, stage }) => ({ strategyId: id, name, stage })),
    moreStrategies: strategies.length - named.length,
    actions: named.flatMap(({ id }) => [
      { kind: "open_strategy" as const, strategyId: id },
      { kind: "validate_strategy" as const, strategyId: id },
    ]),
  };
}
