import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseTimestamp, TimeInput } from "./time-input.ts";

describe("parseTimestamp", () => {
  it("reads ISO-8601 dates and date-times as UTC unless an offset is given", () => {
    expect(parseTimestamp("2024-03-01")).toBe(Date.UTC(2024, 2, 1));
    expect(parseTimestamp("2024-03-01T14:30:00Z")).toBe(Date.UTC(2024, 2, 1, 14, 30));
    expect(parseTimestamp("2024-03-01 14:30")).toBe(Date.UTC(2024, 2, 1, 14, 30));
    expect(parseTimestamp("2024-03-01T09:30:00-05:00")).toBe(Date.UTC(2024, 2, 1, 14, 30));
    expect(parseTimestamp("2024-03-01T14:30:00.250Z")).toBe(Date.UTC(2024, 2, 1, 14, 30, 0, 250));
  });

  it("reads epoch milliseconds as numbers or digits", () => {
    expect(parseTimestamp(1709303400000)).toBe(1709303400000);
    expect(parseTimestamp("1709303400000")).toBe(1709303400000);
  });

  it("explains what is wrong with a bad value", () => {
    expect(parseTimestamp("1709303400")).toMatch(/looks like epoch seconds/);
    expect(parseTimestamp("03/01/2024")).toMatch(/is not ISO-8601/);
    expect(parseTimestamp("2024-02-30")).toMatch(/not a valid date|is not ISO/);
    expect(parseTimestamp("2024-13-01")).toMatch(/not a valid date/);
    expect(parseTimestamp("")).toMatch(/is not ISO-8601/);
  });
});

describe("TimeInput", () => {
  it("makes a date-only end cover the whole day", () => {
    expect(TimeInput("end").parse("2024-03-01")).toBe(Date.UTC(2024, 2, 2) - 1);
    expect(TimeInput("start").parse("2024-03-01")).toBe(Date.UTC(2024, 2, 1));
  });

  it("reports a bad time as a schema issue", () => {
    const result = z.object({ start: TimeInput("start") }).safeParse({ start: "yesterday" });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({
      path: ["start"],
      message: expect.stringMatching(/not ISO-8601/),
    });
  });
});
