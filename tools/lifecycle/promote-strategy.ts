import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import { strategyStages, type StrategyStage } from "../ports/trading.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";
import { restoreCall } from "../strategy/update-strategy.ts";
import { stageEvidence, stageRules, type StageEvidence } from "./stage-evidence.ts";

const StageSchema = z.enum(strategyStages);

const CheckSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  required: z.string(),
  actual: z.string(),
});
type Check = z.output<typeof CheckSchema>;

export const promoteStrategy = defineTool({
  name: "promote_strategy",
  summary:
    "Move a strategy backtest -> paper -> small live (10% size) -> full live, on the validator's pass and the stage's evidence.",
  description:
    "Move a stored strategy along backtest -> paper -> small_live (10% of its size) -> full_live. Promotion needs the validator's pass and, from paper on, the stage's evidence: at least 20 sessions and 10 filled orders, with tracking error against the backtest of the same bars under 5% a year. Moving back a stage is always allowed. Every order still needs a human's approval.",
  input: z
    .object({
      strategyId: StrategyIdInput,
      to: StageSchema.optional().describe("The stage to move to (default: the next one)."),
      capital: z
        .number()
        .positive()
        .finite()
        .max(1e9)
        .default(100_000)
        .describe("The capital the strategy trades at full size (default 100000)."),
    })
    .strict(),
  output: z.object({
    strategyId: z.string(),
    from: StageSchema,
    to: StageSchema,
    promoted: z.boolean().describe("False when a check failed: the stage is unchanged."),
    checks: z.array(CheckSchema),
  }),
  effect: "write",
  async run(input, context) {
    const { store } = context;
    const current = await store.requestStage(input.strategyId);
    if (!current)
      throw notFound(`no stored strategy ${input.strategyId}: backtest_strategy stores it`);
    const from = current.stage;
    const fromIndex = strategyStages.indexOf(from);
    const to = input.to ?? strategyStages[fromIndex + 1];
    if (to === undefined) throw invalidInput(`the strategy is already at ${from}, the last stage`);
    const toIndex = strategyStages.indexOf(to);
    if (toIndex === fromIndex) throw invalidInput(`the strategy is already at ${from}`);
    if (toIndex > fromIndex + 1)
      throw invalidInput(
        `one stage at a time: from ${from} the next is ${strategyStages[fromIndex + 1]}, not ${to}`,
        [{ path: ["to"], message: "skips a stage" }],
      );
    const forward = toIndex > fromIndex;
    if (forward && ((await store.requestStrategy(input.strategyId))?.archivedAtMs ?? null) !== null)
      throw invalidInput(
        `the strategy is archived: restore it first (${restoreCall(input.strategyId)})`,
      );
    const nowMs = context.clock.nowMs();
    const checks =
      toIndex < fromIndex
        ? []
        : await promotionChecks(context.store, current, input.capital, to, nowMs);
    const promoted = checks.every((check) => check.passed);
    if (promoted)
      await store.setStage(
        input.strategyId,
        to,
        { from, capital: input.capital, checks },
        context.actor,
        nowMs,
      );
    return { strategyId: input.strategyId, from, to, promoted, checks };
  },
});

async function promotionChecks(
  store: Parameters<typeof stageEvidence>[0],
  current: NonNullable<Awaited<ReturnType<typeof store.requestStage>>>,
  capital: number,
  to: StrategyStage,
  nowMs: number,
): Promise<Check[]> {
  const report = await store.latestValidationReport(current.strategyId);
  const checks: Check[] = [
    {
      name: "validator",
      passed: report?.verdict === "pass",
      required: "the latest validate_strategy verdict is pass",
      actual: report ? `version ${report.version}: ${report.verdict}` : "never validated",
    },
  ];
  if (to === "paper") return checks;
  const controls = await store.requestControls(`strategy:${current.strategyId}`);
  checks.push({
    name: "trading state",
    passed: controls.state === "active",
    required: "active (not halted or reducing by reconciliation, divergence or a human)",
    actual: controls.reason ? `${controls.state}: ${controls.reason}` : controls.state,
  });
  checks.push(
    ...evidenceChecks(await stageEvidence(store, current, capital, nowMs), current.stage),
  );
  return checks;
}

function evidenceChecks(evidence: StageEvidence, stage: StrategyStage): Check[] {
  const te = evidence.comparison?.trackingError;
  return [
    {
      name: "sessions",
      passed: evidence.sessions >= stageRules.minSessions,
      required: `at least ${stageRules.minSessions} sessions at ${stage}`,
      actual: `${evidence.sessions}`,
    },
    {
      name: "trades",
      passed: evidence.trades >= stageRules.minTrades,
      required: `at least ${stageRules.minTrades} filled orders at ${stage}`,
      actual: `${evidence.trades}`,
    },
    {
      name: "tracking error",
      passed: te !== undefined && Number.isFinite(te) && te <= stageRules.maxTrackingError,
      required: `at most ${stageRules.maxTrackingError * 100}% a year against the backtest of the same bars`,
      actual:
        te !== undefined && Number.isFinite(te)
          ? `${(te * 100).toFixed(2)}% over ${evidence.comparison!.bars} bars`
          : (evidence.problem ?? "too few bars to measure"),
    },
  ];
}
