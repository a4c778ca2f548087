import { count } from "./format.ts";

interface DemoMarketOutput {
  imported: number;
  symbols: { symbol: string }[];
  corporateActions: number;
  firstTime: string | null;
  lastTime: string | null;
  note: string;
}

/** generate_demo_market: what was stored, over which dates, and what to try next. */
export function describeDemoMarket(result: DemoMarketOutput): string {
  const symbols = result.symbols.map((row) => row.symbol);
  const span =
    result.firstTime && result.lastTime
      ? ` from ${result.firstTime.slice(0, 10)} to ${result.lastTime.slice(0, 10)}`
      : "";
  return [
    `Stored ${count(result.imported, "daily bar")} of ${count(result.symbols.length, "symbol")}${span}, with ${count(result.corporateActions, "split or dividend", "splits and dividends")}. ${result.note}`,
    `Try: "backtest a 20/50 moving average crossover on ${symbols.includes("SPY") ? "SPY" : symbols[0]}" or "scan the markets".`,
  ].join("\n");
}

interface UniversesOutput {
  universes: { name: string; description?: string | null; symbols: string[]; builtin: boolean }[];
}

/** list_universes: each list by name, with its size and what it holds. */
export function describeUniverses({ universes }: UniversesOutput): string {
  return [
    `${count(universes.length, "universe")}:`,
    ...universes.map(
      (universe) =>
        `- ${universe.name} (${count(universe.symbols.length, "symbol")}${universe.builtin ? ", built in" : ""})${universe.description ? `: ${universe.description}` : ""}`,
    ),
  ].join("\n");
}

interface AuditCheckOutput {
  ok: boolean;
  rows: number;
  firstBadId?: string;
  problem?: string;
}

/** verify_audit_log: intact or not, and where it breaks. */
export function describeAuditCheck(result: AuditCheckOutput): string {
  return result.ok
    ? `The audit trail is intact: ${count(result.rows, "entry", "entries")} checked, every hash recomputed.`
    : `The audit trail does NOT verify: entry ${result.firstBadId ?? "?"} ${result.problem ?? "is wrong"} (${count(result.rows, "entry", "entries")} checked).`;
}

interface CodeOutput {
  code: string;
  filename: string;
  target: string;
  specHash: string;
  generatorVersion: string;
}

/** generate_code: which program was made; the program itself travels as a file. */
export function describeCode(result: CodeOutput): string {
  return `Generated ${result.filename} (${result.target}, generator ${result.generatorVersion}, ${count(result.code.split("\n").length, "line")}) for strategy ${result.specHash.slice(0, 12)}….`;
}

interface Program {
  contentHash: string;
  filename: string;
  generatorVersion: string;
}

interface DiffOutput {
  from: Program;
  to: Program;
  identical: boolean;
  linesAdded: number;
  linesRemoved: number;
  diff: string;
}

/** diff_generated_code: the two programs and the whole unified diff (a person reads all of it). */
export function describeDiff(result: DiffOutput): string {
  const name = (program: Program) =>
    `${program.filename} (generator ${program.generatorVersion}, ${program.contentHash.slice(0, 12)}…)`;
  if (result.identical) return `${name(result.from)} and ${name(result.to)} are identical.`;
  return [
    `From ${name(result.from)} to ${name(result.to)}: ${count(result.linesAdded, "line")} added, ${result.linesRemoved} removed.`,
    result.diff.trimEnd(),
  ].join("\n");
}
