import { describe, expect, it } from "vitest";
import { newYorkTime, previousDigestMs, resolveWindow } from "./digest-window.ts";

const at = (iso: string) => Date.parse(iso);

describe("the digest window", () => {
  it("starts at 07:00 New York on the weekday before until's date", () => {
    // Monday 07:00 EDT (11:00 UTC) reads from Friday 07:00 EDT; Tuesday from Monday.
    expect(previousDigestMs(at("2024-07-08T11:00:00Z"))).toBe(at("2024-07-05T11:00:00Z"));
    expect(previousDigestMs(at("2024-07-09T11:00:00.500Z"))).toBe(at("2024-07-08T11:00:00Z"));
    // Before the morning digest (Tuesday 06:00 EDT) and on a Sunday.
    expect(previousDigestMs(at("2024-07-09T10:00:00Z"))).toBe(at("2024-07-08T11:00:00Z"));
    expect(previousDigestMs(at("2024-07-07T15:00:00Z"))).toBe(at("2024-07-05T11:00:00Z"));
    // 04:30 UTC Monday is 00:30 Monday in New York.
    expect(previousDigestMs(at("2024-07-08T04:30:00Z"))).toBe(at("2024-07-05T11:00:00Z"));
    // Winter (EST, UTC-5), and across the March switch: Friday 07:00 EST is 12:00 UTC.
    expect(previousDigestMs(at("2024-01-08T12:00:00Z"))).toBe(at("2024-01-05T12:00:00Z"));
    expect(previousDigestMs(at("2024-03-11T11:00:00Z"))).toBe(at("2024-03-08T12:00:00Z"));
  });

  it("defaults until to now and since to the previous digest", () => {
    const nowMs = at("2024-07-08T11:00:00Z");
    expect(resolveWindow({}, nowMs)).toEqual({
      sinceMs: at("2024-07-05T11:00:00Z"),
      untilMs: nowMs,
    });
    expect(resolveWindow({ until: at("2024-07-03T11:00:00Z") }, nowMs)).toEqual({
      sinceMs: at("2024-07-02T11:00:00Z"),
      untilMs: at("2024-07-03T11:00:00Z"),
    });
  });

  it("refuses an empty, reversed or too long window, naming since", () => {
    const nowMs = at("2024-07-08T11:00:00Z");
    const refusal = (input: { since?: number; until?: number }) => {
      try {
        resolveWindow(input, nowMs);
      } catch (error) {
        return error as { code: string; message: string; issues: { path: string[] }[] };
      }
      throw new Error("accepted");
    };
    const reversed = refusal({
      since: at("2024-07-09T00:00:00Z"),
      until: at("2024-07-08T00:00:00Z"),
    });
    expect(reversed).toMatchObject({ code: "invalid_input", issues: [{ path: ["since"] }] });
    expect(reversed.message).toBe(
      "`since` must be before `until` (was 2024-07-09T00:00:00.000Z and 2024-07-08T00:00:00.000Z)",
    );
    expect(refusal({ since: nowMs }).message).toMatch(/^`since` must be before now/);
    expect(refusal({ since: at("2024-06-01T00:00:00Z") })).toMatchObject({
      issues: [{ path: ["since"], message: "must be at most 31 days before until" }],
    });
  });

  it("writes New York wall-clock time", () => {
    expect(newYorkTime(at("2024-07-08T11:00:00Z"))).toBe("2024-07-08 07:00 New York");
    expect(newYorkTime(at("2024-01-05T12:00:00Z"))).toBe("2024-01-05 07:00 New York");
  });
});
