import type { ValidationContext } from "./context.ts";
import { metricNames, metricValue } from "./metrics.ts";
import { builtInRules } from "./rules/index.ts";
import { fixed } from "./rules/helpers.ts";
import { severities, type CustomRule, type RuleOutcome, type ValidationRule } from "./types.ts";

const comparisons = ["<", "<=", ">", ">="] as const;
const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const builtInIds = new Set(builtInRules.map((rule) => rule.id));

/** What is wrong with a custom rule, every problem at once, or undefined when it can run. */
export function customRuleProblem(rule: CustomRule): string | undefined {
  const problems: string[] = [];
  const candidate = rule as Partial<Record<keyof CustomRule, unknown>>;
  if (typeof candidate.id !== "string" || !kebabCase.test(candidate.id))
    problems.push(
      `id must be kebab-case like "max-drawdown-cap" (was ${JSON.stringify(candidate.id)})`,
    );
  else if (builtInIds.has(candidate.id))
    problems.push(
      `id "${candidate.id}" is a built-in rule's; choose another (disable the built-in instead)`,
    );
  if (typeof candidate.metric !== "string" || !metricNames.includes(candidate.metric))
    problems.push(
      `metric ${JSON.stringify(candidate.metric)} is unknown; use one of ${metricNames.join(", ")}`,
    );
  if (!(comparisons as readonly unknown[]).includes(candidate.comparison))
    problems.push(
      `comparison must be one of ${comparisons.join(" ")} (was ${JSON.stringify(candidate.comparison)})`,
    );
  if (typeof candidate.threshold !== "number" || !Number.isFinite(candidate.threshold))
    problems.push(`threshold must be a finite number (was ${String(candidate.threshold)})`);
  if (!(severities as readonly unknown[]).includes(candidate.severity))
    problems.push(
      `severity must be one of ${severities.join(", ")} (was ${JSON.stringify(candidate.severity)})`,
    );
  if (candidate.message !== undefined && typeof candidate.message !== "string")
    problems.push("message must be text");
  return problems.length > 0 ? problems.join("; ") : undefined;
}

function holds(value: number, comparison: CustomRule["comparison"], threshold: number): boolean {
  switch (comparison) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
  }
}

/** A checked custom rule as a rule of the "custom" family: it passes when `metric comparison threshold` holds. */
export function customValidationRule(rule: CustomRule): ValidationRule {
  const condition = `${rule.metric} ${rule.comparison} ${rule.threshold}`;
  return {
    id: rule.id,
    family: "custom",
    severity: rule.severity,
    title: `Custom: ${condition}`,
    check(context: ValidationContext): RuleOutcome {
      const value = metricValue(context, rule.metric);
      if (value === null)
        return {
          status: "skip",
          message: `${rule.metric} cannot be computed for this strategy (it needs data or inputs this validation lacks), so ${condition} was not checked.`,
        };
      if (holds(value, rule.comparison, rule.threshold))
        return {
          status: "pass",
          message: `${rule.metric} is ${fixed(value, 4)}: ${condition} holds.`,
          value,
        };
      return {
        status: "fail",
        message: `${rule.metric} is ${fixed(value, 4)}, but the rule asks ${condition}.${rule.message ? ` ${rule.message}` : ""}`,
        value,
      };
    },
  };
}
