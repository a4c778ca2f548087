import { InProcessQueue } from "../tools/adapters/queue/in-process.ts";
import { tools } from "../tools/index.ts";
import { queueSchedules } from "../tools/jobs/schedules.ts";
import type { Logger } from "../tools/ports/logger.ts";
import type { JobHandler, Queue } from "../tools/ports/queue.ts";

/**
 * Some of the worker's schedules (tools/jobs/schedules.ts), run in this process on the same
 * timetable by the handlers given for their jobs: `alphadesk serve` without a worker. A failed
 * run is logged; the next slot still runs. Close the queue to stop them.
 */
export async function runSchedulesHere(
  handlers: ReadonlyMap<string, JobHandler<never, unknown>>,
  log: Logger,
  now: () => number = Date.now,
): Promise<Queue> {
  const queue = new InProcessQueue(now);
  for (const [job, handler] of handlers)
    queue.handle<never, unknown>(job, async (data, run) => {
      try {
        return await handler(data, run);
      } catch (error) {
        log.error({ err: error }, `the scheduled ${job} job failed`);
        throw error;
      }
    });
  for (const schedule of queueSchedules(tools).filter((each) => handlers.has(each.job)))
    await queue.schedule(schedule);
  await queue.start();
  return queue;
}
