import { count, utc } from "./format.ts";

interface Rule {
  severity: string;
  title: string;
  status: string;
  message: string;
}

interface ValidationOutput {
  strategyId: string;
  reportId: string;
  version: number;
  verdict: string;
  counts: Record<"pass" | "warn" | "fail" | "skip", number>;
  keyNumbers: { text: string }[];
  rules: Rule[];
  /** get_validation's: when the stored report was made. */
  createdAt?: string;
}

/** Failed rules a reply lists, critical ones first; the report holds them all. */
const shownFailures = 8;

/**
 * validate_strategy and get_validation: the verdict, the key numbers in words, and what failed
 * and why.
 */
export function describeValidation(result: ValidationOutput): string {
  const { counts } = result;
  const lines = [
    `Validation of strategy ${result.strategyId.slice(0, 12)}… (report ${result.reportId}, version ${result.version}${result.createdAt ? `, made ${utc(result.createdAt)}` : ""}): ${result.verdict.toUpperCase()}, ${count(counts.pass, "rule")} passed, ${counts.warn} warned, ${counts.fail} failed, ${counts.skip} did not apply.`,
    ...result.keyNumbers.map((key) => `- ${key.text}`),
  ];
  const failed = result.rules
    .filter((rule) => rule.status === "fail")
    .sort((a, b) => Number(b.severity === "critical") - Number(a.severity === "critical"));
  if (failed.length > 0) lines.push("Failed:");
  for (const rule of failed.slice(0, shownFailures))
    lines.push(
      `- ${rule.severity === "critical" ? "[critical] " : ""}${rule.title}: ${rule.message}`,
    );
  if (failed.length > shownFailures)
    lines.push(`… and ${failed.length - shownFailures} more in the report.`);
  return lines.join("\n");
}
