import { count } from "./format.ts";

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
