import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { codeTargetNames } from "./generate.ts";

const hex64 = (what: string) =>
  z.string().regex(/^[0-9a-f]{64}$/, `${what} is 64 lower-case hex digits`);

const GenerationSchema = z.object({
  generationId: z.string(),
  at: z.string().describe("When, ISO-8601 UTC."),
  actor: z.string().describe("Who asked for it."),
  strategyId: z.string(),
  strategyName: z.string(),
  target: z.string(),
  generatorVersion: z.string(),
  contentHash: z.string().describe("sha256 of the program's bytes; diff_generated_code takes it."),
  filename: z.string(),
  bytes: z.number().int(),
});

export const codeHistory = defineTool({
  name: "code_history",
  summary:
    "Every generate_code call: who, when, strategy, target, generator version and the program's content hash.",
  description:
    "The code generator's audit trail: every generate_code call, newest first, with who asked, the strategy (spec hash), target, generator version and the content hash of the program it produced. Filter by strategy and/or target. Equal content hashes are byte-identical programs.",
  input: z
    .object({
      strategyId: hex64("strategyId").optional().describe("Only this strategy's generations."),
      target: z.enum(codeTargetNames).optional().describe("Only this target's generations."),
      limit: z.number().int().min(1).max(500).default(20),
    })
    .strict(),
  output: z.object({ generations: z.array(GenerationSchema) }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const generations = await context.store.listCodeGenerations({
      specHash: input.strategyId,
      target: input.target,
      limit: input.limit,
    });
    return {
      generations: generations.map((generation) => ({
        generationId: generation.id,
        at: new Date(generation.createdAtMs).toISOString(),
        actor: generation.actor,
        strategyId: generation.specHash,
        strategyName: generation.strategyName,
        target: generation.target,
        generatorVersion: generation.generatorVersion,
        contentHash: generation.contentHash,
        filename: generation.filename,
        bytes: generation.bytes,
      })),
    };
  },
});
