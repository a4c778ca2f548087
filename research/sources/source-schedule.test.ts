import { describe, expect, it } from "vitest";
import type { ResearchSource } from "../../tools/ports/research.ts";
import { nextReadAtMs, readiness, scheduleOf } from "./source-schedule.ts";

const minuteMs = 60_000;
/** Friday 2 January 2026, 11:00 UTC = 06:00 in New York (EST, UTC-5). */
const fridaySixNewYork = Date.UTC(2026, 0, 2, 11, 0);

function source(fields: Partial<ResearchSource> = {}): ResearchSource {
  return {
    id: "1",
    url: "https://feeds.example/rss",
    kind: "rss",
    name: "Example",
    credibility: 0.5,
    category: null,
    schedule: null,
    etag: null,
    lastModified: null,
    lastFetchedAtMs: null,
    createdAtMs: fridaySixNewYork - 60 * minuteMs,
    lastAttemptAtMs: null,
    lastError: null,
    lastErrorAtMs: null,
    consecutiveFailures: 0,
    pausedAtMs: null,
    ...fields,
  };
}

const weekdaysAtSix = { cron: "0 6 * * 1-5", timeZone: "America/New_York" };

describe("a research source's schedule", () => {
  it("defaults by kind: a feed hourly, a page daily", () => {
    expect(scheduleOf(source())).toEqual({ refreshMinutes: 60 });
    expect(scheduleOf(source({ kind: "html" }))).toEqual({ refreshMinutes: 1440 });
    expect(scheduleOf(source({ schedule: weekdaysAtSix }))).toEqual(weekdaysAtSix);
  });

  it("is due at once before its first read", () => {
    expect(readiness(source(), fridaySixNewYork)).toEqual({ due: true });
  });

  it("counts an interval from the start of the last good read, with five minutes of slack", () => {
    const read = source({ lastFetchedAtMs: fridaySixNewYork, lastAttemptAtMs: fridaySixNewYork });
    expect(nextReadAtMs(read)).toBe(fridaySixNewYork + 60 * minuteMs);
    // The 06:45 tick: not yet, and says when.
    expect(readiness(read, fridaySixNewYork + 45 * minuteMs)).toEqual({
      due: false,
      reason: "scheduled",
      nextReadAtMs: fridaySixNewYork + 60 * minuteMs,
    });
    // A tick a few seconds before the hour (the read started late last time) still reads it.
    expect(readiness(read, fridaySixNewYork + 59 * minuteMs).due).toBe(true);
  });

  it("reads a cron pattern in its time zone: Friday 06:00 New York is next due Monday 06:00", () => {
    const read = source({
      schedule: weekdaysAtSix,
      lastFetchedAtMs: fridaySixNewYork,
      lastAttemptAtMs: fridaySixNewYork,
    });
    const mondaySixNewYork = Date.UTC(2026, 0, 5, 11, 0);
    expect(nextReadAtMs(read)).toBe(mondaySixNewYork);
    expect(readiness(read, Date.UTC(2026, 0, 3, 11, 0)).due).toBe(false);
    expect(readiness(read, mondaySixNewYork).due).toBe(true);
  });

  it("retries a failed read after 15 minutes, doubling per failure in a row, never past its schedule", () => {
    const failed = (failures: number) =>
      source({
        schedule: weekdaysAtSix,
        lastErrorAtMs: fridaySixNewYork,
        lastAttemptAtMs: fridaySixNewYork,
        consecutiveFailures: failures,
      });
    expect(nextReadAtMs(failed(1))).toBe(fridaySixNewYork + 15 * minuteMs);
    expect(nextReadAtMs(failed(3))).toBe(fridaySixNewYork + 60 * minuteMs);
    // 2^20 quarter hours is years: the schedule's next slot (Monday 06:00) comes first.
    expect(nextReadAtMs(failed(21))).toBe(Date.UTC(2026, 0, 5, 11, 0));
  });

  it("counts from the newest finished read, good or failed", () => {
    const recovered = source({
      lastErrorAtMs: fridaySixNewYork,
      lastFetchedAtMs: fridaySixNewYork + 30 * minuteMs,
      lastAttemptAtMs: fridaySixNewYork + 30 * minuteMs,
    });
    expect(nextReadAtMs(recovered)).toBe(fridaySixNewYork + 90 * minuteMs);
  });

  it("leaves a source another run started to it for 30 minutes, then takes it back", () => {
    const started = source({
      lastFetchedAtMs: fridaySixNewYork - 120 * minuteMs,
      lastAttemptAtMs: fridaySixNewYork,
    });
    expect(readiness(started, fridaySixNewYork + 29 * minuteMs)).toEqual({
      due: false,
      reason: "reading",
      startedAtMs: fridaySixNewYork,
    });
    expect(readiness(started, fridaySixNewYork + 30 * minuteMs).due).toBe(true);
  });
});
