import { CronExpressionParser } from "cron-parser";
import type {
  ResearchSchedule,
  ResearchSource,
  ResearchSourceKind,
} from "../../tools/ports/research.ts";

/**
 * How often a source without a schedule is read: a feed hourly (an unchanged one costs a 304), a
 * page, which holds one document, daily.
 */
export const defaultRefreshMinutes: Readonly<Record<ResearchSourceKind, number>> = {
  rss: 60,
  html: 1_440,
};

/** A read that started this long ago and never finished (the process died) no longer holds its source. */
export const readLeaseMs = 30 * 60_000;

/**
 * A source due this soon is read now: the research job ticks every 15 minutes, and a read that
 * started a few seconds into its slot must not push the next one a whole tick later.
 */
export const dueSlackMs = 5 * 60_000;

/**
 * After a failed read the source is tried again this long after it, doubling with each failure
 * in a row (15 min, 30 min, 1 h ...), but never later than its schedule's next read.
 */
export const firstRetryMs = 15 * 60_000;

export type SourceReadiness =
  | { due: true }
  | { due: false; reason: "scheduled"; nextReadAtMs: number }
  | { due: false; reason: "reading"; startedAtMs: number };

/** Its own schedule, or its kind's default. */
export function scheduleOf(source: Pick<ResearchSource, "schedule" | "kind">): ResearchSchedule {
  return source.schedule ?? { refreshMinutes: defaultRefreshMinutes[source.kind] };
}

/** When its last finished read started, good or failed; null before the first. */
function lastReadAtMs(source: ResearchSource): number | null {
  const times = [source.lastFetchedAtMs, source.lastErrorAtMs].filter((time) => time !== null);
  return times.length === 0 ? null : Math.max(...times);
}

/** The first time after `afterMs` the schedule calls for a read. */
function nextSlotAfter(schedule: ResearchSchedule, afterMs: number): number {
  if ("refreshMinutes" in schedule) return afterMs + schedule.refreshMinutes * 60_000;
  return CronExpressionParser.parse(schedule.cron, {
    currentDate: new Date(afterMs),
    tz: schedule.timeZone,
  })
    .next()
    .getTime();
}

/** When the source should next be read: at once before its first read, else by its schedule (sooner to retry a failure). */
export function nextReadAtMs(source: ResearchSource): number {
  const lastMs = lastReadAtMs(source);
  if (lastMs === null) return source.createdAtMs;
  const scheduledMs = nextSlotAfter(scheduleOf(source), lastMs);
  if (source.consecutiveFailures === 0) return scheduledMs;
  return Math.min(scheduledMs, lastMs + firstRetryMs * 2 ** (source.consecutiveFailures - 1));
}

/** Whether the source is due at `nowMs`, or why not: its next read is later, or a read is under way. */
export function readiness(source: ResearchSource, nowMs: number): SourceReadiness {
  const lastMs = lastReadAtMs(source);
  const startedAtMs = source.lastAttemptAtMs;
  if (
    startedAtMs !== null &&
    (lastMs === null || startedAtMs > lastMs) &&
    nowMs - startedAtMs < readLeaseMs
  ) {
    return { due: false, reason: "reading", startedAtMs };
  }
  if (lastMs === null) return { due: true };
  const nextMs = nextReadAtMs(source);
  return nextMs <= nowMs + dueSlackMs
    ? { due: true }
    : { due: false, reason: "scheduled", nextReadAtMs: nextMs };
}
