import { describe, expect, it } from "vitest";
import { formatDay } from "./civil-date.ts";
import { barFinalFromMs, finalBars, newestFinalSessionDay } from "./final-bars.ts";

const at = (iso: string) => Date.parse(iso);
const dayMs = 86_400_000;

describe("barFinalFromMs", () => {
  it("ends an intraday bar with its interval", () => {
    expect(barFinalFromMs(at("2026-12-04T14:30:00Z"), 60_000)).toBe(at("2026-12-04T14:31:00Z"));
    expect(barFinalFromMs(at("2026-12-04T14:00:00Z"), 3_600_000)).toBe(at("2026-12-04T15:00:00Z"));
  });

  it("ends a daily bar at 20:00 New York on its date, in winter and in summer", () => {
    // EST is UTC-5 in December, EDT UTC-4 in July.
    expect(barFinalFromMs(at("2026-12-04T00:00:00Z"), dayMs)).toBe(at("2026-12-05T01:00:00Z"));
    expect(barFinalFromMs(at("2026-07-15T00:00:00Z"), dayMs)).toBe(at("2026-07-16T00:00:00Z"));
  });
});

describe("finalBars", () => {
  const days = ["2026-12-02", "2026-12-03", "2026-12-04"].map((day) => at(`${day}T00:00:00Z`));
  const bars = {
    symbol: "SPY",
    timestampMs: Float64Array.from(days),
    open: Float64Array.of(1, 2, 3),
    high: Float64Array.of(1, 2, 3),
    low: Float64Array.of(1, 2, 3),
    close: Float64Array.of(1, 2, 3),
    volume: Float64Array.of(1, 2, 3),
  };

  it("holds back the day still trading at the close and keeps it from 20:00 New York", () => {
    const atClose = finalBars(bars, dayMs, at("2026-12-04T21:00:00Z"));
    expect(Array.from(atClose.close)).toEqual([1, 2]);
    expect(Array.from(atClose.timestampMs)).toEqual(days.slice(0, 2));
    expect(finalBars(bars, dayMs, at("2026-12-05T01:00:00Z"))).toBe(bars);
  });

  it("keeps nothing when every bar is still forming", () => {
    expect(finalBars(bars, dayMs, at("2026-12-02T12:00:00Z")).timestampMs.length).toBe(0);
  });
});

describe("newestFinalSessionDay", () => {
  const newest = (market: "NYSE" | "CRYPTO", iso: string) =>
    formatDay(newestFinalSessionDay(market, at(iso)));

  it("is the latest NYSE session whose daily bar is final: 20:00 New York on its date", () => {
    // Tuesday 2026-12-08: 17:59 New York is before Tuesday's bar is final, 20:00 is not.
    expect(newest("NYSE", "2026-12-08T22:59:00Z")).toBe("2026-12-07");
    expect(newest("NYSE", "2026-12-09T01:00:00Z")).toBe("2026-12-08");
    // Monday morning: Friday's, over the weekend.
    expect(newest("NYSE", "2026-12-07T14:35:00Z")).toBe("2026-12-04");
    // The Tuesday after Memorial Day (Monday 2025-05-26) and the Monday after Good Friday
    // (2025-04-18): the sessions before the holidays.
    expect(newest("NYSE", "2025-05-27T13:35:00Z")).toBe("2025-05-23");
    expect(newest("NYSE", "2025-04-21T13:35:00Z")).toBe("2025-04-17");
  });

  it("counts every day for crypto", () => {
    // Saturday 2026-12-05 at 21:00 New York: Saturday's bar is final.
    expect(newest("CRYPTO", "2026-12-06T02:00:00Z")).toBe("2026-12-05");
    expect(newest("CRYPTO", "2026-12-06T00:59:00Z")).toBe("2026-12-04");
  });
});
