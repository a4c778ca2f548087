import { CronExpressionParser } from "cron-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { InProcessQueue } from "../adapters/queue/in-process.ts";
import { defineTool } from "../define-tool.ts";
import { tools } from "../index.ts";
import type { Store } from "../ports/store.ts";
import {
  digestPostJobName,
  queueSchedules,
  refreshStoredBars,
  scheduledJobName,
  toolSchedules,
  whileMarketOpen,
} from "./schedules.ts";
import { toolJob, toolJobName, type ToolJobData } from "./tool-job.ts";

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => {
  await store.close();
});

const services = () => {
  const { store: s, clock, log } = testContext(store);
  return { store: s, clock, log };
};

describe("tool jobs", () => {
  it("run a registry tool on the queue with its progress", async () => {
    const queue = new InProcessQueue();
    queue.handle(toolJobName, toolJob(tools, services()));
    await queue.start();
    const id = await queue.enqueue(toolJobName, {
      tool: "market_calendar",
      input: { market: "NYSE", start: "2024-07-03", end: "2024-07-05" },
    });
    const result = (await queue.result(id)) as { sessions: { date: string }[] };
    expect(result.sessions.map((session) => session.date)).toEqual(["2024-07-03", "2024-07-05"]);
    await queue.close();
  });

  it("fail with the tool's own message on bad input or an unknown tool", async () => {
    const queue = new InProcessQueue();
    queue.handle(toolJobName, toolJob(tools, services()));
    await queue.start();
    const bad = await queue.enqueue(toolJobName, {
      tool: "market_calendar",
      input: { market: "X" },
    });
    await expect(queue.result(bad)).rejects.toMatchObject({ code: "invalid_input" });
    const unknown = await queue.enqueue(toolJobName, { tool: "nope", input: {} });
    await expect(queue.result(unknown)).rejects.toThrow(/no tool named nope/);
    await queue.close();
  });
});

describe("schedules", () => {
  it("schedule only the tools the registry has, market-hours ones every 15 minutes New York time", () => {
    const schedules = queueSchedules(tools);
    const names = new Set(tools.map((tool) => tool.name));
    for (const schedule of schedules) {
      expect(names.has((schedule.data as { tool: string }).tool)).toBe(true);
      expect(schedule.timeZone).toBe("America/New_York");
      if (schedule.job === scheduledJobName) expect(schedule.cron).toBe("*/15 * * * 1-5");
    }
    expect(queueSchedules([])).toEqual([]);
  });

  it("ingest the research sources that are due every 15 minutes as a plain tool job, open or not", async () => {
    const inputs: unknown[] = [];
    const ingestResearch = defineTool({
      name: "ingest_research",
      summary: "A stand-in.",
      description: "stands in for research/tools/ingest-research.ts",
      input: z.object({ seedStarterSources: z.boolean(), onlyDue: z.boolean() }),
      output: z.object({}),
      effect: "write",
      async run(input) {
        inputs.push(input);
        return {};
      },
    });
    const [schedule] = queueSchedules([ingestResearch]);
    expect(schedule).toEqual({
      id: "research-ingest",
      cron: "*/15 * * * *",
      timeZone: "America/New_York",
      job: toolJobName,
      data: { tool: "ingest_research", input: { seedStarterSources: true, onlyDue: true } },
    });
    // After Friday noon, the next slot is a quarter of an hour later, the weekend included.
    const next = CronExpressionParser.parse(schedule!.cron, {
      tz: schedule!.timeZone!,
      currentDate: new Date("2024-07-05T12:00:00Z"),
    }).next();
    expect(next.toISOString()).toBe("2024-07-05T12:15:00.000Z");
    const job = { progress: () => {}, signal: new AbortController().signal, attempt: 1 };
    await toolJob([ingestResearch], services())(schedule!.data as ToolJobData, job);
    expect(inputs).toEqual([{ seedStarterSources: true, onlyDue: true }]);
  });

  it("run the research digest each weekday at 7:00 New York time, after ingest, as the job that also posts it", async () => {
    const inputs: unknown[] = [];
    const researchDigest = defineTool({
      name: "research_digest",
      summary: "A stand-in.",
      description: "stands in for research/tools/research-digest.ts",
      input: z.object({}).strict(),
      output: z.object({}),
      effect: "read",
      async run(input) {
        inputs.push(input);
        return {};
      },
    });
    const [schedule] = queueSchedules([researchDigest]);
    expect(schedule).toEqual({
      id: "research-digest",
      cron: "0 7 * * 1-5",
      timeZone: "America/New_York",
      job: digestPostJobName,
      data: { tool: "research_digest", input: {} },
    });
    const ingest = toolSchedules.find((entry) => entry.id === "research-ingest")!;
    // After Friday noon the digest runs Monday 07:00 EDT; ingest ticks at 06:00 EDT before it,
    // when the starter feeds are due.
    const next = (cron: string, after: string) =>
      CronExpressionParser.parse(cron, { tz: "America/New_York", currentDate: new Date(after) })
        .next()
        .toISOString();
    expect(next(schedule!.cron, "2024-07-05T12:00:00Z")).toBe("2024-07-08T11:00:00.000Z");
    expect(next(ingest.cron, "2024-07-08T09:59:00Z")).toBe("2024-07-08T10:00:00.000Z");
    const job = { progress: () => {}, signal: new AbortController().signal, attempt: 1 };
    await toolJob([researchDigest], services())(schedule!.data as ToolJobData, job);
    expect(inputs).toEqual([{}]);
  });

  it("skip a slot while the market is closed and run it while open", async () => {
    const ran: string[] = [];
    const job = { progress: () => {}, signal: new AbortController().signal, attempt: 1 };
    const data = { tool: "compute_correlations", input: {}, market: "NYSE" as const };
    const run = async () => {
      ran.push("ran");
      return "done";
    };
    // Saturday 2024-07-06 is closed; Monday 2024-07-08 15:00 UTC is 11:00 in New York, open.
    const saturday = whileMarketOpen(run, () => Date.parse("2024-07-06T15:00:00Z"));
    expect(await saturday(data, job)).toEqual({ skipped: "NYSE is closed" });
    const monday = whileMarketOpen(run, () => Date.parse("2024-07-08T15:00:00Z"));
    expect(await monday(data, job)).toBe("done");
    expect(ran).toEqual(["ran"]);
  });

  it("refreshes every timeframe the store holds, daily first, and only with a provider", async () => {
    const bar = (symbol: string, timeMs: number) => ({
      symbol,
      timestampMs: Float64Array.of(timeMs),
      open: Float64Array.of(10),
      high: Float64Array.of(10),
      low: Float64Array.of(10),
      close: Float64Array.of(10),
      volume: Float64Array.of(1),
    });
    const held = await createTestStore();
    try {
      await held.writeBars("1d", [bar("SPY", Date.UTC(2024, 6, 8))]);
      await held.writeBars("1h", [bar("QQQ", Date.UTC(2024, 6, 8, 14))]);
      const inputs: unknown[] = [];
      const run = async (data: ToolJobData) => {
        inputs.push(data);
        return { fetched: true };
      };
      const job = { progress: () => {}, signal: new AbortController().signal, attempt: 1 };
      const data = { tool: "fetch_bars", input: {} };
      expect(await refreshStoredBars(run, held, true)(data, job)).toEqual({
        "1d": { fetched: true },
        "1h": { fetched: true },
      });
      expect(inputs).toEqual([
        { tool: "fetch_bars", input: { timeframe: "1d" } },
        { tool: "fetch_bars", input: { timeframe: "1h" } },
      ]);
      expect(await refreshStoredBars(run, held, false)(data, job)).toEqual({
        skipped: expect.stringMatching(/^no market-data provider is configured/),
      });
      expect(inputs).toHaveLength(2);
    } finally {
      await held.close();
    }
  });
});
