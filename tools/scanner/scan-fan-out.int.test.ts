import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plantedMarket } from "../../engine/scanner/planted-market.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { redisUrl, useRedis } from "../../test/support/redis-server.ts";
import { testContext } from "../../test/support/tool-context.ts";
import { BullmqQueue } from "../adapters/queue/bullmq.ts";
import { InProcessQueue } from "../adapters/queue/in-process.ts";
import type { Queue } from "../ports/queue.ts";
import type { Store } from "../ports/store.ts";
import { runTool } from "../run-tool.ts";
import { scanMarkets } from "./scan-markets.ts";
import { scanPartJob, scanPartJobName, type ScanPartData } from "./scan-parts.ts";

const market = plantedMarket({
  symbols: 30,
  bars: 900,
  seed: 11,
  sectors: 3,
  momentum: 3,
  reversal: 3,
  pairs: 2,
  weekday: 3,
});

interface ScanOutput {
  candidatesTested: number;
  findings: { key: string; qValue: number; pValue: number }[];
}
const essence = (scan: ScanOutput) => ({
  candidatesTested: scan.candidatesTested,
  findings: scan.findings.map(({ key, qValue, pValue }) => ({ key, qValue, pValue })),
});

let store: Store;
let alone: ScanOutput;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", market.bars);
  alone = (await runTool(scanMarkets, {}, testContext(store))) as ScanOutput;
}, 120_000);
afterAll(async () => {
  await store.close();
});

/** A parts queue whose worker runs in this process, recording the shares it ran. */
async function partsWorker(queue: Queue, target: Store) {
  const shares: ScanPartData[] = [];
  const run = scanPartJob(target);
  queue.handle<ScanPartData, unknown>(scanPartJobName, (data, job) => {
    shares.push(data);
    return run(data, job);
  });
  await queue.start();
  return shares;
}

describe("scan_markets fanned out over workers", () => {
  it("runs alone while the queue has no worker", async () => {
    const queue = new InProcessQueue();
    const context = { ...testContext(store), fanOut: queue };
    const scan = (await runTool(scanMarkets, {}, context)) as ScanOutput;
    expect(essence(scan)).toEqual(essence(alone));
    await queue.close();
  });

  it("splits the scan into shares and merges them into the same findings", async () => {
    const queue = new InProcessQueue();
    const shares = await partsWorker(queue, store);
    const scan = (await runTool(
      scanMarkets,
      {},
      { ...testContext(store), fanOut: queue },
    )) as ScanOutput;
    expect(shares.length).toBeGreaterThan(1);
    expect(shares.reduce((sum, share) => sum + share.work.singles.length, 0)).toBe(30);
    // One correction over all shares: the very q-values of the scan run in one process.
    expect(essence(scan)).toEqual(essence(alone));
    await queue.close();
  });

  it("ends a cancelled scan even when cancelling its shares fails", async () => {
    const queue = new InProcessQueue();
    // As BullMQ refuses to remove a job a worker has just taken.
    const refusing = new Proxy(queue, {
      get: (target, key) =>
        key === "cancel"
          ? () => Promise.reject(new Error("Job 3 could not be removed: locked by another worker"))
          : (Reflect.get(target, key) as unknown),
    });
    // Shares that run until the test lets them go: no cancel reaches them.
    let started = 0;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    queue.handle(scanPartJobName, async () => {
      started++;
      await released;
      throw new Error("released");
    });
    await queue.start();
    const controller = new AbortController();
    const scan = runTool(
      scanMarkets,
      {},
      { ...testContext(store), fanOut: refusing, signal: controller.signal },
    );
    while (started === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(scan).rejects.toThrow(/cancelled; nothing was stored/);
    release();
    await queue.close();
  });

  it("fails the scan, storing nothing, when a share fails on its last attempt", async () => {
    const fresh = await createTestStore();
    await fresh.writeBars("1d", market.bars);
    const queue = new InProcessQueue();
    queue.handle(scanPartJobName, async () => {
      throw new Error("worker lost its database");
    });
    await queue.start();
    await expect(
      runTool(scanMarkets, {}, { ...testContext(fresh), fanOut: queue }),
    ).rejects.toThrow(/worker lost its database/);
    expect(await fresh.listFindings({ limit: 10, includeDecayed: true })).toEqual([]);
    await queue.close();
    await fresh.close();
  });
});

const redis = await useRedis("the fan-out over BullMQ workers needs it");

describe.skipIf(!redis)("scan_markets fanned out over BullMQ", () => {
  const name = `alphadesk-scan-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const queues: BullmqQueue[] = [];
  afterAll(async () => {
    for (const queue of queues) await queue.close();
    const client = new Redis(redisUrl);
    const keys = await client.keys(`bull:${name}:*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
  });

  it("gives the findings of the scan run alone, from shares run by a worker", async () => {
    const worker = new BullmqQueue(redisUrl, name);
    const coordinator = new BullmqQueue(redisUrl, name);
    queues.push(worker, coordinator);
    const shares = await partsWorker(worker, store);
    const context = { ...testContext(store), fanOut: coordinator };
    const scan = (await runTool(scanMarkets, {}, context)) as ScanOutput;
    expect(shares.length).toBeGreaterThan(1);
    expect(essence(scan)).toEqual(essence(alone));
    // The workers' progress reaches the caller, share by share, up to the end of testing.
    const testing = context.reports.filter(([, message]) => message === "testing");
    expect(testing.some(([fraction]) => fraction > 0.2 && fraction < 0.85)).toBe(true);
    expect(Math.max(...testing.map(([fraction]) => fraction))).toBeCloseTo(0.9, 6);
  });

  it("cancels the shares when the scan is cancelled, storing nothing", async () => {
    const fresh = await createTestStore();
    await fresh.writeBars("1d", market.bars);
    const worker = new BullmqQueue(redisUrl, `${name}-cancel`);
    queues.push(worker);
    let started = 0;
    const aborted: boolean[] = [];
    worker.handle(scanPartJobName, async (_data, job) => {
      started++;
      await new Promise((resolve) => job.signal.addEventListener("abort", resolve));
      aborted.push(true);
      throw new Error("aborted");
    });
    await worker.start();
    const controller = new AbortController();
    const context = { ...testContext(fresh), fanOut: worker, signal: controller.signal };
    const scan = runTool(scanMarkets, {}, context);
    while (started === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(scan).rejects.toThrow(/cancelled; nothing was stored/);
    expect(aborted.length).toBeGreaterThan(0);
    expect(await fresh.listFindings({ limit: 10, includeDecayed: true })).toEqual([]);
    await fresh.close();
    const client = new Redis(redisUrl);
    const keys = await client.keys(`bull:${name}-cancel:*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
  });
});
