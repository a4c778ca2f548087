import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

const rule = (id: string, family: string, severity: string, enabled = true, builtIn = true) => ({
  id,
  family,
  severity,
  title: `Title of ${id}`,
  builtIn,
  enabled,
});
const metrics = [
  { name: "sharpe", description: "Sharpe ratio" },
  { name: "max_drawdown", description: "Largest fall" },
];

describe("list_validation_rules", () => {
  it("lists a few rules one by one, critical ones marked, switched-off ones said", () => {
    const reply = describeResult("list_validation_rules", {
      rules: [
        rule("robustness-doubled-costs", "robustness", "warning"),
        rule("robustness-one-bar-delay", "robustness", "info", false),
        rule("significance-t-stat", "significance", "critical"),
      ],
      metrics,
    });
    expect(reply.split("\n")).toEqual([
      "3 validation rules (0 your own), 1 switched off.",
      "- Title of robustness-doubled-costs (robustness-doubled-costs)",
      "- Title of robustness-one-bar-delay (robustness-one-bar-delay, switched off)",
      "- [critical] Title of significance-t-stat (significance-t-stat)",
      "Metrics your own rules can compare: sharpe, max_drawdown.",
    ]);
  });

  it("sums many rules up by family and severity, then names the critical, switched-off and own ones", () => {
    const many = Array.from({ length: 24 }, (_, index) =>
      rule(`data-${index}`, "data_integrity", index < 20 ? "warning" : "info"),
    );
    const reply = describeResult("list_validation_rules", {
      rules: [
        rule("lookahead-truncated-signals", "look_ahead", "critical"),
        ...many,
        rule("robustness-one-bar-delay", "robustness", "info", false),
        rule("equities-pattern-day-trader", "equities", "critical", false),
        { ...rule("sharpe-floor", "custom", "warning", true, false), title: "sharpe >= 0.8" },
      ],
      metrics,
    });
    expect(reply.split("\n")).toEqual([
      "28 validation rules (1 your own), 2 switched off.",
      "By family: look ahead 1, data integrity 24, robustness 1, equities 1, custom 1.",
      "By severity: critical 2, warning 21, info 5.",
      "Critical (a failure fails the verdict):",
      "- Title of lookahead-truncated-signals (lookahead-truncated-signals)",
      "- Title of equities-pattern-day-trader (equities-pattern-day-trader, switched off)",
      "Switched off or your own:",
      "- Title of robustness-one-bar-delay (robustness-one-bar-delay, switched off)",
      "- sharpe >= 0.8 (sharpe-floor)",
      "Metrics your own rules can compare: sharpe, max_drawdown.",
    ]);
  });
});

describe("add_validation_rule and set_validation_rule", () => {
  const added = {
    id: "max-drawdown-cap",
    created: true,
    metric: "max_drawdown",
    comparison: "<=",
    threshold: 0.25,
    severity: "critical",
    message: "too deep",
    enabled: true,
  };

  it("says what the rule now says and whether it runs", () => {
    expect(describeResult("add_validation_rule", added).split("\n")).toEqual([
      'Added validation rule max-drawdown-cap: max_drawdown <= 0.25 must hold; critical (a failure fails the verdict); when it fails: "too deep".',
      "validate_strategy checks it from now on.",
    ]);
    expect(
      describeResult("add_validation_rule", {
        ...added,
        created: false,
        severity: "info",
        message: null,
        enabled: false,
      }).split("\n"),
    ).toEqual([
      "Replaced validation rule max-drawdown-cap: max_drawdown <= 0.25 must hold; info (reported only).",
      'It is switched off: switch it on with "turn the rule max-drawdown-cap back on".',
    ]);
  });

  it("says which rule is now on or off", () => {
    expect(
      describeResult("set_validation_rule", { id: "robustness-one-bar-delay", enabled: false }),
    ).toBe(
      "Validation rule robustness-one-bar-delay is switched off: validate_strategy reports it as skipped.",
    );
    expect(describeResult("set_validation_rule", { id: "sharpe-floor", enabled: true })).toBe(
      "Validation rule sharpe-floor is switched on: validate_strategy checks it again.",
    );
  });
});
