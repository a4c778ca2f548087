import { z } from "zod";
import { patternFamilies } from "../../engine/scanner/index.ts";
import { defineTool } from "../define-tool.ts";
import { FindingSchema, formatFinding } from "./finding-schema.ts";

export const listFindings = defineTool({
  name: "list_findings",
  summary:
    "Stored scanner findings with their history (first seen, times confirmed, decayed); backtest_strategy takes their ids.",
  description:
    "Stored scanner findings, most recently confirmed first, with their history (first seen, times confirmed, decayed).",
  input: z
    .object({
      limit: z.number().int().min(1).max(1000).default(50).describe("How many (default 50)."),
      pattern: z.enum(patternFamilies).optional().describe("Only this pattern family."),
      includeDecayed: z
        .boolean()
        .default(false)
        .describe("Also findings a later scan no longer found (default false)."),
    })
    .strict(),
  output: z.object({ findings: z.array(FindingSchema) }),
  effect: "read",
  idempotent: true,
  async run(input, context) {
    const findings = await context.store.listFindings({
      limit: input.limit,
      includeDecayed: input.includeDecayed,
      ...(input.pattern ? { pattern: input.pattern } : {}),
    });
    return { findings: findings.map(formatFinding) };
  },
});
