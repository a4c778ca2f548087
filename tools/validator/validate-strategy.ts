import { z } from "zod";
import { contractSpecs, type FuturesRoot } from "../../engine/futures/contracts.ts";
import type { SpecTemplate } from "../../engine/optimizer/index.ts";
import type { BacktestOptions } from "../../engine/strategy/backtest.ts";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import {
  ruleFamilies,
  severities,
  validateStrategy as validate,
  type ValidationInput,
} from "../../engine/validator/index.ts";
import { loadBars } from "../bars/load-bars.ts";
import { contractRoot, marketOf } from "../bars/market-of.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import type { Store, Timeframe } from "../ports/store.ts";
import { parseStrategySpec, StrategySpecSchema, strategyId } from "../strategy/spec-schema.ts";
import { TimeInput } from "../time-input.ts";
import { neighbourSpecs, trialEvidence } from "./trial-evidence.ts";
import { FindingIdInput } from "../scanner/finding-schema.ts";
import { storedSpec } from "../strategy/stored-spec.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";

const ValidateInput = z
  .object({
    spec: StrategySpecSchema.optional().describe(
      "The strategy to validate (or give `strategyId`, or only `optimizationId` for its best).",
    ),
    strategyId: StrategyIdInput.optional(),
    optimizationId: z
      .string()
      .uuid("an optimization id is the id optimize_strategy returns")
      .optional()
      .describe(
        "The optimization the spec came from: its trial count feeds the deflated Sharpe ratio, its trials the overfitting (PBO) and parameter-plateau rules.",
      ),
    findingId: FindingIdInput.optional().describe(
      "The scanner finding the strategy came from (alone: its spec): the candidates its scan tested count as the trials of the deflated Sharpe ratio.",
    ),
    start: TimeInput("start").optional(),
    end: TimeInput("end").optional(),
    initialCash: z.number().positive().max(1e12).default(100_000),
    accountEquity: z
      .number()
      .positive()
      .max(1e12)
      .optional()
      .describe(
        "The account's equity, for capacity and pattern-day-trader rules (default initialCash).",
      ),
    seed: z
      .number()
      .int()
      .min(0)
      .max(0xffffffff)
      .default(1)
      .describe("Seeds the resampling rules."),
  })
  .strict()
  .refine((input) => [input.spec, input.strategyId].filter((x) => x !== undefined).length <= 1, {
    message: "give `spec` or `strategyId`, not both",
    path: ["spec"],
  })
  .refine(
    (input) =>
      input.spec !== undefined ||
      input.strategyId !== undefined ||
      input.optimizationId !== undefined ||
      input.findingId !== undefined,
    { message: "give `spec`, `strategyId`, `optimizationId` or `findingId`", path: ["spec"] },
  )
  .refine((input) => input.optimizationId === undefined || input.findingId === undefined, {
    message: "give `optimizationId` or `findingId`, not both: each says where the trials came from",
    path: ["findingId"],
  });

const RuleResultSchema = z.object({
  id: z.string(),
  family: z.enum(ruleFamilies),
  severity: z.enum(severities),
  title: z.string(),
  status: z.enum(["pass", "warn", "fail", "skip"]),
  message: z.string(),
  value: z.number().optional(),
});

export const ValidateOutput = z.object({
  strategyId: z.string(),
  reportId: z.string(),
  version: z.number().int().describe("The strategy's report number: 1 for its first validation."),
  verdict: z
    .enum(["pass", "warn", "fail"])
    .describe(
      "fail: a critical rule failed; warn: a rule warned or a warning rule failed; pass otherwise.",
    ),
  summary: z.string(),
  keyNumbers: z.array(
    z.object({ name: z.string(), value: z.number().nullable(), text: z.string() }),
  ),
  counts: z.object({ pass: z.number(), warn: z.number(), fail: z.number(), skip: z.number() }),
  rules: z.array(RuleResultSchema),
  metrics: z.record(z.string(), z.number().nullable()),
});

export const validateStrategy = defineTool({
  name: "validate_strategy",
  summary:
    "Over 100 rules (overfitting statistics, robustness, regimes, capacity, market rules, your own): a verdict in plain words.",
  description:
    "Validate a strategy before trusting it: over 100 rules on data integrity, look-ahead, statistical significance (deflated Sharpe ratio with the trials tried, probability of backtest overfitting, bootstrap and Monte Carlo), robustness (parameter plateau, doubled costs, one-bar delay, best trades removed, sub-periods), regimes, capacity, and the rules of its markets (equities, CME micros, FX, crypto, time zones), plus your own rules. Returns a verdict, every rule's result in plain words and the key numbers; the report is stored as the strategy's next version.",
  input: ValidateInput,
  output: ValidateOutput,
  effect: "write",
  async run(input, context) {
    const { store } = context;
    const optimization = input.optimizationId
      ? await store.requestOptimization(input.optimizationId)
      : undefined;
    if (input.optimizationId && !optimization)
      throw notFound(`no optimization ${input.optimizationId}; optimize_strategy returns the id`);
    if (optimization && optimization.state !== "completed")
      throw invalidInput(
        `optimization ${optimization.id} is ${optimization.state}: run the same optimize_strategy request again to finish it`,
        [{ path: ["optimizationId"], message: `is ${optimization.state}` }],
      );
    const best = (
      optimization?.result as
        { best?: { spec: unknown; params: Record<string, number | string> } } | undefined
    )?.best;
    const finding = input.findingId ? await store.requestFinding(input.findingId) : undefined;
    if (input.findingId && !finding)
      throw notFound(`no finding ${input.findingId}; see list_findings or run scan_markets`);
    const spec = await specOf(
      store,
      input.spec,
      input.strategyId,
      best?.spec ?? finding?.strategySpec,
    );
    context.progress(0, `loading ${spec.universe.length} symbols`);
    const bars = await loadBars(
      store,
      spec.universe,
      spec.timeframe as Timeframe,
      input.end ?? null,
    );
    const options: BacktestOptions = {
      initialCash: input.initialCash,
      startMs: input.start ?? null,
      endMs: input.end ?? null,
    };
    const template = optimization?.template as SpecTemplate | undefined;
    let evidence: Pick<ValidationInput, "trials" | "neighbours"> = {};
    // A finding was picked from every candidate its scan tested: those are its trials.
    const scanned = finding ? await store.findingTrials(finding.id) : undefined;
    if (scanned !== undefined) evidence = { trials: { count: scanned } };
    if (template && best) {
      context.progress(0.05, "re-running the optimization's trials");
      evidence = {
        trials: trialEvidence(
          template,
          await store.listTrials(optimization!.id, "main"),
          bars,
          options,
        ),
        neighbours: neighbourSpecs(template, best.params),
      };
    }
    const actions = (
      await Promise.all(
        spec.universe.map(async (symbol) =>
          (await store.requestCorporateActions(symbol)).map((a) => ({ ...a, symbol })),
        ),
      )
    ).flat();
    const disabled = new Set(await store.listDisabledRules());
    const customRules = (await store.listCustomRules()).map(
      ({ createdAtMs: _at, message, ...rule }) => ({
        ...rule,
        ...(message === null ? {} : { message }),
      }),
    );
    const report = validate(
      {
        spec,
        bars,
        markets: spec.universe.map(marketOf),
        options,
        seed: input.seed,
        ...evidence,
        account: { equity: input.accountEquity ?? input.initialCash },
        corporateActions: actions.map((action) => ({
          symbol: action.symbol,
          exDateMs: action.exDateMs,
          kind: action.kind,
          ...(action.kind === "split" ? { ratio: action.ratio } : {}),
        })),
        futures: futuresOf(spec.universe),
      },
      {
        customRules,
        disabled,
        progress: (fraction) => context.progress(0.1 + 0.85 * fraction, "checking rules"),
      },
    );
    const id = strategyId(spec);
    await store.saveStrategy({ id, name: spec.name, spec });
    const counts = { pass: 0, warn: 0, fail: 0, skip: 0 };
    for (const rule of report.rules) counts[rule.status]++;
    const summary = summarize(report.verdict, counts, report.rules);
    const stored = await store.saveValidationReport({
      strategyId: id,
      verdict: report.verdict,
      report: { ...report, summary, counts },
    });
    context.progress(1, "done");
    return {
      strategyId: id,
      reportId: stored.id,
      version: stored.version,
      verdict: report.verdict,
      summary,
      keyNumbers: report.keyNumbers,
      counts,
      rules: report.rules,
      metrics: report.metrics,
    };
  },
});

async function specOf(
  store: Store,
  spec: unknown,
  id: string | undefined,
  fromSearch: unknown,
): Promise<StrategySpec> {
  if (spec !== undefined) return spec as StrategySpec;
  if (id !== undefined) return storedSpec(store, id);
  return parseStrategySpec(fromSearch);
}

/** Contract sizes of the CME symbols: a root is a back-adjusted continuous series. */
function futuresOf(universe: readonly string[]) {
  return universe.flatMap((symbol) => {
    const root = (contractRoot(symbol) ?? symbol) as FuturesRoot;
    const contract = contractSpecs[root];
    return contract
      ? [
          {
            symbol,
            multiplier: contract.pointValue,
            continuous: contractRoot(symbol) === undefined,
          },
        ]
      : [];
  });
}

function summarize(
  verdict: string,
  counts: Record<"pass" | "warn" | "fail" | "skip", number>,
  rules: readonly { status: string; severity: string; title: string }[],
): string {
  const critical = rules.filter((rule) => rule.status === "fail" && rule.severity === "critical");
  const head = `${verdict.toUpperCase()}: ${counts.pass} rules passed, ${counts.warn} warned, ${counts.fail} failed, ${counts.skip} skipped.`;
  return critical.length === 0
    ? head
    : `${head} Critical checks not met: ${critical.map((rule) => rule.title).join("; ")}.`;
}
