import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLog } from "../test/support/order-harness.ts";
import { barsRefreshJobName, strategyOrdersPostJobName } from "../tools/jobs/schedules.ts";
import type { ToolJobData } from "../tools/jobs/tool-job.ts";
import { runSchedulesHere } from "./schedules-here.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("the worker's schedules in this process", () => {
  it("fetches every stored symbol's newer daily bars at 20:30 New York each day, past a failed run", async () => {
    // Friday 2026-12-04 20:29 EST, a minute before the slot.
    vi.useFakeTimers({
      now: Date.parse("2026-12-04T20:29:00-05:00"),
      toFake: ["Date", "setTimeout", "clearTimeout"],
    });
    const runs: { at: string; data: ToolJobData }[] = [];
    const errors: unknown[] = [];
    const log = { ...silentLog, error: (fields: unknown) => errors.push(fields) };
    const refresh = async (data: ToolJobData) => {
      runs.push({ at: new Date(Date.now()).toISOString(), data });
      if (runs.length === 1) throw new Error("provider down");
      return {};
    };
    const queue = await runSchedulesHere(new Map([[barsRefreshJobName, refresh]]), log);
    try {
      await vi.advanceTimersByTimeAsync(59_000);
      expect(runs).toEqual([]);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(runs).toEqual([
        { at: "2026-12-05T01:30:00.000Z", data: { tool: "fetch_bars", input: {} } },
      ]);
      expect(errors).toHaveLength(1);
      // Saturday's slot runs too: crypto trades on weekends.
      await vi.advanceTimersByTimeAsync(24 * 3_600_000);
      expect(runs.map((run) => run.at)).toEqual([
        "2026-12-05T01:30:00.000Z",
        "2026-12-06T01:30:00.000Z",
      ]);
    } finally {
      await queue.close();
    }
  });

  it("proposes the strategies' orders at 9:35 New York on weekdays only, and runs no schedule it has no handler for", async () => {
    // Friday 2026-12-04 9:34 EST.
    vi.useFakeTimers({
      now: Date.parse("2026-12-04T09:34:00-05:00"),
      toFake: ["Date", "setTimeout", "clearTimeout"],
    });
    const runs: { at: string; data: unknown }[] = [];
    const queue = await runSchedulesHere(
      new Map([
        [
          strategyOrdersPostJobName,
          async (data: unknown) => void runs.push({ at: new Date(Date.now()).toISOString(), data }),
        ],
      ]),
      silentLog,
    );
    try {
      // Through Monday morning: Friday's slot, none on the weekend (nor any other schedule's).
      await vi.advanceTimersByTimeAsync(3 * 24 * 3_600_000 + 60_000);
      expect(runs).toEqual([
        {
          at: "2026-12-04T14:35:00.000Z",
          data: { tool: "propose_strategy_orders", input: {}, market: "NYSE" },
        },
        {
          at: "2026-12-07T14:35:00.000Z",
          data: { tool: "propose_strategy_orders", input: {}, market: "NYSE" },
        },
      ]);
      // A schedule without a handler would have run (the price alerts every minute) and failed.
      expect(await queue.failures()).toEqual([]);
    } finally {
      await queue.close();
    }
  });
});
