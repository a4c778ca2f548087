import {
  RandomSampler,
  TpeSampler,
  type Sampler,
  type SpecTemplate,
  type Trial,
} from "../engine/optimizer/index.ts";
import { runBacktest } from "../engine/strategy/backtest.ts";
import { ExpressionEvaluator } from "../engine/strategy/expressions.ts";
import { generateMarket } from "../engine/synthetic/index.ts";
import { createTestStore } from "../test/support/pglite.ts";
import { testContext } from "../test/support/tool-context.ts";
import { optimizeStrategy } from "../tools/optimizer/optimize-strategy.ts";
import { TrialEvaluator } from "../tools/optimizer/trial-evaluator.ts";
import { runTool } from "../tools/run-tool.ts";
import { bindTemplate } from "../tools/strategy/template-schema.ts";
import { validateStrategy } from "../tools/validator/validate-strategy.ts";

// `npm run bench:optimizer`: the optimizer issue's figures. A 1000-trial TPE optimization of a
// three-parameter strategy on 2520 daily bars: trials per second against plain backtests of
// the same strategy (the peer: what the search costs on top), through the tool with every
// trial stored in PGlite, and TPE's best objective against random search at equal budget.
const market = generateMarket({ symbols: ["SPY"], years: 10, seed: 7 });
const bars = market.bars.filter((series) => series.symbol === "SPY");
const template: SpecTemplate = {
  name: "SMA crossover with an RSI filter",
  universe: ["SPY"],
  params: { fast: { int: [5, 60] }, slow: { int: [61, 250] }, rsiMax: { int: [55, 95] } },
  entry: {
    crossAbove: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
  },
  exit: {
    crossBelow: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
  },
  filters: [{ lt: [{ rsi: { period: 14 } }, { param: "rsiMax" }] }],
  costs: { feeBps: 1, slippageBps: 2 },
};
const options = { initialCash: 100_000, startMs: null, endMs: null };
const objective = { kind: "sharpe" } as const;
const budget = 1000;

function search(
  sampler: Sampler,
  prune: boolean,
  trials = budget,
): { best: number; seconds: number } {
  const evaluator = new TrialEvaluator(template, bars, options, objective, prune);
  const history: Trial[] = [];
  let best = -Infinity;
  const started = performance.now();
  while (history.length < trials) {
    const params = sampler.next(history)!;
    const outcome = evaluator.evaluate(params);
    history.push({ params, value: outcome.value ?? undefined, state: outcome.state });
    if (outcome.value !== null) best = Math.max(best, outcome.value);
  }
  return { best, seconds: (performance.now() - started) / 1000 };
}

// The peer: the same number of plain backtests at fixed parameters, indicators cached.
const fixed = bindTemplate(template, { fast: 20, slow: 100, rsiMax: 70 });
const evaluators = bars.map((series) => new ExpressionEvaluator(series));
let started = performance.now();
for (let k = 0; k < budget; k++) runBacktest(fixed, bars, options, evaluators);
const plainSeconds = (performance.now() - started) / 1000;

const tpe = search(new TpeSampler(template.params, { seed: 1 }), false);
console.log(
  `${budget} TPE trials on ${bars[0]!.close.length} bars, engine only: ${tpe.seconds.toFixed(2)} s, ${(budget / tpe.seconds).toFixed(0)} trials/s; ${budget} plain backtests: ${plainSeconds.toFixed(2)} s (search costs ${(tpe.seconds / plainSeconds).toFixed(2)}x plain backtests, distinct indicators included)`,
);

const store = await createTestStore();
await store.writeBars("1d", bars);
started = performance.now();
const optimized = (await runTool(
  optimizeStrategy,
  { spec: template, sampler: "tpe", trials: budget, seed: 1 },
  testContext(store),
)) as { id: string };
const toolSeconds = (performance.now() - started) / 1000;
console.log(
  `optimize_strategy, ${budget} TPE trials stored in PGlite, pruning on: ${toolSeconds.toFixed(2)} s, ${(budget / toolSeconds).toFixed(0)} trials/s (target: the whole run within minutes: ${toolSeconds < 300 ? "MET" : "MISSED"})`,
);

// Full validation of the optimization's best: every rule, the deflated Sharpe ratio over its
// 1000 trials and PBO over 64 of them re-run.
started = performance.now();
const report = (await runTool(
  validateStrategy,
  { optimizationId: optimized.id },
  testContext(store),
)) as { rules: unknown[]; verdict: string };
const validationSeconds = (performance.now() - started) / 1000;
await store.close();
console.log(
  `validate_strategy of the best of ${budget} trials over ${bars[0]!.close.length} daily bars: ${validationSeconds.toFixed(2)} s, ${report.rules.length} rules, verdict ${report.verdict} (target under 60 s: ${validationSeconds < 60 ? "MET" : "MISSED"})`,
);

// The comparison at a small and at the full budget: TPE's edge is largest when trials are few.
const seeds = [1, 2, 3, 4, 5];
for (const trials of [100, budget]) {
  const pairs = seeds.map((seed) => ({
    smart:
      trials === budget && seed === 1
        ? tpe.best
        : search(new TpeSampler(template.params, { seed }), false, trials).best,
    blind: search(new RandomSampler(template.params, { seed }), false, trials).best,
  }));
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const wins = pairs.filter(({ smart, blind }) => smart > blind).length;
  console.log(
    `best Sharpe at ${trials} trials over ${seeds.length} seeds, TPE against random search: mean ${mean(pairs.map((p) => p.smart)).toFixed(3)} vs ${mean(pairs.map((p) => p.blind)).toFixed(3)}, TPE ahead on ${wins} (${pairs.map(({ smart, blind }) => `${smart.toFixed(3)}/${blind.toFixed(3)}`).join(", ")})`,
  );
}
