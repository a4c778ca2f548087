import { describe, expect, it } from "vitest";
import { runTool } from "../run-tool.ts";
import type { ToolContext } from "../define-tool.ts";
import { marketCalendar } from "./market-calendar.ts";

const context = {
  clock: { nowMs: () => Date.parse("2024-06-15T12:00:00Z") },
} as unknown as ToolContext;
const run = (input: unknown) => runTool(marketCalendar, input, context);

describe("market_calendar", () => {
  it("lists sessions with local dates and UTC times, skipping holidays", async () => {
    expect(await run({ market: "NYSE", start: "2024-11-27", end: "2024-12-02" })).toEqual({
      market: "NYSE",
      sessions: [
        {
          date: "2024-11-27",
          open: "2024-11-27T14:30:00.000Z",
          close: "2024-11-27T21:00:00.000Z",
          earlyClose: false,
        },
        {
          date: "2024-11-29",
          open: "2024-11-29T14:30:00.000Z",
          close: "2024-11-29T18:00:00.000Z",
          earlyClose: true,
        },
        {
          date: "2024-12-02",
          open: "2024-12-02T14:30:00.000Z",
          close: "2024-12-02T21:00:00.000Z",
          earlyClose: false,
        },
      ],
    });
  });

  it("lists CME Globex trade dates: opened the evening before, halted at noon Chicago on MLK day", async () => {
    // January: Chicago is UTC-6, so 17:00 CT is 23:00 UTC and 16:00 CT is 22:00 UTC.
    expect(await run({ market: "CME", start: "2025-01-17", end: "2025-01-21" })).toEqual({
      market: "CME",
      sessions: [
        {
          date: "2025-01-17",
          open: "2025-01-16T23:00:00.000Z",
          close: "2025-01-17T22:00:00.000Z",
          earlyClose: false,
        },
        {
          date: "2025-01-20",
          open: "2025-01-19T23:00:00.000Z",
          close: "2025-01-20T18:00:00.000Z",
          earlyClose: true,
        },
        {
          date: "2025-01-21",
          open: "2025-01-20T23:00:00.000Z",
          close: "2025-01-21T22:00:00.000Z",
          earlyClose: false,
        },
      ],
    });
  });

  it("knows Globex is closed in its daily maintenance hour", async () => {
    expect(await run({ market: "CME", at: "2025-01-21T22:30:00Z" })).toEqual({
      market: "CME",
      at: "2025-01-21T22:30:00.000Z",
      open: false,
      nextOpen: "2025-01-21T23:00:00.000Z",
      nextClose: "2025-01-22T22:00:00.000Z",
    });
  });

  it("answers whether a market is open now (the injected clock) or at a given instant", async () => {
    expect(await run({ market: "NYSE" })).toEqual({
      market: "NYSE",
      at: "2024-06-15T12:00:00.000Z",
      open: false,
      nextOpen: "2024-06-17T13:30:00.000Z",
      nextClose: "2024-06-17T20:00:00.000Z",
    });
    expect(await run({ market: "FX", at: "2024-06-17T12:00:00Z" })).toMatchObject({
      open: true,
      nextClose: "2024-06-17T21:00:00.000Z",
    });
  });

  it.each([
    [{ market: "NASDAQ" }, "market"],
    [{ market: "NYSE", start: "2024-01-01" }, "end"],
    [{ market: "NYSE", start: "2024-02-01", end: "2024-01-01" }, "start"],
    [{ market: "NYSE", start: "1990-01-01", end: "2030-01-01" }, "end"],
    [{ market: "NYSE", start: "2024-01-01", end: "2024-02-01", at: "2024-01-05" }, "at"],
    [{ market: "NYSE", at: "yesterday" }, "at"],
  ])("refuses %j, naming the field", async (input, field) => {
    await expect(run(input)).rejects.toMatchObject({
      code: "invalid_input",
      issues: [expect.objectContaining({ path: [field] })],
    });
  });
});
