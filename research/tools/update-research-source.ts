import { z } from "zod";
import { defineTool } from "../../tools/define-tool.ts";
import { notFound } from "../../tools/errors.ts";
import { ResearchSourceView, sourceView } from "./research-source-view.ts";

export const updateResearchSource = defineTool({
  name: "update_research_source",
  summary:
    "Pause or resume a research source, rename it or change its credibility; its documents stay.",
  description:
    "Changes one research source: `paused: true` stops reading it (its stored documents stay searchable and in digests; ingest_research still reads it when named), `paused: false` reads it again on its schedule; `name` and `credibility` replace the old ones. Sources are never deleted: the documents they stored point at them.",
  input: z
    .object({
      sourceId: z
        .string()
        .regex(
          /^\d{1,18}$/,
          "must be a research source's id (digits, as list_research_sources shows it)",
        ),
      paused: z.boolean().optional().describe("true pauses it, false resumes it."),
      name: z.string().trim().min(1).max(200).optional(),
      credibility: z
        .number()
        .min(0)
        .max(1)
        .optional()
        .describe("How far its claims are trusted, 0 (not at all) to 1 (a primary source)."),
    })
    .strict()
    .refine(
      (input) =>
        input.paused !== undefined || input.name !== undefined || input.credibility !== undefined,
      { message: "give what to change: `paused`, `name` or `credibility`" },
    ),
  output: z.object({ source: ResearchSourceView }),
  effect: "write",
  idempotent: true,
  async run({ sourceId, paused, name, credibility }, { store, clock }) {
    const before = await store.requestResearchSource(sourceId);
    if (!before)
      throw notFound(`no research source has id ${sourceId}: list_research_sources lists them`);
    // Pausing a paused source keeps when it was paused.
    const pausedAtMs =
      paused === undefined || paused === (before.pausedAtMs !== null)
        ? undefined
        : paused
          ? clock.nowMs()
          : null;
    const source = await store.updateResearchSource(sourceId, {
      ...(name === undefined ? {} : { name }),
      ...(credibility === undefined ? {} : { credibility }),
      ...(pausedAtMs === undefined ? {} : { pausedAtMs }),
    });
    return { source: sourceView(source) };
  },
});
