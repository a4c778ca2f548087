import { createHash } from "node:crypto";
import { z } from "zod";
import type { StrategySpec } from "../../engine/strategy/spec.ts";
import { defineTool } from "../define-tool.ts";
import type { Store } from "../ports/store.ts";
import { StrategySpecSchema } from "../strategy/spec-schema.ts";
import { codeTargetNames, codeTargets, generateStrategyCode } from "./generate.ts";
import { storedSpec } from "../strategy/stored-spec.ts";
import { StrategyIdInput } from "../strategy/strategy-id.ts";

const targetList = codeTargetNames
  .map((name) => `"${name}": ${codeTargets[name].summary}`)
  .join("; ");

const GenerateCodeInput = z
  .object({
    strategyId: StrategyIdInput.optional().describe(
      "A stored strategy's id (backtest_strategy stores the strategies it runs).",
    ),
    spec: StrategySpecSchema.optional().describe("The strategy to render (or give `strategyId`)."),
    target: z.enum(codeTargetNames).describe(`What to generate: ${targetList}.`),
  })
  .strict()
  .refine((input) => (input.spec === undefined) !== (input.strategyId === undefined), {
    message: "give exactly one of `spec` or `strategyId`",
    path: ["spec"],
  });

const GenerateCodeOutput = z.object({
  code: z.string().describe("The generated program, documented inline."),
  filename: z.string().describe("A file name for it, e.g. sma_20_50_crossover.py."),
  target: z.enum(codeTargetNames),
  specHash: z.string().describe("The strategy's id: the content hash of its canonical spec."),
  generatorVersion: z
    .string()
    .describe(
      "The target generator's version: an unchanged spec and version give identical bytes.",
    ),
  contentHash: z
    .string()
    .describe("sha256 of the program's bytes: code_history and diff_generated_code name it so."),
  generationId: z.string().describe("This generation in the audit trail (code_history)."),
});

const GenerateCodeBrief = GenerateCodeOutput.omit({ code: true }).extend({
  lines: z.number().int().describe("How long the program is."),
});

export const generateCode = defineTool({
  name: "generate_code",
  summary:
    "A strategy as a program that trades exactly as its backtest: plain Python, Alpaca (Python or TypeScript), Pine Script, QuantConnect, MT5.",
  description: `Generate a runnable program from a strategy spec (or a stored strategy, by id) that does exactly what the backtest does: the same signals, fills and trades bar for bar. Targets: ${codeTargetNames.join(", ")}. The same spec always gives the same bytes; the file documents its logic and carries the spec hash and generator version.`,
  input: GenerateCodeInput,
  output: GenerateCodeOutput,
  // Each call is kept in the audit trail (code_history); the program itself is stored once.
  effect: "write",
  idempotent: true,
  // The model needs to know a program was made, not to read its thousand lines.
  brief: {
    output: GenerateCodeBrief,
    from: ({ code, ...rest }) => ({ ...rest, lines: code.split("\n").length }),
  },
  async run(input, context) {
    const spec = await specOf(context.store, input.spec, input.strategyId);
    const generated = generateStrategyCode(spec, input.target);
    // A spec given inline is stored like backtest_strategy stores it: the trail names a strategy.
    if (input.spec !== undefined)
      await context.store.saveStrategy({ id: generated.specHash, name: spec.name, spec });
    const contentHash = createHash("sha256").update(generated.code, "utf8").digest("hex");
    const generation = await context.store.recordCodeGeneration({
      contentHash,
      specHash: generated.specHash,
      target: generated.target,
      generatorVersion: generated.generatorVersion,
      filename: generated.filename,
      code: generated.code,
      actor: context.actor,
    });
    return { ...generated, contentHash, generationId: generation.id };
  },
});

async function specOf(
  store: Store,
  spec: StrategySpec | undefined,
  id: string | undefined,
): Promise<StrategySpec> {
  if (spec !== undefined) return spec;
  return storedSpec(store, id!);
}
