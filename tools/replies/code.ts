import { count, utc } from "./format.ts";

interface CodeOutput {
  code: string;
  filename: string;
  target: string;
  specHash: string;
  generatorVersion: string;
}

/** How to run each target's program, as its README section says. */
const howToRun: Record<string, (file: string) => string> = {
  python: (file) =>
    `Run it: python3 ${file} bars.csv (bars in the import_bars CSV format) prints the trades its backtest makes.`,
  "alpaca-python": (file) =>
    `Replay it with python3 ${file} replay bars.csv; python3 ${file} live trades at Alpaca with APCA_API_KEY_ID and APCA_API_SECRET_KEY, on paper unless --live.`,
  "alpaca-typescript": (file) =>
    `Replay it with npx tsx ${file} replay bars.csv; npx tsx ${file} live trades at Alpaca with APCA_API_KEY_ID and APCA_API_SECRET_KEY, on paper unless --live.`,
  pine: () =>
    "Add it to a chart in TradingView. For its alerts to trade through Alphadesk: set TRADINGVIEW_WEBHOOK_SECRET, run alphadesk serve behind HTTPS, paste the secret in the script's inputs, and point an alert (alert() function calls only) at https://<your host>/webhooks/tradingview; each alert becomes an order waiting for approval.",
  quantconnect: (file) => `Use it as ${file} of a QuantConnect (or Lean CLI) project.`,
  mt5: (file) =>
    `Compile ${file} in MetaEditor and attach it to a chart; its inputs map the broker's symbol names.`,
};

/** generate_code: which program was made and how to run it; the program travels as a file. */
export function describeCode(result: CodeOutput): string {
  const made = `Generated ${result.filename} (${result.target}, generator ${result.generatorVersion}, ${count(result.code.split("\n").length, "line")}) for strategy ${result.specHash.slice(0, 12)}….`;
  const run = howToRun[result.target]?.(result.filename);
  return run ? `${made}\n${run}` : made;
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

interface CodeHistoryOutput {
  generations: {
    at: string;
    actor: string;
    strategyId: string;
    strategyName: string;
    target: string;
    generatorVersion: string;
    contentHash: string;
    filename: string;
  }[];
}

/** code_history: each generated program, newest first, with its strategy and content hash. */
export function describeCodeHistory({ generations }: CodeHistoryOutput): string {
  if (generations.length === 0)
    return 'No program generated yet: make one with "generate python code for the last strategy".';
  return [
    `${count(generations.length, "generated program")}, newest first:`,
    ...generations.map(
      (row) =>
        `- ${utc(row.at)}: ${row.filename} (${row.target}, generator ${row.generatorVersion}, program ${row.contentHash.slice(0, 12)}…) of ${row.strategyName} (strategy ${row.strategyId.slice(0, 12)}…), asked by ${row.actor}`,
    ),
  ].join("\n");
}
