/** A user's rule, as data: `metric comparison threshold` must hold, else it reports at `severity`. */
export interface StoredCustomRule {
  id: string;
  metric: string;
  comparison: "<" | "<=" | ">" | ">=";
  threshold: number;
  severity: "critical" | "warning" | "info";
  message: string | null;
  createdAtMs: number;
}

export interface StoredValidationReport {
  id: string;
  strategyId: string;
  /** 1 for a strategy's first report, then 2, 3, ... */
  version: number;
  verdict: "pass" | "warn" | "fail";
  report: unknown;
  createdAtMs: number;
}

/** Custom validation rules, rule switches, and validation reports versioned per strategy. */
export interface ValidationStore {
  /** Adds a rule, or replaces the one with the same id; `created` tells which. */
  saveCustomRule(rule: Omit<StoredCustomRule, "createdAtMs">): Promise<{ created: boolean }>;
  listCustomRules(): Promise<StoredCustomRule[]>;
  /** Switches a rule (built-in or custom) off or back on. */
  setRuleDisabled(id: string, disabled: boolean): Promise<void>;
  listDisabledRules(): Promise<string[]>;
  /** Stores a report as the strategy's next version. */
  saveValidationReport(
    report: Pick<StoredValidationReport, "strategyId" | "verdict" | "report">,
  ): Promise<StoredValidationReport>;
  /** The strategy's newest report. */
  latestValidationReport(strategyId: string): Promise<StoredValidationReport | undefined>;
}
