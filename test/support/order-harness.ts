import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryPaperPrices, PaperBroker } from "../../tools/adapters/broker/paper-broker.ts";
import { HaltFile } from "../../tools/adapters/halt/halt-file.ts";
import type { SqlClient } from "../../tools/adapters/sql/client.ts";
import { SqlStore } from "../../tools/adapters/sql/store.ts";
import type { ToolContext } from "../../tools/define-tool.ts";
import { OrderExecutor } from "../../tools/orders/order-executor.ts";
import { paramsHash } from "../../tools/orders/params-hash.ts";
import { proposeOrder } from "../../tools/orders/propose-order.ts";
import { parseToolInput } from "../../tools/run-tool.ts";
import type { Broker } from "../../tools/ports/broker.ts";
import type { Execution, PriceSource } from "../../tools/ports/execution.ts";
import type { OrderIntent } from "../../tools/ports/orders.ts";
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
  /** A started executor over the given store and broker (default the harness's), closed with it. */
  spawn(parts?: { store?: Store; broker?: Broker }): Promise<OrderExecutor>;
  /**
   * Proposes an order straight through the store and approves it as the first approver would:
   * the intent, approved, with its outbox row queued. No risk gate runs (the executor's re-check
   * at submission still does).
   */
  /**
   * An order through `propose_order` (the risk gate) and a human's approval in the store; throws
   * when the gate denies it. Returns the proposal (nothing is sent: run the executor for that).
   */
  proposeApproved(
    input: Record<string, unknown>,
  ): Promise<{ intentId: string; approvalId: string }>;
  approveOrder(order: {
    symbol: string;
    side: "buy" | "sell";
    quantity: number;
    limitPrice?: number;
  }): Promise<OrderIntent>;
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
    /** The paper account may sell short. */
    allowShort?: boolean;
  } = {},
): Promise<OrderHarness> {
  const client = await createTestClient();
  const store: Store = new SqlStore(client);
  let nowMs = options.nowMs ?? openMarketMs;
  const paperPrices = new MemoryPaperPrices();
  const paper = new PaperBroker({
    client,
    prices: paperPrices,
    now: () => nowMs,
    startingCash: options.startingCash ?? 100_000,
    allowShort: options.allowShort ?? false,
  });
  const broker = options.wrap ? options.wrap(paper) : paper;
  const haltHome = await mkdtemp(join(tmpdir(), "alphadesk-halt-"));
  const halt = new HaltFile(haltHome);
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
  const newExecutor = async (over: Broker = broker, overStore: Store = store) => {
    const executor = new OrderExecutor({
      store: overStore,
      execution: { ...execution, broker: over },
      clock,
      log: silentLog,
    });
    await executor.start();
    executors.push(executor);
    return executor;
  };
  const executor = await newExecutor();
  const context: ToolContext = {
    store,
    execution,
    clock,
    log: silentLog,
    progress: () => undefined,
    signal: new AbortController().signal,
    actor: "U1",
  };
  return {
    client,
    store,
    broker,
    paper,
    execution,
    executor,
    halt,
    context,
    wakes: () => wakes,
    now: () => nowMs,
    advance: (ms) => void (nowMs += ms),
    async setPrice(symbol, price, volume = 1e9) {
      paperPrices.set(symbol, { price, atMs: nowMs, volume });
      await paper.tick([symbol]);
    },
    restart: (over) => newExecutor(over),
    spawn: (parts = {}) => newExecutor(parts.broker, parts.store),
    async proposeApproved(input) {
      const proposed = await proposeOrder.run(
        parseToolInput(proposeOrder, input) as never,
        context,
      );
      if (proposed.status !== "pending") throw new Error(JSON.stringify(proposed));
      const decided = await store.decideApproval({
        approvalId: proposed.approval.id,
        approve: true,
        actor: execution.approvers[0]!,
        paramsHash: proposed.approval.paramsHash,
        nowMs,
      });
      if (!decided.ok) throw new Error(`approval failed: ${decided.message}`);
      return { intentId: proposed.order.intentId, approvalId: proposed.approval.id };
    },
    async approveOrder(order) {
      const parameters = {
        broker: broker.name,
        symbol: order.symbol,
        side: order.side,
        quantity: order.quantity,
        type: order.limitPrice === undefined ? ("market" as const) : ("limit" as const),
        limitPrice: order.limitPrice ?? null,
        strategyId: null,
      };
      const hash = paramsHash(parameters);
      const { approval } = await store.proposeIntent(
        { ...parameters, paramsHash: hash, risk: {}, queuedUntilMs: null },
        { approvers: execution.approvers.slice(), expiresAtMs: nowMs + execution.approvalTtlMs },
        "test",
      );
      const decided = await store.decideApproval({
        approvalId: approval.id,
        approve: true,
        actor: execution.approvers[0]!,
        paramsHash: hash,
        nowMs,
      });
      if (!decided.ok) throw new Error(`approval failed: ${decided.message}`);
      return decided.intent;
    },
    async close() {
      for (const started of executors) await started.close();
      await client.close();
      await rm(haltHome, { recursive: true, force: true });
    },
  };
}

/** Runs instead of a method: `real` is the target's own, bound to it. */
export type MethodHook = (
  real: (...args: unknown[]) => Promise<unknown>,
  args: unknown[],
) => unknown;

/**
 * `target` with some methods replaced by hooks (a fault, a counter, a crash); every other member
 * is the target's own, bound to it so its internal calls bypass the proxy. While `refuse` returns
 * an error, every method call (hooked or not) rejects with it and reaches nothing.
 */
export function intercept<T extends object>(
  target: T,
  hooks: Partial<Record<string, MethodHook>>,
  refuse: () => Error | undefined = () => undefined,
): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== "function") return value;
      const real = (value as (...args: unknown[]) => Promise<unknown>).bind(object);
      const hook = typeof property === "string" ? hooks[property] : undefined;
      return (...args: unknown[]) => {
        const refusal = refuse();
        if (refusal) return Promise.reject(refusal);
        return hook ? hook(real, args) : real(...args);
      };
    },
  });
}
