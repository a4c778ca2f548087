import { Redis } from "ioredis";
import { describe } from "vitest";
import { redisUrl, useRedis } from "../../../test/support/redis-server.ts";
import { BullmqQueue } from "./bullmq.ts";
import { queueContract } from "./queue.contract.ts";

const available = await useRedis("the BullMQ queue tests need it");

describe.skipIf(!available)("BullMQ on the machine's Redis", () => {
  // A fresh queue name per test: the server is shared with other test files.
  queueContract("BullMQ", async () => {
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
  });
});
