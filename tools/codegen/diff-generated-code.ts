import { createTwoFilesPatch, structuredPatch } from "diff";
import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { invalidInput, notFound } from "../errors.ts";
import type { GeneratedProgram } from "../ports/code-generations.ts";
import type { Store } from "../ports/store.ts";
import { codeTargetNames } from "./generate.ts";

const hex64 = (what: string) =>
  z.string().regex(/^[0-9a-f]{64}$/, `${what} is 64 lower-case hex digits`);

const ProgramSchema = z.object({
  contentHash: z.string(),
  strategyId: z.string(),
  strategyName: z.string(),
  target: z.string(),
  generatorVersion: z.string(),
  filename: z.string(),
});

const DiffOutput = z.object({
  from: ProgramSchema,
  to: ProgramSchema,
  identical: z.boolean(),
  linesAdded: z.number().int(),
  linesRemoved: z.number().int(),
  diff: z.string().describe("Unified diff from `from` to `to`; empty when identical."),
});

/** The model reads the start of a long diff; the person gets all of it. */
const briefDiffCharacters = 4000;

export const diffGeneratedCode = defineTool({
  name: "diff_generated_code",
  summary: "A unified diff between two generated programs (by hash, or a strategy's two newest).",
  description:
    "A unified diff between two programs generate_code produced: give their content hashes (`from`, `to`, from code_history), or a strategy and target to compare the two newest distinct programs generated for it (after a generator upgrade, say).",
  input: z
    .object({
      from: hex64("from").optional().describe("Content hash of the older program."),
      to: hex64("to").optional().describe("Content hash of the newer program."),
      strategyId: hex64("strategyId").optional(),
      target: z.enum(codeTargetNames).optional(),
      context: z
        .number()
        .int()
        .min(0)
        .max(50)
        .default(3)
        .describe("Unchanged lines around each change."),
    })
    .strict()
    .refine(
      (input) =>
        input.from !== undefined && input.to !== undefined
          ? input.strategyId === undefined && input.target === undefined
          : input.from === undefined &&
            input.to === undefined &&
            input.strategyId !== undefined &&
            input.target !== undefined,
      { message: "give both `from` and `to`, or `strategyId` and `target` (not both ways)" },
    ),
  output: DiffOutput,
  effect: "read",
  idempotent: true,
  brief: {
    output: DiffOutput,
    from: (result) =>
      result.diff.length <= briefDiffCharacters
        ? result
        : { ...result, diff: `${result.diff.slice(0, briefDiffCharacters)}\n… (diff cut here)` },
  },
  async run(input, context) {
    const [from, to] =
      input.from !== undefined && input.to !== undefined
        ? [await program(context.store, input.from), await program(context.store, input.to)]
        : await newestTwo(context.store, input.strategyId!, input.target!);
    const patch = structuredPatch(from.filename, to.filename, from.code, to.code, "", "", {
      context: input.context,
    });
    const lines = patch.hunks.flatMap((hunk) => hunk.lines);
    const identical = from.contentHash === to.contentHash;
    return {
      from: describe(from),
      to: describe(to),
      identical,
      linesAdded: lines.filter((line) => line.startsWith("+")).length,
      linesRemoved: lines.filter((line) => line.startsWith("-")).length,
      diff: identical
        ? ""
        : createTwoFilesPatch(
            `${from.filename} (${from.contentHash.slice(0, 12)}, ${from.generatorVersion})`,
            `${to.filename} (${to.contentHash.slice(0, 12)}, ${to.generatorVersion})`,
            from.code,
            to.code,
            undefined,
            undefined,
            { context: input.context },
          ),
    };
  },
});

type StoredProgram = GeneratedProgram & { code: string };

async function program(store: Store, contentHash: string): Promise<StoredProgram> {
  const found = await store.requestGeneratedProgram(contentHash);
  if (!found)
    throw notFound(`no generated program ${contentHash}; code_history lists the stored ones`);
  return found;
}

/** The newest program of a strategy and target, and the newest different one before it. */
async function newestTwo(
  store: Store,
  specHash: string,
  target: string,
): Promise<[StoredProgram, StoredProgram]> {
  const generations = await store.listCodeGenerations({ specHash, target, limit: 500 });
  const distinct = [...new Set(generations.map((generation) => generation.contentHash))];
  if (distinct.length < 2) {
    throw invalidInput(
      distinct.length === 0
        ? `no ${target} program was generated for strategy ${specHash}; generate_code makes one`
        : `only one ${target} program was generated for strategy ${specHash}: nothing to compare yet`,
    );
  }
  return [await program(store, distinct[1]!), await program(store, distinct[0]!)];
}

function describe(program: StoredProgram): z.infer<typeof ProgramSchema> {
  return {
    contentHash: program.contentHash,
    strategyId: program.specHash,
    strategyName: program.strategyName,
    target: program.target,
    generatorVersion: program.generatorVersion,
    filename: program.filename,
  };
}
