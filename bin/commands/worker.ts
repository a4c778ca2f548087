import { BullmqQueue } from "../../tools/adapters/queue/bullmq.ts";
import { tools } from "../../tools/index.ts";
import {
  barsRefreshJobName,
  digestPostJobName,
  priceAlertsPostJobName,
  queueSchedules,
  rebalancePostJobName,
  refreshStoredBars,
  scheduledJobName,
  strategyOrdersPostJobName,
  whileMarketOpen,
} from "../../tools/jobs/schedules.ts";
import { digestChannels, digestPostJob } from "../digest-channels.ts";
import { rebalanceAfterRegimeChange, rebalancePostJob } from "../rebalance-post.ts";
import { strategyOrdersPostJob } from "../strategy-orders-post.ts";
import { alertDestinations, priceAlertsPostJob } from "../price-alerts-post.ts";
import { toolJob, toolJobName } from "../../tools/jobs/tool-job.ts";
import { optimizeTrialsJob, optimizeTrialsJobName } from "../../tools/optimizer/trial-jobs.ts";
import { scanPartJob, scanPartJobName } from "../../tools/scanner/scan-parts.ts";
import { readConfig } from "../config.ts";
import { driveOrdersJob, driveOrdersJobName } from "../../tools/orders/order-jobs.ts";
import { openRuntime } from "../runtime.ts";
import { mcpServices, whenSignalled } from "./mcp.ts";

/**
 * `alphadesk worker`: runs queued tool jobs and the market-hours schedules on BullMQ until
 * SIGINT or SIGTERM, then finishes the running jobs. Start as many as you like, on any machine
 * that reaches the same Redis and PostgreSQL.
 */
export async function workerCommand(): Promise<number> {
  const config = readConfig();
  if (!config.REDIS_URL) {
    process.stderr.write(
      "alphadesk worker runs jobs from Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379)\n",
    );
    return 1;
  }
  if (!config.DATABASE_URL) {
    process.stderr.write(
      "note: the embedded database serves one process, so other alphadesk commands wait while this worker runs; set DATABASE_URL to share a PostgreSQL server\n",
    );
  }
  const runtime = await openRuntime(config);
  const queue = new BullmqQueue(config.REDIS_URL, config.ALPHADESK_QUEUE);
  const stop = whenSignalled();
  try {
    // Approved orders: this worker drives the outbox (every second, and at once on approvals
    // made in this process); the outbox row and its compare-and-set make any number of drivers safe.
    if (runtime.execution) {
      await runtime.orderFlow({ drive: true });
      runtime.fanOut?.handle(
        driveOrdersJobName,
        driveOrdersJob(() => runtime.orderFlow()),
      );
    }
    const run = toolJob(tools, mcpServices(runtime));
    queue.handle(toolJobName, run);
    const { log, marketData } = runtime.contextFor("digest");
    const channels = digestChannels(config, log);
    queue.handle(digestPostJobName, digestPostJob(run, channels, log));
    // A fired alert goes to the conversation it was set in, else to the digest channels.
    const alerts = alertDestinations(config, channels, log);
    queue.handle(priceAlertsPostJobName, priceAlertsPostJob(run, alerts, runtime.store, log));
    queue.handle(
      barsRefreshJobName,
      refreshStoredBars(run, runtime.store, marketData !== undefined),
    );
    // Rebalance proposals go to the digest channels: daily, and right after a regime change.
    const rebalance = rebalancePostJob(run, channels, runtime.store, log);
    queue.handle(rebalancePostJobName, whileMarketOpen(rebalance));
    // The strategies' own orders, each morning, posted for approval where the digest goes.
    queue.handle(
      strategyOrdersPostJobName,
      whileMarketOpen(strategyOrdersPostJob(run, channels, runtime.store, log)),
    );
    queue.handle(
      scheduledJobName,
      whileMarketOpen(rebalanceAfterRegimeChange(run, rebalance, log)),
    );
    // Shares of fanned-out tools run on a queue of their own, so a scan waiting for its
    // shares never holds the slot one of them needs.
    runtime.fanOut?.handle(scanPartJobName, scanPartJob(runtime.store));
    runtime.fanOut?.handle(optimizeTrialsJobName, optimizeTrialsJob(runtime.store));
    await runtime.fanOut?.start();
    const schedules = queueSchedules(tools);
    for (const schedule of schedules) await queue.schedule(schedule);
    await queue.start();
    process.stderr.write(
      `worker ready on queue ${config.ALPHADESK_QUEUE}: ${schedules.map((s) => s.id).join(", ") || "no schedules"}\n`,
    );
    await new Promise((resolve) => stop.signal.addEventListener("abort", resolve, { once: true }));
    return 0;
  } finally {
    stop.dispose();
    await queue.close();
    await runtime.close();
  }
}
