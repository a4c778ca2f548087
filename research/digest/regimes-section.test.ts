import { describe, expect, it } from "vitest";
import type { EventLog, StoredEvent } from "../../tools/ports/events.ts";
import { regimeEventsLogged } from "./regimes-section.ts";

const minuteMs = 60_000;
const startMs = Date.UTC(2024, 6, 1);

/** An in-memory log: event k (1-based) logged k minutes after the start; every third a regime event. */
function logOf(count: number): Pick<EventLog, "readEvents" | "lastEventId"> & { reads: number } {
  const events: StoredEvent[] = Array.from({ length: count }, (_, index) => {
    const id = index + 1;
    const atMs = startMs + id * minuteMs;
    return id % 3 === 0
      ? {
          id,
          topic: "correlation.regime",
          atMs,
          payload: {
            snapshotId: `s${id}`,
            symbols: ["SPY", "QQQ"],
            timeframe: "1d",
            windowBars: 60,
            atMs,
            metric: "averageCorrelation",
            direction: "rise",
            value: 0.8,
            baseline: 0.5,
            shift: 0.3,
          },
        }
      : {
          id,
          topic: "trading.state",
          atMs,
          payload: { scope: "account", state: "active", reason: null, actor: "test" },
        };
  });
  const log = {
    reads: 0,
    async readEvents(query: { afterId: number; limit: number }) {
      log.reads++;
      return events.filter((event) => event.id > query.afterId).slice(0, query.limit);
    },
    async lastEventId() {
      return count;
    },
  };
  return log;
}

describe("regimeEventsLogged", () => {
  it("reads back from the newest event only as far as the window, newest first", async () => {
    const log = logOf(2000);
    // Events 1800..1899 are logged in the window; the regime events among them are 1800, 1803
    // ... 1899: 34 of them.
    const found = await regimeEventsLogged(log, {
      sinceMs: startMs + 1800 * minuteMs,
      untilMs: startMs + 1900 * minuteMs,
    });
    expect(found.map((event) => event.id)).toEqual(
      Array.from({ length: 34 }, (_, k) => 1899 - 3 * k),
    );
    // Pages of 500 from 2000: (1500, 2000] already starts before the window.
    expect(log.reads).toBe(1);
  });

  it("reads every page of an old window, and nothing from an empty log", async () => {
    const log = logOf(1200);
    const found = await regimeEventsLogged(log, {
      sinceMs: startMs,
      untilMs: startMs + 10 * minuteMs,
    });
    expect(found.map((event) => event.id)).toEqual([9, 6, 3]);
    expect(log.reads).toBe(3);
    expect(await regimeEventsLogged(logOf(0), { sinceMs: 0, untilMs: startMs })).toEqual([]);
  });
});
