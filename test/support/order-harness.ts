import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryPaperPrices, PaperBroker } from "../../tools/adapters/broker/paper-broker.ts";
import { HaltFile } from "../../tools/adapters/halt/halt-file.ts";
import type { SqlClient } from "../../tools/adapters/sql/client.ts";
import { SqlStore } from "../../tools/adapters/sql/store.ts";
import type { ToolContext } from "../../tools/define-tool.ts";
import { OrderExecutor } from "../../tools/orders/order-executor.ts";
import type { Broker } from "../../tools/ports/broker.ts";
import type { Execution, PriceSource } from "../../tools/ports/execution.ts";
import type { Store } from "../../tools/ports/store.ts";
import { createTestClient } from "./pglite.ts";

/** Tuesday 2024-06-04 10:00 in New York: NYSE is open. */
export const openMarketMs = Date.UTC(2024, 5, 4, 14, 0);
export const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

/** Last trades set by hand, stamped `atMs` (default: the harness clock's now). */
class HandPrices implements PriceSource {
  readonly name = "test prices";
  constructor(private readonly paper: MemoryPaperPrices) {}
  async lastTrade(symbol: string) {
    const quote = await this.paper.latest(symbol);
    return quote && { price: quote.price, atMs: quote.atMs };
  }
}

export interface OrderHarness {
  client: SqlClient;
  store: Store;
  broker: Broker;
  paper: PaperBroker;
  execution: Execution;
  executor: OrderExecutor;
  context: ToolContext;
  halt: HaltFile;
  wakes: () => number;
  now: () => number;
  advance(ms: number): void;
  setPrice(symbol: string, price: number, volume?: number): Promise<void>;
  /** A new executor over the same database and broker (a restart). */
  restart(broker?: Broker): Promise<OrderExecutor>;
  close(): Promise<void>;
}

/**
 * The order path over an in-memory PGlite: the real store, the paper broker on hand-set prices,
 * a halt file in a temporary directory, and an executor subscribed to the broker's updates.
 * `wrap` may put a faulty broker in front of the paper broker.
 */
export async function orderHarness(
  options: {
    nowMs?: number;
    approvers?: string[];
    limits?: Execution["limits"];
    wrap?: (broker: Broker) => Broker;
    startingCash?: number;
  } = {},
): Promise<OrderHarness> {
  const client = await createTestClient();
  const store = new SqlStore(client);
  let nowMs = options.nowMs ?? openMarketMs;
  const paperPrices = new MemoryPaperPrices();
  const paper = new PaperBroker({
    client,
    prices: paperPrices,
    now: () => nowMs,
    startingCash: options.startingCash ?? 100_000,
  });
  const broker = options.wrap ? options.wrap(paper) : paper;
  const halt = new HaltFile(await mkdtemp(join(tmpdir(), "alphadesk-halt-")));
  let wakes = 0;
  const execution: Execution = {
    broker,
    prices: new HandPrices(paperPrices),
    halt,
    approvers: options.approvers ?? ["U1"],
    approvalTtlMs: 15 * 60_000,
    limits: options.limits ?? {},
    wake: () => void wakes++,
  };
  const clock = { nowMs: () => nowMs };
  const executors: OrderExecutor[] = [];
  const newExecutor = async (over: Broker = broker) => {
    const executor = new OrderExecutor({
      store,
      execution: { ...execution, broker: over },
      clock,
      log: silentLog,
    });
    await executor.start();
    executors.push(executor);
    return executor;
  };
  const executor = await newExecutor();
  return {
    client,
    store,
    broker,
    paper,
    execution,
    executor,
    halt,
    context: {
      store,
      execution,
      clock,
      log: silentLog,
      progress: () => undefined,
      signal: new AbortController().signal,
      actor: "U1",
    },
    wakes: () => wakes,
    now: () => nowMs,
    advance: (ms) => void (nowMs += ms),
    async setPrice(symbol, price, volume = 1e9) {
      paperPrices.set(symbol, { price, atMs: nowMs, volume });
      await paper.tick([symbol]);
    },
    restart: newExecutor,
    async close() {
      for (const started of executors) await started.close();
      await client.close();
    },
  };
}
