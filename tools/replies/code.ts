import { alpacaTypescriptInstall } from "../codegen/targets/alpaca-typescript.ts";
import { count, utc } from "./format.ts";

interface CodeOutput {
  code: string;
  filename: string;
  target: string;
  specHash: string;
  generatorVersion: string;
}

/** How a Pine script's alerts become orders waiting for approval. */
const pineAlerts =
  "For its alerts to trade through Alphadesk: set TRADINGVIEW_WEBHOOK_SECRET, run alphadesk serve behind HTTPS, paste the secret in the script's inputs, and point an alert (alert() function calls only) at https://<your host>/webhooks/tradingview; each alert becomes an order waiting for approval.";

/** How to run each target's program, as its README section says. */
const howToRun: Record<string, (file: string) => string> = {
  python: (file) =>
    `Run it: python3 ${file} bars.csv (bars in the import_bars CSV format) prints the trades its backtest makes.`,
  "alpaca-python": (file) =>
    `Replay it with python3 ${file} replay bars.csv; python3 ${file} live trades at Alpaca with APCA_API_KEY_ID and APCA_API_SECRET_KEY, on paper unless --live.`,
  "alpaca-typescript": (file) =>
    `Replay it with npx tsx ${file} replay bars.csv; npx tsx ${file} live trades at Alpaca with APCA_API_KEY_ID and APCA_API_SECRET_KEY, on paper unless --live.`,
  pine: () => `Add it to a chart in TradingView. ${pineAlerts}`,
  quantconnect: (file) => `Use it as ${file} of a QuantConnect (or Lean CLI) project.`,
  mt5: (file) =>
    `Compile ${file} in MetaEditor and attach it to a chart; its inputs map the broker's symbol names.`,
};

/** Checking a replaying program against its backtest: the bars it reads, then the command. */
const replaySteps = (command: string) => [
  'Export the bars it reads: "export its bars" writes them as a CSV (export_bars, the backtest\'s own bars).',
  `Check it: ${command} prints the trades as JSON, the backtest's trades to the cent (add --start, --end, --initial-cash as the backtest had them).`,
];

/** Trading at Alpaca from a generated program, which Alphadesk does not watch. */
const alpacaSteps = (command: string) => [
  "Put your Alpaca paper keys in the environment: export APCA_API_KEY_ID=... APCA_API_SECRET_KEY=...",
  `${command} live --once runs one pass on paper; without --once it runs until stopped, after every close. Add --live for real money only once paper has matched the backtest.`,
  "Its orders go to Alpaca directly, not through Alphadesk's risk gate and approvals; to trade with those, promote the strategy to paper in Alphadesk instead.",
];

/** Step by step, per target: what to install, how to check it against the backtest, how to run it. */
const runSteps: Record<string, (file: string) => string[]> = {
  python: (file) => [
    "It needs Python 3 and nothing else (standard library only).",
    ...replaySteps(`python3 ${file} bars.csv`),
    'It replays, it does not trade: "generate alpaca python code for it" makes one that trades.',
  ],
  "alpaca-python": (file) => [
    "Install Alpaca's SDK: pip install alpaca-py (Python 3).",
    ...replaySteps(`python3 ${file} replay bars.csv`),
    ...alpacaSteps(`python3 ${file}`),
  ],
  "alpaca-typescript": (file) => [
    `In a folder with Node 20 or later: ${alpacaTypescriptInstall}`,
    ...replaySteps(`npx tsx ${file} replay bars.csv`),
    ...alpacaSteps(`npx tsx ${file}`),
  ],
  pine: () => [
    "In TradingView, open the Pine Editor, paste the script, save it and Add to chart: a chart of the strategy's symbol on its timeframe.",
    "The Strategy Tester tab lists its trades: compare them with the backtest's.",
    pineAlerts,
  ],
  quantconnect: (file) => [
    `QuantConnect cloud: create a Python project, paste ${file} as main.py, set START_DATE, END_DATE and INITIAL_CASH at its top, then Backtest.`,
    "Or with the Lean CLI: save it as <project>/main.py and run lean backtest <project> (lean live for a brokerage).",
  ],
  mt5: (file) => [
    `Save it as MQL5/Experts/${file} and compile it in MetaEditor (F7).`,
    "Set InpSymbols to your broker's names of the strategy's symbols, then attach it to any chart with Algo Trading on, or run it in the Strategy Tester first.",
  ],
};

/** "How do I run it?" after a program was generated: numbered steps for its target. */
export function describeRunSteps(target: string, filename: string): string {
  const steps = runSteps[target]?.(filename) ?? [];
  return [
    `How to run ${filename} (${target}):`,
    ...steps.map((step, index) => `${index + 1}. ${step}`),
    "The program's header says the same, and where trading there can differ from the backtest.",
  ].join("\n");
}

/** generate_code: which program was made and how to run it; the program travels as a file. */
export function describeCode(result: CodeOutput): string {
  const made = `Generated ${result.filename} (${result.target}, generator ${result.generatorVersion}, ${count(result.code.split("\n").length, "line")}) for strategy ${result.specHash.slice(0, 12)}….`;
  const run = howToRun[result.target]?.(result.filename);
  return [
    made,
    ...(run ? [run] : []),
    'Step by step, with the check against the backtest: "how do I run it?"',
  ].join("\n");
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
