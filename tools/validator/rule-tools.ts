import { z } from "zod";
import {
  builtInRules,
  customRuleProblem,
  metricCatalogue,
  ruleFamilies,
  severities,
} from "../../engine/validator/index.ts";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";

const RuleId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a rule id is kebab-case, e.g. "max-drawdown-cap"')
  .max(63);

export const listValidationRules = defineTool({
  name: "list_validation_rules",
  summary:
    "Every validation rule, built-in and your own, switched on or off, and the metrics your rules can use.",
  description:
    "Every validation rule, built-in and your own, with its family, severity and whether it is switched on; and the metrics your own rules can compare.",
  input: z
    .object({ family: z.enum(ruleFamilies).optional().describe("Only this family.") })
    .strict(),
  output: z.object({
    rules: z.array(
      z.object({
        id: z.string(),
        family: z.enum(ruleFamilies),
        severity: z.enum(severities),
        title: z.string(),
        builtIn: z.boolean(),
        enabled: z.boolean(),
      }),
    ),
    metrics: z.array(z.object({ name: z.string(), description: z.string() })),
  }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const disabled = new Set(await context.store.listDisabledRules());
    const custom = (await context.store.listCustomRules()).map((rule) => ({
      id: rule.id,
      family: "custom" as const,
      severity: rule.severity,
      title: `${rule.metric} ${rule.comparison} ${rule.threshold}${rule.message ? `: ${rule.message}` : ""}`,
      builtIn: false,
    }));
    const all = [
      ...builtInRules.map(({ id, family, severity, title }) => ({
        id,
        family,
        severity,
        title,
        builtIn: true,
      })),
      ...custom,
    ];
    return {
      rules: all
        .filter((rule) => input.family === undefined || rule.family === input.family)
        .map((rule) => ({ ...rule, enabled: !disabled.has(rule.id) })),
      metrics: metricCatalogue.map(({ name, description }) => ({ name, description })),
    };
  },
});

export const addValidationRule = defineTool({
  name: "add_validation_rule",
  summary: "Add a rule of your own as data: a metric, a comparison, a threshold and a severity.",
  description:
    'Add (or replace) a validation rule of your own, as data: a metric, a comparison and a threshold that must hold, e.g. {"id": "max-drawdown-cap", "metric": "max_drawdown", "comparison": "<=", "threshold": 0.25}. It runs beside the built-in rules in every validate_strategy from then on.',
  input: z
    .object({
      id: RuleId,
      metric: z.string().describe("A metric of list_validation_rules."),
      comparison: z
        .enum(["<", "<=", ">", ">="])
        .describe("The rule passes when `metric comparison threshold` holds."),
      threshold: z.number(),
      severity: z
        .enum(severities)
        .default("warning")
        .describe("critical: a failure fails the verdict; warning: warns; info: reported only."),
      message: z.string().max(500).optional().describe("Shown when the rule fails."),
    })
    .strict(),
  output: z.object({
    id: z.string(),
    created: z.boolean().describe("False when a rule of yours with this id was replaced."),
    metric: z.string(),
    comparison: z.enum(["<", "<=", ">", ">="]),
    threshold: z.number(),
    severity: z.enum(severities),
    message: z.string().nullable(),
    enabled: z
      .boolean()
      .describe("False when the id was switched off before: set_validation_rule switches it on."),
  }),
  effect: "write",
  idempotent: true,
  async run(input, context) {
    const problem = customRuleProblem(input);
    if (problem)
      throw invalidInput(`the rule cannot run: ${problem}`, [
        { path: ["metric"], message: problem },
      ]);
    const rule = { ...input, message: input.message ?? null };
    const { created } = await context.store.saveCustomRule(rule);
    const disabled = await context.store.listDisabledRules();
    return { ...rule, created, enabled: !disabled.includes(input.id) };
  },
});

export const setValidationRule = defineTool({
  name: "set_validation_rule",
  summary: "Switch a validation rule off or back on.",
  description:
    "Switch a validation rule (built-in or your own) off or back on; a switched-off rule reports as skipped.",
  input: z.object({ id: RuleId, enabled: z.boolean() }).strict(),
  output: z.object({ id: z.string(), enabled: z.boolean() }),
  effect: "write",
  idempotent: true,
  async run(input, context) {
    const known =
      builtInRules.some((rule) => rule.id === input.id) ||
      (await context.store.listCustomRules()).some((rule) => rule.id === input.id);
    if (!known) throw notFound(`no validation rule ${input.id}; list_validation_rules shows them`);
    await context.store.setRuleDisabled(input.id, !input.enabled);
    return input;
  },
});
