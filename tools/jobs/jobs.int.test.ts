import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { InProcessQueue } from "../adapters/queue/in-process.ts";
import { tools } from "../index.ts";
import type { Store } from "../ports/store.ts";
import { queueSchedules, scheduledJobName, whileMarketOpen } from "./schedules.ts";
import { toolJob, toolJobName } from "./tool-job.ts";

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
  it("schedule only the tools the registry has, every 15 minutes New York time", () => {
    const schedules = queueSchedules(tools);
    const names = new Set(tools.map((tool) => tool.name));
    for (const schedule of schedules) {
      expect(names.has((schedule.data as { tool: string }).tool)).toBe(true);
      expect(schedule).toMatchObject({ cron: "*/15 * * * 1-5", timeZone: "America/New_York" });
      expect(schedule.job).toBe(scheduledJobName);
    }
    expect(queueSchedules([])).toEqual([]);
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
});
