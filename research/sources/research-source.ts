import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import {
  refreshMinutesRange,
  researchSourceKinds,
  type ResearchSchedule,
} from "../../tools/ports/research.ts";

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

const { min: fewestMinutes, max: mostMinutes } = refreshMinutesRange;

/**
 * When a source is read: at the slots of a cron pattern read in a time zone, or every
 * `refreshMinutes`; one of the two. Without a schedule a source is read as often as its kind's
 * default (`defaultRefreshMinutes`).
 */
export const SourceSchedule = z
  .object({
    cron: z
      .string()
      .trim()
      .refine(isCronPattern, "not a cron pattern (minute hour day month weekday)")
      .optional()
      .describe(
        "Cron pattern (minute hour day month weekday), e.g. `30 6 * * 1-5` for 6:30 on weekdays. Give this or `refreshMinutes`.",
      ),
    timeZone: z
      .string()
      .refine(isTimeZone, "not an IANA time zone, e.g. America/New_York")
      .optional()
      .describe("IANA time zone `cron` is read in (default America/New_York)."),
    refreshMinutes: z
      .number()
      .int()
      .min(
        fewestMinutes,
        `must be at least ${fewestMinutes}: the research job looks for due sources every ${fewestMinutes} minutes`,
      )
      .max(mostMinutes, `must be at most ${mostMinutes} (30 days)`)
      .optional()
      .describe(
        `Read every this many minutes (${fewestMinutes} to ${mostMinutes}), counted from the last read. Give this or \`cron\`.`,
      ),
  })
  .strict()
  .superRefine((schedule, context) => {
    const issue = (path: string[], message: string) =>
      context.addIssue({ code: "custom", path, message });
    if (schedule.cron === undefined && schedule.refreshMinutes === undefined) {
      issue([], "give `cron` (e.g. `0 6 * * 1-5`) or `refreshMinutes` (e.g. 60)");
    }
    if (schedule.cron !== undefined && schedule.refreshMinutes !== undefined) {
      issue(["refreshMinutes"], "give `cron` or `refreshMinutes`, not both");
    }
    if (schedule.timeZone !== undefined && schedule.refreshMinutes !== undefined) {
      issue(["timeZone"], "only applies to `cron`: `refreshMinutes` counts from the last read");
    }
  })
  .transform((schedule): ResearchSchedule =>
    schedule.refreshMinutes !== undefined
      ? { refreshMinutes: schedule.refreshMinutes }
      : { cron: schedule.cron!, timeZone: schedule.timeZone ?? "America/New_York" },
  );

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
