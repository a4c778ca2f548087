import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { invalidData, notFound } from "../errors.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";
import { isoTime } from "../time-input.ts";
import { ValidateOutput } from "./validate-strategy.ts";

/** What validate_strategy stores of a report, beside its id, version and verdict. */
const StoredReport = ValidateOutput.pick({
  summary: true,
  keyNumbers: true,
  counts: true,
  rules: true,
  metrics: true,
});

export const getValidation = defineTool({
  name: "get_validation",
  summary:
    "A strategy's newest validation report again: verdict, every rule's result and the key numbers, nothing run again.",
  description:
    "The newest stored validate_strategy report of a strategy, as it was: its verdict, summary, key numbers and every rule's result in plain words (the failed and warned ones are why a verdict is what it is). Nothing is run again; validate_strategy makes a new report.",
  input: z.object({ strategyId: StrategyIdInput }).strict(),
  output: ValidateOutput.extend({
    createdAt: z.string().describe("When the report was made, ISO-8601 UTC."),
  }),
  effect: "read",
  idempotent: true,
  async run({ strategyId }, { store }) {
    const stored = await store.latestValidationReport(strategyId);
    if (!stored) {
      const strategy = await store.requestStrategy(strategyId);
      throw notFound(
        strategy
          ? `strategy "${strategy.name}" (${strategyId.slice(0, 12)}…) was never validated: validate_strategy validates it`
          : `no stored strategy has id ${strategyId}: list_strategies lists them`,
      );
    }
    const report = StoredReport.safeParse(stored.report);
    if (!report.success)
      throw invalidData(
        `report ${stored.version} of strategy ${strategyId.slice(0, 12)}… is stored in a form this version does not read: validate_strategy makes a new one`,
      );
    return {
      strategyId,
      reportId: stored.id,
      version: stored.version,
      verdict: stored.verdict,
      ...report.data,
      createdAt: isoTime(stored.createdAtMs),
    };
  },
});
