import { z } from "zod";
import { defineTool } from "../../tools/define-tool.ts";
import { ResearchSourceView, sourceView } from "./research-source-view.ts";

export const listResearchSources = defineTool({
  name: "list_research_sources",
  summary:
    "The research sources: feeds and pages, credibility, schedule, paused or not, last read and failures.",
  description:
    "Every research source in the order added: its id, name, URL, kind (rss or html), credibility, category, when it is read (its schedule or its kind's default) and next, whether it is paused, its last good read, and its failures in a row with the last error.",
  input: z.object({}).strict(),
  output: z.object({ sources: z.array(ResearchSourceView) }),
  effect: "read",
  idempotent: true,
  async run(_input, { store }) {
    return { sources: (await store.listResearchSources()).map(sourceView) };
  },
});
