import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { researchSourceKinds } from "../../tools/ports/research.ts";

function isCronPattern(pattern: string): boolean {
  try {
    CronExpressionParser.parse(pattern);
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** When a source is ingested: a cron pattern read in a time zone, as the job queue takes it. */
export const SourceSchedule = z.object({
  cron: z
    .string()
    .trim()
    .refine(isCronPattern, "not a cron pattern (minute hour day month weekday)")
    .describe(
      "Cron pattern (minute hour day month weekday), e.g. `30 6 * * 1-5` for 6:30 on weekdays.",
    ),
  timeZone: z
    .string()
    .refine(isTimeZone, "not an IANA time zone, e.g. America/New_York")
    .default("America/New_York")
    .describe("IANA time zone the pattern is read in."),
});

/**
 * A place research comes from, as data: what to fetch, how to read it, how much to trust it,
 * when. Its output is a `NewResearchSource` (tools/ports/research.ts), ready to store.
 */
export const ResearchSourceSpec = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .describe("Human-readable name, e.g. `Federal Reserve press releases`."),
  url: z.httpUrl().describe("The feed (kind `rss`, RSS or Atom) or page (kind `html`) to fetch."),
  kind: z
    .enum(researchSourceKinds)
    .describe("`rss` for an RSS or Atom feed, `html` for a web page."),
  credibility: z
    .number()
    .min(0)
    .max(1)
    .describe("How far its claims are trusted, 0 (not at all) to 1 (a primary source)."),
  category: z
    .string()
    .trim()
    .min(1)
    .describe("What it covers, e.g. `markets`, `macro`, `academic`, `central_bank`."),
  schedule: SourceSchedule,
});
export type ResearchSourceSpec = z.output<typeof ResearchSourceSpec>;
export type ResearchSourceSpecInput = z.input<typeof ResearchSourceSpec>;
