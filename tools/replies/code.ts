import { count, utc } from "./format.ts";

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
