import { InProcessQueue } from "../tools/adapters/queue/in-process.ts";
import { tools } from "../tools/index.ts";
import { barsRefreshJobName, queueSchedules } from "../tools/jobs/schedules.ts";
import type { ToolJobData } from "../tools/jobs/tool-job.ts";
import type { Logger } from "../tools/ports/logger.ts";
import type { JobHandler, Queue } from "../tools/ports/queue.ts";

/**
 * The worker's evening bar refresh (tools/jobs/schedules.ts), run in this process on the same
 * timetable: `alphadesk serve` without a worker, where a market-data provider is configured. A
 * failed run is logged; the next evening's still runs. Close the queue to stop it.
 */
export async function refreshBarsEachEvening(
  run: JobHandler<ToolJobData, unknown>,
  log: Logger,
  now: () => number = Date.now,
): Promise<Queue> {
  const queue = new InProcessQueue(now);
  queue.handle<ToolJobData, unknown>(barsRefreshJobName, async (data, job) => {
    try {
      return await run(data, job);
    } catch (error) {
      log.error({ err: error }, "the evening bar refresh failed");
      throw error;
    }
  });
  const refresh = queueSchedules(tools).find((schedule) => schedule.job === barsRefreshJobName)!;
  await queue.schedule(refresh);
  await queue.start();
  return queue;
}
