import type { JobHandler } from "../ports/queue.ts";
import type { ExecutorPass, OrderExecutor } from "./order-executor.ts";

/** The job that tells a worker approved orders wait in the outbox. */
export const driveOrdersJobName = "orders.drive";

/**
 * A worker's handler: one executor pass. The outbox rows are the queue of record; the job only
 * says "look now", so a lost or repeated job costs nothing (workers also pass every second).
 */
export function driveOrdersJob(
  executor: () => Promise<OrderExecutor>,
): JobHandler<unknown, ExecutorPass> {
  return async () => (await executor()).runOnce();
}
