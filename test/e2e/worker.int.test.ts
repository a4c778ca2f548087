import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { BullmqQueue } from "../../tools/adapters/queue/bullmq.ts";
import { barsRefreshJobName } from "../../tools/jobs/schedules.ts";
import { toolJobName } from "../../tools/jobs/tool-job.ts";
import { redisUrl, useRedis } from "../support/redis-server.ts";
import { runCli } from "./run-cli.ts";
import { seedHome } from "../support/pglite.ts";

const cli = join(import.meta.dirname, "../../bin/alphadesk.js");
const available = await useRedis("the worker test needs it");
const queueName = `alphadesk-e2e-${process.pid}`;
const home = await mkdtemp(join(tmpdir(), "alphadesk-worker-"));
await seedHome(home);

afterAll(async () => {
  const redis = new Redis(redisUrl);
  const keys = [
    ...(await redis.keys(`bull:${queueName}:*`)),
    ...(await redis.keys(`bull:${queueName}-parts:*`)),
  ];
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await rm(home, { recursive: true, force: true });
});

describe("alphadesk worker", () => {
  it("refuses to start without REDIS_URL, saying what to set", async () => {
    const result = await runCli(["worker"], { REDIS_URL: "", ALPHADESK_HOME: home });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/set REDIS_URL/);
  });

  it.skipIf(!available)("runs tool jobs from the queue and stops cleanly on SIGTERM", async () => {
    const worker = spawn(process.execPath, [cli, "worker"], {
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        ALPHADESK_QUEUE: queueName,
        ALPHADESK_HOME: home,
        DATABASE_URL: "",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const ready = new Promise<void>((resolve, reject) => {
      worker.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("worker ready")) resolve();
      });
      worker.once("exit", (code) => reject(new Error(`worker exited ${code}: ${stderr}`)));
      setTimeout(() => reject(new Error(`worker not ready after 120 s: ${stderr}`)), 120_000);
    });
    const exited = new Promise<number | null>((resolve) => worker.once("exit", resolve));
    // It hung once for the whole test timeout (about 5 s on every other run): name the step.
    const step = <T>(name: string, work: Promise<T>) =>
      Promise.race([
        work,
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`${name}: no result in 50 s; worker said: ${stderr}`)),
            50_000,
          ).unref(),
        ),
      ]);
    try {
      await ready;
      const queue = new BullmqQueue(redisUrl, queueName);
      const id = await queue.enqueue(toolJobName, {
        tool: "market_calendar",
        input: { market: "NYSE", at: "2024-07-04T15:00:00Z" },
      });
      expect(await step("market_calendar", queue.result(id))).toMatchObject({ open: false });
      // The evening bar refresh has nothing to fetch from without a provider, and says so.
      const refresh = await queue.enqueue(barsRefreshJobName, { tool: "fetch_bars", input: {} });
      expect(await step("bars-refresh", queue.result(refresh))).toEqual({
        skipped: expect.stringMatching(/^no market-data provider is configured/),
      });
      // A scan run by the worker fans out over the parts queue its workers serve.
      const demo = await queue.enqueue(toolJobName, {
        tool: "generate_demo_market",
        input: { symbols: ["SPY", "QQQ", "XLK", "XLF", "GLD", "TLT"], years: 2 },
      });
      await step("generate_demo_market", queue.result(demo));
      const scan = await queue.enqueue(toolJobName, {
        tool: "scan_markets",
        input: { families: ["momentum", "pairs"] },
      });
      expect(await step("scan_markets", queue.result(scan))).toMatchObject({ symbolsScanned: 6 });
      const redis = new Redis(redisUrl);
      const scanParts = await redis.zcard(`bull:${queueName}-parts:completed`);
      expect(scanParts).toBeGreaterThan(1);
      // So does an optimization's search, in batches of trials.
      const optimization = await queue.enqueue(toolJobName, {
        tool: "optimize_strategy",
        input: {
          spec: {
            name: "SMA crossover",
            universe: ["SPY"],
            params: { fast: { int: [5, 20], step: 5 }, slow: { int: [30, 60], step: 10 } },
            entry: {
              gt: [{ sma: { period: { param: "fast" } } }, { sma: { period: { param: "slow" } } }],
            },
          },
          sampler: "grid",
        },
      });
      expect(await step("optimize_strategy", queue.result(optimization))).toMatchObject({
        trialsRun: 16,
      });
      expect(await redis.zcard(`bull:${queueName}-parts:completed`)).toBeGreaterThan(scanParts);
      redis.disconnect();
      await queue.close();
    } finally {
      worker.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
