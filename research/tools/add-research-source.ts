import { z } from "zod";
import { defineTool } from "../../tools/define-tool.ts";
import { researchSourceKinds } from "../../tools/ports/research.ts";
import { canonicalUrl } from "../fetch/normalize.ts";
import { SourceSchedule } from "../sources/research-source.ts";
import { defaultRefreshMinutes } from "../sources/source-schedule.ts";

/** Why `value` cannot be a source's URL, or undefined when it can. */
function urlProblem(value: string): string | undefined {
  if (!URL.canParse(value)) {
    return `must be an absolute http(s) URL, e.g. https://www.federalreserve.gov/feeds/press_all.xml (was ${JSON.stringify(value)})`;
  }
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `must use http or https (was ${url.protocol.slice(0, -1)})`;
  }
  if (url.username || url.password) {
    return "must not carry a user name or password: sources are fetched without credentials";
  }
  return undefined;
}

/** An absolute http(s) URL in its canonical spelling, so one source is one row. */
const SourceUrl = z
  .string()
  .trim()
  .max(2048)
  .transform((value, context) => {
    const problem = urlProblem(value);
    if (!problem) return canonicalUrl(value);
    context.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  })
  .describe("The feed's or page's http(s) URL.");

export const addResearchSource = defineTool({
  name: "add_research_source",
  summary:
    "Add an RSS/Atom feed or a web page to the research sources, with a credibility and a schedule.",
  description:
    "Adds a research source (an RSS/Atom feed or a web page) to fetch on its own schedule (a cron pattern or every so many minutes); a URL already added answers with the existing source's id.",
  input: z
    .object({
      url: SourceUrl,
      kind: z
        .enum(researchSourceKinds)
        .describe("`rss` for an RSS or Atom feed, `html` for one web page."),
      name: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .optional()
        .describe("A human-readable name (default: the URL's host)."),
      credibility: z
        .number()
        .min(0)
        .max(1)
        .default(0.5)
        .describe(
          "How far its claims are trusted, 0 (not at all) to 1 (a primary source); default 0.5.",
        ),
      category: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe("What it covers, e.g. `markets`, `macro`, `academic`, `central_bank`."),
      schedule: SourceSchedule.optional().describe(
        `When to fetch it: \`{cron, timeZone?}\` or \`{refreshMinutes}\` (default: every ${defaultRefreshMinutes.rss} minutes for a feed, every ${defaultRefreshMinutes.html / 60} hours for a page).`,
      ),
    })
    .strict(),
  output: z.object({
    id: z.string().describe("The source's id."),
    created: z.boolean().describe("False when the URL was already a source (nothing changed)."),
  }),
  effect: "write",
  idempotent: true,
  async run(input, context) {
    const { source, created } = await context.store.addResearchSource({
      url: input.url,
      kind: input.kind,
      name: input.name ?? new URL(input.url).hostname,
      credibility: input.credibility,
      category: input.category ?? null,
      schedule: input.schedule ?? null,
    });
    return { id: source.id, created };
  },
});
