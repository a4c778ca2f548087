import { Redis } from "ioredis";
import type { QueueEvents } from "bullmq";
import { describe, expect, it } from "vitest";
import { redisUrl, useRedis } from "../../../test/support/redis-server.ts";
import { BullmqQueue } from "./bullmq.ts";
import { queueContract } from "./queue.contract.ts";

const available = await useRedis("the BullMQ queue tests need it");

/** A queue on a fresh name (the server is shared with other test files), emptied on close. */
function freshQueue(): BullmqQueue {
  const name = `alphadesk-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const queue = new BullmqQueue(redisUrl, name);
  const close = queue.close.bind(queue);
  queue.close = async () => {
    await close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`bull:${name}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  };
  return queue;
}

describe.skipIf(!available)("BullMQ on the machine's Redis", () => {
  queueContract("BullMQ", async () => freshQueue());

  it("returns a job's result even when its finish event never arrives", async () => {
    const queue = freshQueue();
    try {
      // The events stream loses every finish event, as when one is published before its first read.
      const events = (queue as unknown as { events: QueueEvents }).events;
      const listen = events.on.bind(events);
      events.on = ((name: string, listener: (...args: unknown[]) => void) =>
        /^(?:completed|failed):/.test(name)
          ? events
          : listen(name as never, listener as never)) as never;
      queue.handle("slow", async (data: { n: number }) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        if (data.n < 0) throw new Error("negative");
        return data.n * 2;
      });
      await queue.start();
      expect(await queue.result(await queue.enqueue("slow", { n: 21 }))).toBe(42);
      await expect(queue.result(await queue.enqueue("slow", { n: -1 }))).rejects.toMatchObject({
        code: "job_failed",
        message: "negative",
      });
    } finally {
      await queue.close();
    }
  });
});
