import { z } from "zod";
import type { ResearchSource } from "../../tools/ports/research.ts";
import { isoTime } from "../../tools/time-input.ts";
import { nextReadAtMs, scheduleOf } from "../sources/source-schedule.ts";

/** A research source as list_research_sources and update_research_source show it. */
export const ResearchSourceView = z.object({
  id: z.string().describe("ingest_research and update_research_source take it."),
  name: z.string(),
  url: z.string(),
  kind: z.enum(["rss", "html"]),
  credibility: z.number(),
  category: z.string().nullable(),
  schedule: z
    .union([
      z.object({ cron: z.string(), timeZone: z.string() }),
      z.object({ refreshMinutes: z.number().int() }),
    ])
    .describe("When it is read: its own schedule, or its kind's default interval."),
  paused: z.boolean().describe("A paused source is not read until resumed."),
  lastReadAt: z.string().nullable().describe("The last good read."),
  nextReadAt: z.string().nullable().describe("When it is read next; null while paused."),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
});

export function sourceView(source: ResearchSource): z.input<typeof ResearchSourceView> {
  return {
    id: source.id,
    name: source.name,
    url: source.url,
    kind: source.kind,
    credibility: source.credibility,
    category: source.category,
    schedule: scheduleOf(source),
    paused: source.pausedAtMs !== null,
    lastReadAt: source.lastFetchedAtMs === null ? null : isoTime(source.lastFetchedAtMs),
    nextReadAt: source.pausedAtMs === null ? isoTime(nextReadAtMs(source)) : null,
    lastError: source.consecutiveFailures > 0 ? source.lastError : null,
    consecutiveFailures: source.consecutiveFailures,
  };
}
