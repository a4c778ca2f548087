import { pino } from "pino";
import { openStore } from "../tools/adapters/open-store.ts";
import { BullmqQueue } from "../tools/adapters/queue/bullmq.ts";
import type { ToolContext } from "../tools/define-tool.ts";
import type { Queue } from "../tools/ports/queue.ts";
import type { Store } from "../tools/ports/store.ts";
import type { Config } from "./config.ts";
import { marketDataFromConfig } from "./market-data.ts";
import { stderrProgress } from "./progress.ts";

/** The composition root's wiring: adapters built from config, handed to tools through their context. */
export interface Runtime {
  config: Config;
  store: Store;
  /** The queue of tool shares (a scan's parts), when REDIS_URL is set. */
  fanOut?: Queue;
  contextFor(label: string): ToolContext & { done(): void };
  close(): Promise<void>;
}

export async function openRuntime(config: Config): Promise<Runtime> {
  const log = pino({ level: config.LOG_LEVEL }, pino.destination(2));
  const store = await openStore({
    home: config.ALPHADESK_HOME,
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
  });
  const abort = new AbortController();
  const marketData = marketDataFromConfig(config);
  const fanOut = config.REDIS_URL
    ? new BullmqQueue(config.REDIS_URL, `${config.ALPHADESK_QUEUE}-parts`)
    : undefined;
  return {
    config,
    store,
    ...(fanOut ? { fanOut } : {}),
    contextFor(label) {
      const progress = stderrProgress(label);
      return {
        store,
        ...(marketData ? { marketData } : {}),
        ...(fanOut ? { fanOut } : {}),
        clock: { nowMs: () => Date.now() },
        log: log.child({ tool: label }),
        progress: (fraction, message) => progress.report(fraction, message),
        signal: abort.signal,
        actor: "cli",
        done: () => progress.stop(),
      };
    },
    async close() {
      abort.abort();
      await fanOut?.close();
      await store.close();
    },
  };
}
