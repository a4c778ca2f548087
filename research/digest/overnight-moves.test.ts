import { describe, expect, it } from "vitest";
import { latestClosedSession } from "./overnight-moves.ts";

const dayOf = (session: { day: number }) =>
  new Date(session.day * 86_400_000).toISOString().slice(0, 10);

describe("latestClosedSession", () => {
  it("is the last session each market closed, holidays and early closes included", () => {
    // Monday 2024-07-08 07:00 New York, after the July 4 holiday.
    const monday = Date.parse("2024-07-08T11:00:00Z");
    expect(dayOf(latestClosedSession("NYSE", monday))).toBe("2024-07-05");
    expect(dayOf(latestClosedSession("FX", monday))).toBe("2024-07-05");
    // A crypto day is a UTC date: Sunday the 7th closed at Monday 00:00 UTC.
    expect(dayOf(latestClosedSession("CRYPTO", monday))).toBe("2024-07-07");
    // Friday 06:00 before the open: Wednesday the 3rd, an early close (13:00), then the holiday.
    expect(dayOf(latestClosedSession("NYSE", Date.parse("2024-07-05T10:00:00Z")))).toBe(
      "2024-07-03",
    );
    // A session counts from its close on: Monday 16:00 EDT exactly.
    expect(dayOf(latestClosedSession("NYSE", Date.parse("2024-07-08T20:00:00Z")))).toBe(
      "2024-07-08",
    );
  });
});
