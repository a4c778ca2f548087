import { count, fixed, findingSymbols } from "./format.ts";

interface Finding {
  id: string;
  pattern: string;
  symbols: string[];
  direction: string;
  qValue: number;
  outOfSample: { sharpe: number | null; trades: number };
  specFidelity: string;
  decayed: string | null;
}

interface NearMiss {
  pattern: string;
  symbols: string[];
  direction: string;
  qValue: number;
  reason: "q_above_alpha" | "not_confirmed";
  outOfSample: { sharpe: number | null; trades: number };
}

interface ScanOutput {
  symbolsScanned: number;
  candidatesTested: number;
  findings: Finding[];
  decayed: number;
  alpha?: number;
  nearMisses?: NearMiss[];
}

/** scan_markets: what was tested, what survived the correction, the first findings by rank. */
export function describeScan(result: ScanOutput): string {
  const head = `Scanned ${count(result.symbolsScanned, "symbol")} (${count(result.candidatesTested, "candidate")} tested): ${count(result.findings.length, "finding")} survived the multiple-testing correction${result.decayed > 0 ? `, ${result.decayed} earlier ${result.decayed === 1 ? "finding no longer holds" : "findings no longer hold"}` : ""}.`;
  return [
    head,
    ...findingLines(result.findings, 5, ': "show the latest findings"'),
    ...(result.findings.length === 0 ? missLines(result) : []),
  ].join("\n");
}

/** With nothing found: what came closest and why it is not a finding, so the scan is no dead end. */
function missLines({ nearMisses = [], alpha, candidatesTested }: ScanOutput): string[] {
  const level = alpha === undefined ? "the scan's level" : String(alpha);
  if (nearMisses.length === 0)
    return [`No candidate reached p <= ${level} even before the correction.`];
  return [
    "Closest, none of them a finding:",
    ...nearMisses.map((miss) => {
      const what = `- ${miss.pattern} ${findingSymbols(miss.symbols)} (${miss.direction.replace("_", "/")}): q ${miss.qValue.toPrecision(2)}`;
      return miss.reason === "q_above_alpha"
        ? `${what}, above ${level} once all ${count(candidatesTested, "candidate")} are counted`
        : `${what}, but it did not hold out of sample after costs (Sharpe ${fixed(miss.outOfSample.sharpe)} over ${count(miss.outOfSample.trades, "trade")})`;
    }),
  ];
}

/** list_findings: the stored findings, newest evidence first. */
export function describeFindings({ findings }: { findings: Finding[] }): string {
  if (findings.length === 0) return 'No findings stored: run a scan first ("scan the markets").';
  return [`${count(findings.length, "stored finding")}:`, ...findingLines(findings, 20, "")].join(
    "\n",
  );
}

/** The first `shown` findings, a line each, then how to see the rest (`more`) and backtest one. */
function findingLines(findings: Finding[], shown: number, more: string): string[] {
  if (findings.length === 0) return [];
  const lines = findings.slice(0, shown).map((finding) => {
    const oos = finding.outOfSample;
    return `- #${finding.id} ${finding.pattern} ${findingSymbols(finding.symbols)} (${finding.direction.replace("_", "/")}): q ${finding.qValue.toExponential(1)}, out of sample Sharpe ${fixed(oos.sharpe)} over ${count(oos.trades, "trade")}${finding.specFidelity === "proxy" ? ", spec is a proxy" : ""}${finding.decayed ? `, decayed ${finding.decayed.slice(0, 10)}` : ""}`;
  });
  if (findings.length > shown) lines.push(`… and ${findings.length - shown} more${more}.`);
  const first = findings[0]!.id;
  lines.push(
    `Backtest one with "backtest finding #${first}", or validate it against every candidate its scan tested with "validate finding #${first}".`,
  );
  const pair = findings.slice(0, shown).find((finding) => finding.pattern === "pairs");
  if (pair)
    lines.push(
      `A pairs finding's spec trades one leg as a proxy; "pairs trade ${pair.symbols.join(" and ")}" backtests the spread itself, both legs.`,
    );
  return lines;
}
