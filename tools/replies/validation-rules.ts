import { count, inWords } from "./format.ts";

interface Rule {
  id: string;
  family: string;
  severity: string;
  title: string;
  builtIn: boolean;
  enabled: boolean;
}

interface RulesOutput {
  rules: Rule[];
  metrics: { name: string }[];
}

/** Up to this many rules a reply lists one by one (one family's); more are summed up by group. */
const listedWhole = 25;

/** A rule by its title and id; `marked` flags a critical one (a list of several severities). */
const ruleLine = (rule: Rule, marked = true) =>
  `- ${marked && rule.severity === "critical" ? "[critical] " : ""}${rule.title} (${rule.id}${rule.enabled ? "" : ", switched off"})`;

/** "data integrity 18, look ahead 10": how many of the rules each group holds, in first-seen order. */
function tally(rules: Rule[], groupOf: (rule: Rule) => string): string {
  const sizes = new Map<string, number>();
  for (const rule of rules) sizes.set(groupOf(rule), (sizes.get(groupOf(rule)) ?? 0) + 1);
  return [...sizes].map(([group, size]) => `${group} ${size}`).join(", ");
}

/**
 * list_validation_rules: a few rules one by one; the whole set by family and severity, with the
 * critical ones, those switched off and your own named.
 */
export function describeRules({ rules, metrics }: RulesOutput): string {
  const off = rules.filter((rule) => !rule.enabled);
  const own = rules.filter((rule) => !rule.builtIn);
  const lines = [
    `${count(rules.length, "validation rule")} (${own.length} your own), ${off.length} switched off.`,
  ];
  if (rules.length <= listedWhole) lines.push(...rules.map((rule) => ruleLine(rule)));
  else {
    const critical = rules.filter((rule) => rule.severity === "critical");
    lines.push(
      `By family: ${tally(rules, (rule) => inWords(rule.family))}.`,
      `By severity: ${tally(rules, (rule) => rule.severity)}.`,
      "Critical (a failure fails the verdict):",
      ...critical.map((rule) => ruleLine(rule, false)),
    );
    const rest = rules.filter(
      (rule) => rule.severity !== "critical" && (!rule.enabled || !rule.builtIn),
    );
    if (rest.length > 0)
      lines.push("Switched off or your own:", ...rest.map((rule) => ruleLine(rule)));
  }
  lines.push(
    `Metrics your own rules can compare: ${metrics.map((metric) => metric.name).join(", ")}.`,
  );
  return lines.join("\n");
}

interface RuleAdded {
  id: string;
  created: boolean;
  metric: string;
  comparison: string;
  threshold: number;
  severity: string;
  message: string | null;
  enabled: boolean;
}

const severityMeaning: Record<string, string> = {
  critical: "a failure fails the verdict",
  warning: "a failure warns",
  info: "reported only",
};

/** add_validation_rule: the rule as saved, and whether it runs. */
export function describeRuleAdded(rule: RuleAdded): string {
  return [
    `${rule.created ? "Added" : "Replaced"} validation rule ${rule.id}: ${rule.metric} ${rule.comparison} ${rule.threshold} must hold; ${rule.severity} (${severityMeaning[rule.severity] ?? rule.severity})${rule.message ? `; when it fails: "${rule.message}"` : ""}.`,
    rule.enabled
      ? "validate_strategy checks it from now on."
      : `It is switched off: switch it on with "turn the rule ${rule.id} back on".`,
  ].join("\n");
}

/** set_validation_rule: which rule is now on or off. */
export function describeRuleSet({ id, enabled }: { id: string; enabled: boolean }): string {
  return enabled
    ? `Validation rule ${id} is switched on: validate_strategy checks it again.`
    : `Validation rule ${id} is switched off: validate_strategy reports it as skipped.`;
}
