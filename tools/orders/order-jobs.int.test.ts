import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { redisUrl, useRedis } from "../../test/support/redis-server.ts";
import { BullmqQueue } from "../adapters/queue/bullmq.ts";
import { driveOrdersJob, driveOrdersJobName } from "./order-jobs.ts";

const available = await useRedis("the order jobs run on BullMQ workers");
let harness: OrderHarness | undefined;
let queue: BullmqQueue | undefined;
let name = "";
afterEach(async () => {
  await queue?.close();
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`bull:${name}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await harness?.close();
});

describe.skipIf(!available)("the outbox driven through BullMQ", () => {
  it("a worker's orders.drive job sends an order approved in another process", async () => {
    const h = (harness = await orderHarness());
    name = `alphadesk-orders-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    // The worker side: its handler runs one executor pass.
    queue = new BullmqQueue(redisUrl, name);
    queue.handle(
      driveOrdersJobName,
      driveOrdersJob(() => Promise.resolve(h.executor)),
    );
    await queue.start();

    await h.setPrice("AAPL", 100);
    const { intentId } = await h.proposeApproved({ symbol: "AAPL", side: "buy", quantity: 3 });
    // The approving process has no driver: it enqueues the wake-up (as bin/runtime.ts does).
    const id = await queue.enqueue(driveOrdersJobName, {});
    expect(await queue.result(id)).toMatchObject({ submitted: 1 });
    await h.executor.settled();
    expect((await h.store.requestIntent(intentId))?.state).toBe("filled");
    // A repeated wake-up sends nothing twice.
    expect(await queue.result(await queue.enqueue(driveOrdersJobName, {}))).toMatchObject({
      submitted: 0,
    });
  });
});
