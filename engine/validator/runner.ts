import { ValidationContext, errorText } from "./context.ts";
import { customRuleProblem, customValidationRule } from "./custom-rules.ts";
import { keyNumbersOf } from "./key-numbers.ts";
import { computeMetrics } from "./metrics.ts";
import { builtInRules } from "./rules/index.ts";
import type {
  RuleOutcome,
  RuleResult,
  RuleStatus,
  ValidateOptions,
  ValidationInput,
  ValidationReport,
  ValidationRule,
} from "./types.ts";

const statuses: readonly RuleStatus[] = ["pass", "warn", "fail", "skip"];

/**
 * Runs every built-in rule and the custom rules on one strategy and returns the report. A rule
 * that throws becomes a failed result naming the error, so one bad rule cannot sink the report;
 * a disabled rule, or a custom rule with a problem, is reported as skipped with the reason.
 */
export function validateStrategy(
  input: ValidationInput,
  options: ValidateOptions = {},
): ValidationReport {
  const context = new ValidationContext(input, options.signals);
  const disabled = options.disabled ?? new Set<string>();
  const refused: RuleResult[] = [];
  const custom: ValidationRule[] = [];
  for (const rule of options.customRules ?? []) {
    const problem = customRuleProblem(rule);
    if (problem === undefined) custom.push(customValidationRule(rule));
    else
      refused.push({
        id: typeof rule.id === "string" ? rule.id : "invalid-custom-rule",
        family: "custom",
        severity: "info",
        title: "Custom rule (refused)",
        status: "skip",
        message: `Refused: ${problem}.`,
      });
  }
  const rules = [...builtInRules, ...custom];
  const results: RuleResult[] = [];
  options.progress?.(0);
  rules.forEach((rule, index) => {
    const outcome = disabled.has(rule.id)
      ? { status: "skip" as const, message: "Skipped: disabled for this validation." }
      : runRule(rule, context);
    results.push({
      id: rule.id,
      family: rule.family,
      severity: rule.severity,
      title: rule.title,
      ...outcome,
    });
    options.progress?.((0.95 * (index + 1)) / rules.length);
  });
  results.push(...refused);
  const metrics = computeMetrics(context);
  options.progress?.(1);
  return {
    verdict: verdictOf(results),
    rules: results,
    keyNumbers: keyNumbersOf(metrics, context.accountEquity),
    metrics,
  };
}

/** A rule's outcome, with a thrown error turned into a failure and the outcome made well formed. */
export function runRule(rule: ValidationRule, context: ValidationContext): RuleOutcome {
  let outcome: RuleOutcome;
  try {
    outcome = rule.check(context);
  } catch (error) {
    return { status: "fail", message: `The check could not run: ${errorText(error)}.` };
  }
  if (!outcome || !statuses.includes(outcome.status) || typeof outcome.message !== "string")
    return {
      status: "fail",
      message: `The check returned a malformed outcome: ${JSON.stringify(outcome)}.`,
    };
  const clean: RuleOutcome = { status: outcome.status, message: outcome.message };
  if (typeof outcome.value === "number" && Number.isFinite(outcome.value))
    clean.value = outcome.value;
  return clean;
}

/**
 * Any failed critical rule fails the strategy; otherwise any failed or warned critical or
 * warning rule makes it a warning; info rules and skipped rules never change the verdict.
 */
export function verdictOf(
  results: readonly Pick<RuleResult, "status" | "severity">[],
): ValidationReport["verdict"] {
  if (results.some((result) => result.severity === "critical" && result.status === "fail"))
    return "fail";
  if (
    results.some(
      (result) =>
        result.severity !== "info" && (result.status === "fail" || result.status === "warn"),
    )
  )
    return "warn";
  return "pass";
}
