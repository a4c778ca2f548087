import { join } from "node:path";
import { pino } from "pino";
import { keyFileName, openKeyFile } from "../tools/adapters/crypto/key-file.ts";
import type { SecretBox } from "../tools/adapters/crypto/secret-box.ts";
import { openDatabase } from "../tools/adapters/open-store.ts";
import type { ToolContext } from "../tools/define-tool.ts";
import { checkDivergence } from "../tools/lifecycle/divergence-monitor.ts";
import { OrderDriver, type PeriodicTask } from "../tools/orders/order-driver.ts";
import { Reconciler } from "../tools/orders/reconciler.ts";
import { OrderExecutor } from "../tools/orders/order-executor.ts";
import { driveOrdersJobName } from "../tools/orders/order-jobs.ts";
import type { Execution } from "../tools/ports/execution.ts";
import type { Queue } from "../tools/ports/queue.ts";
import type { Store } from "../tools/ports/store.ts";
import type { SqlClient } from "../tools/adapters/sql/client.ts";
import type { Config } from "./config.ts";
import { embedderFromConfig, textModelFromConfig } from "./models.ts";
import { PoliteFetcher } from "../research/fetch/polite-fetcher.ts";
import { brokerFromConfig, haltFlagFromConfig } from "./execution.ts";
import { marketDataFromConfig } from "./market-data.ts";
import { stderrProgress } from "./progress.ts";

/** The composition root's wiring: adapters built from config, handed to tools through their context. */
export interface Runtime {
  config: Config;
  store: Store;
  /** The store's SQL client, for adapters with tables of their own (the agent's checkpoints). */
  sqlClient: SqlClient;
  /** The queue of tool shares (a scan's parts), when REDIS_URL is set. */
  fanOut?: Queue;
  /** The broker, prices and approval policy; absent only when the broker cannot be built. */
  execution?: Execution;
  /**
   * The order executor, started on first use (subscribed to the broker's trade updates); in a
   * long-lived process `drive` also runs its passes every second and on each approval.
   */
  orderFlow(options?: { drive?: boolean }): Promise<OrderExecutor>;
  contextFor(label: string): ToolContext & { done(): void };
  close(): Promise<void>;
}

/**
 * The keyring that seals secrets stored in the database: ALPHADESK_SECRET_KEYS when set, else
 * `${ALPHADESK_HOME}/secret-keys`, made with a random key on first use.
 */
export async function secretBoxFromConfig(
  config: Config,
  log?: { warn(message: string): void },
): Promise<SecretBox> {
  if (config.ALPHADESK_SECRET_KEYS) return config.ALPHADESK_SECRET_KEYS;
  const path = join(config.ALPHADESK_HOME, keyFileName);
  const { box, created } = await openKeyFile(path);
  // A server database outlives this machine's files: a lost key file loses the sealed specs.
  if (created && config.DATABASE_URL)
    log?.warn(
      `made a new secret key in ${path} for the database at DATABASE_URL: back it up, or set ALPHADESK_SECRET_KEYS`,
    );
  return box;
}

/** While trading live: reconcile positions every minute, watch divergence every 15 minutes. */
function liveTasks(store: Store, reconciler: Reconciler): PeriodicTask[] {
  return [
    { name: "reconcile", everyMs: 60_000, run: () => reconciler.check() },
    { name: "divergence", everyMs: 15 * 60_000, run: () => checkDivergence(store, Date.now()) },
  ];
}

export async function openRuntime(config: Config): Promise<Runtime> {
  const log = pino({ level: config.LOG_LEVEL }, pino.destination(2));
  const secretBox = await secretBoxFromConfig(config, log);
  const database = await openDatabase({
    home: config.ALPHADESK_HOME,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    secretBox,
  });
  const { store } = database;
  const abort = new AbortController();
  const marketData = await marketDataFromConfig(config);
  // BullMQ loads only with Redis to reach.
  const fanOut = config.REDIS_URL
    ? new (await import("../tools/adapters/queue/bullmq.ts")).BullmqQueue(
        config.REDIS_URL,
        `${config.ALPHADESK_QUEUE}-parts`,
      )
    : undefined;
  const {
    broker,
    prices,
    tasks: brokerTasks = [],
    close: closePrices,
  } = await brokerFromConfig(config, database, log.child({ part: "prices" }));
  let driver: OrderDriver | undefined;
  let executor: Promise<OrderExecutor> | undefined;
  const execution: Execution | undefined =
    broker && prices
      ? {
          broker,
          prices,
          halt: haltFlagFromConfig(config),
          approvers: config.APPROVERS,
          approvalTtlMs: config.APPROVAL_TTL_MINUTES * 60_000,
          limits: config.RISK_LIMITS ?? {},
          // This process's driver when it runs one; otherwise a job for the workers on Redis.
          wake: () => {
            if (driver) driver.wake();
            else
              fanOut
                ?.enqueue(driveOrdersJobName, {})
                .catch((error: unknown) => log.warn({ err: error }, "could not wake the workers"));
          },
        }
      : undefined;
  const clock = { nowMs: () => Date.now() };
  const embedder = await embedderFromConfig(config);
  const textModel = await textModelFromConfig(config);
  // One per process: robots.txt rules and per-host rate limits span every ingest.
  const pageFetcher = new PoliteFetcher();
  const reconciler =
    execution && new Reconciler({ store, execution, log: log.child({ part: "reconciler" }) });
  return {
    config,
    store,
    sqlClient: database.client,
    ...(fanOut ? { fanOut } : {}),
    ...(execution ? { execution } : {}),
    orderFlow(options = {}) {
      if (!execution || !reconciler)
        throw new Error(`no broker is configured (BROKER=${config.BROKER})`);
      executor ??= (async () => {
        const started = new OrderExecutor({
          store,
          execution,
          clock,
          log: log.child({ part: "orders" }),
          reconciler,
        });
        await started.start();
        return started;
      })();
      return executor.then((started) => {
        if (options.drive && !driver) {
          driver = new OrderDriver(started, log.child({ part: "orders" }), 1_000, [
            ...(execution.broker.live ? liveTasks(store, reconciler) : []),
            ...brokerTasks,
          ]);
          driver.start();
        }
        return started;
      });
    },
    contextFor(label) {
      const progress = stderrProgress(label);
      return {
        store,
        ...(marketData ? { marketData } : {}),
        ...(fanOut ? { fanOut } : {}),
        ...(execution ? { execution } : {}),
        embedder,
        ...(textModel ? { textModel } : {}),
        pageFetcher,
        clock,
        log: log.child({ tool: label }),
        progress: (fraction, message) => progress.report(fraction, message),
        signal: abort.signal,
        actor: "cli",
        done: () => progress.stop(),
      };
    },
    async close() {
      abort.abort();
      if (driver) await driver.stop();
      else if (executor) await (await executor).close();
      // Bars still arriving fill paper orders in the database: end them before it closes.
      await closePrices?.();
      await fanOut?.close();
      await store.close();
    },
  };
}
