import { describe, expect, it } from "vitest";
import { alertTiming } from "./alert-window.ts";

const minute = 60_000;
const utc = (text: string) => Date.parse(`${text}Z`);

// Times worked out by hand from the NYSE session (9:30-16:00 New York, EDT = UTC-4 in June 2024):
// Tuesday 2024-06-04 and Friday 2024-06-07 trade, the weekend does not, Monday 2024-06-10 opens at
// 13:30 UTC.
describe("alertTiming", () => {
  it("takes an intraday alert until 10 minutes after the next bar opens", () => {
    // The 10:30 New York 1h bar: its signal trades at the 11:30 bar, 15:30 UTC.
    const bar = utc("2024-06-04T14:30:00");
    expect(alertTiming(bar, utc("2024-06-04T15:40:00"), "1h", "NYSE")).toEqual({ ok: true });
    const late = alertTiming(bar, utc("2024-06-04T15:40:01"), "1h", "NYSE");
    expect(late).toMatchObject({ ok: false, reason: "stale" });
    expect(!late.ok && late.message).toBe(
      "barTime 2024-06-04T14:30:00.000Z is too old: a signal on that 1h bar trades at the next bar's open (2024-06-04T15:30:00.000Z, NYSE), so its alert had to arrive by 2024-06-04T15:40:00.000Z; it arrived at 2024-06-04T15:40:01.000Z",
    );
  });

  it("waits for the next session when the market is shut: the last hour's signal trades next morning", () => {
    // The 15:30 New York bar (19:30 UTC): an hour on, 16:30, the market is closed until 9:30.
    const bar = utc("2024-06-04T19:30:00");
    expect(alertTiming(bar, utc("2024-06-05T13:39:00"), "1h", "NYSE")).toEqual({ ok: true });
    expect(alertTiming(bar, utc("2024-06-05T13:41:00"), "1h", "NYSE")).toMatchObject({
      ok: false,
      reason: "stale",
    });
  });

  it("trades Friday's daily signal at Monday's open", () => {
    const friday = utc("2024-06-07T13:30:00");
    expect(alertTiming(friday, utc("2024-06-10T13:35:00"), "1d", "NYSE")).toEqual({ ok: true });
    expect(alertTiming(friday, utc("2024-06-10T13:40:01"), "1d", "NYSE")).toMatchObject({
      ok: false,
      reason: "stale",
    });
  });

  it("knows crypto never closes", () => {
    const bar = utc("2024-06-08T00:00:00");
    expect(alertTiming(bar, utc("2024-06-08T01:10:00"), "1h", "CRYPTO")).toEqual({ ok: true });
    expect(alertTiming(bar, utc("2024-06-08T01:10:01"), "1h", "CRYPTO").ok).toBe(false);
  });

  it("refuses a bar more than a minute ahead of the clock", () => {
    const now = utc("2024-06-04T14:00:00");
    expect(alertTiming(now + minute, now, "1m", "NYSE")).toEqual({ ok: true });
    const ahead = alertTiming(now + minute + 1000, now, "1m", "NYSE");
    expect(ahead).toMatchObject({ ok: false, reason: "future" });
    expect(!ahead.ok && ahead.message).toMatch(/^barTime .* is 61 s ahead of this server's clock/);
  });
});
