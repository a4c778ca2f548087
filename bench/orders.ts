import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marketStatus } from "../engine/calendar/sessions.ts";
import { hardLimits } from "../engine/risk/index.ts";
import { generateMarket } from "../engine/synthetic/index.ts";
import { FakeAlpaca } from "../test/fakes/alpaca-server.ts";
import { FakeAlpacaTrading } from "../test/fakes/alpaca-trading-server.ts";
import {
  createScratchDatabase,
  serverReachable,
  serverUrl,
} from "../test/support/postgres-server.ts";
import { AlpacaBroker } from "../tools/adapters/alpaca/broker.ts";
import { AlpacaMarketData } from "../tools/adapters/alpaca/market-data.ts";
import { PaperBroker } from "../tools/adapters/broker/paper-broker.ts";
import { HaltFile } from "../tools/adapters/halt/halt-file.ts";
import { openDatabase } from "../tools/adapters/open-store.ts";
import { ProviderPrices } from "../tools/adapters/prices/provider-prices.ts";
import { ReplayPrices } from "../tools/adapters/prices/replay-prices.ts";
import type { SqlClient } from "../tools/adapters/sql/client.ts";
import type { ToolContext } from "../tools/define-tool.ts";
import { OrderExecutor } from "../tools/orders/order-executor.ts";
import { proposeOrder } from "../tools/orders/propose-order.ts";
import type {
  Broker,
  BrokerOrder,
  BrokerOrderRequest,
  TradeUpdate,
} from "../tools/ports/broker.ts";
import type { Execution, PriceSource } from "../tools/ports/execution.ts";
import type { Store } from "../tools/ports/store.ts";
import { runTool } from "../tools/run-tool.ts";

// `npm run bench:orders`: the order path of the execution issue, timed against a bare broker
// submission of the same orders in the same run (no risk gate, no approval, no database of ours).
//  1. Approval to submission on Alpaca (the adapter against the fake Trading API and its
//     trade_updates stream, prices from the fake market-data API, the store on PGlite in a data
//     directory, as `BROKER=alpaca-paper` runs by default): from the human's decideApproval to
//     the broker's answer accepting the order, the executor pass started as soon as the decision
//     commits (what the in-process OrderDriver does on wake). p50 and p99.
//  2. Orders per second through the whole path (propose_order, decideApproval, an executor pass,
//     the broker's acceptance, the fill recorded) on the embedded defaults (PGlite in a data
//     directory, the simulated paper broker on replayed daily bars) and on the machine's
//     PostgreSQL when it is reachable. One order at a time, as a human approves them.
// Blocks of path orders and bare submissions alternate, in a rotating order, so machine noise
// hits both alike. Every order buys and then sells back the same quantity, so the account stays
// flat and no limit but the throttle could bind.
//
// The clock: the risk gate allows at most 60 orders a minute (hardLimits.maxOrdersPerMinute) and
// refuses the same order twice within a minute, counting the intents the database stamped in the
// last minute. The benchmark's clock runs in real time but in an NYSE session days ahead, so
// the intents it creates (stamped with the database's real time) fall outside both windows and
// a few hundred orders can pass in a minute: the numbers are the path's capacity, not the
// policy's ceiling of one order a second.
const alpacaOrders = Number(process.env.ALPACA_ORDERS ?? 300);
const paperOrders = Number(process.env.PAPER_ORDERS ?? 200);
const blockOrders = 20;
const warmUpOrders = 10;
const symbols = ["SPY", "QQQ", "IWM", "XLK", "XLF", "XLE", "XLV", "XLY", "XLP", "XLI"];
const actor = "cli";
const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

/** 11:00 New York on an NYSE session at least two days ahead, running in real time from there. */
function benchClock() {
  const { nextOpenMs } = marketStatus("NYSE", Date.now() + 2 * 86_400_000);
  const baseMs = nextOpenMs + 90 * 60_000;
  const startedMs = performance.now();
  return { nowMs: () => baseMs + (performance.now() - startedMs) };
}
const clock = benchClock();

/**
 * The broker as the executor sees it, noting when each order's submit is called and answered
 * and when its fill event arrives. The bookkeeping is a Map write per call.
 */
class WatchedBroker implements Broker {
  readonly submitCalledAt = new Map<string, number>();
  readonly acceptedAt = new Map<string, number>();
  private readonly fillWaiters = new Map<string, () => void>();
  private streamUp!: () => void;
  readonly up = new Promise<void>((resolve) => (this.streamUp = resolve));

  constructor(readonly inner: Broker) {}

  get name() {
    return this.inner.name;
  }
  get live() {
    return this.inner.live;
  }
  account() {
    return this.inner.account();
  }
  positions() {
    return this.inner.positions();
  }
  shortable(symbol: string) {
    return this.inner.shortable(symbol);
  }
  orderByClientId(clientOrderId: string) {
    return this.inner.orderByClientId(clientOrderId);
  }
  openOrders() {
    return this.inner.openOrders();
  }
  fillsOf(order: BrokerOrder) {
    return this.inner.fillsOf(order);
  }
  cancel(brokerOrderId: string) {
    return this.inner.cancel(brokerOrderId);
  }
  cancelAll() {
    return this.inner.cancelAll();
  }

  async submit(order: BrokerOrderRequest) {
    this.submitCalledAt.set(order.clientOrderId, performance.now());
    const placed = await this.inner.submit(order);
    this.acceptedAt.set(order.clientOrderId, performance.now());
    return placed;
  }

  /** Resolves when the order's complete fill has been handed to the subscriber. */
  filled(clientOrderId: string): Promise<void> {
    return new Promise((resolve) => this.fillWaiters.set(clientOrderId, resolve));
  }

  tradeUpdates(onUpdate: (update: TradeUpdate) => void, onState: (state: "up" | "down") => void) {
    return this.inner.tradeUpdates(
      (update) => {
        onUpdate(update);
        if (update.fill && update.order.status === "filled") {
          this.fillWaiters.get(update.order.clientOrderId)?.();
          this.fillWaiters.delete(update.order.clientOrderId);
        }
      },
      (state) => {
        if (state === "up") this.streamUp();
        onState(state);
      },
    );
  }
}

interface OrderPath {
  store: Store;
  broker: WatchedBroker;
  executor: OrderExecutor;
  context: ToolContext;
}

/** The executor and a tool context over `store` and `broker`, wired as bin/runtime.ts wires them. */
async function orderPath(
  store: Store,
  broker: WatchedBroker,
  prices: PriceSource,
  home: string,
): Promise<OrderPath> {
  const execution: Execution = {
    broker,
    prices,
    halt: new HaltFile(home),
    approvers: [actor],
    approvalTtlMs: 15 * 60_000,
    limits: {},
    wake: () => undefined,
  };
  const executor = new OrderExecutor({ store, execution, clock, log: silentLog });
  await executor.start();
  await broker.up;
  const context: ToolContext = {
    store,
    execution,
    clock,
    log: silentLog,
    progress: () => undefined,
    signal: new AbortController().signal,
    actor,
  };
  return { store, broker, executor, context };
}

/** The k-th order of a contender: buy a symbol, then sell it back. */
function orderAt(k: number, quantities: Map<string, number>) {
  const symbol = symbols[(k >> 1) % symbols.length]!;
  return {
    symbol,
    side: k % 2 === 0 ? ("buy" as const) : ("sell" as const),
    quantity: quantities.get(symbol)!,
  };
}

interface Proposed {
  status: string;
  approval: { id: string; paramsHash: string };
  order: { intentId: string };
}

async function propose(path: OrderPath, order: ReturnType<typeof orderAt>): Promise<Proposed> {
  const proposed = (await runTool(proposeOrder, order, path.context)) as Proposed;
  if (proposed.status !== "pending")
    throw new Error(`the benchmark's orders should all pass the gate: ${JSON.stringify(proposed)}`);
  return proposed;
}

async function approve(path: OrderPath, proposed: Proposed): Promise<void> {
  const decided = await path.store.decideApproval({
    approvalId: proposed.approval.id,
    approve: true,
    actor,
    paramsHash: proposed.approval.paramsHash,
    nowMs: clock.nowMs(),
  });
  if (!decided.ok) throw new Error(`approval refused: ${decided.message}`);
}

async function submitOne(path: OrderPath): Promise<void> {
  const pass = await path.executor.runOnce();
  if (pass.submitted !== 1)
    throw new Error(`the pass should submit one order: ${JSON.stringify(pass)}`);
}

/** Runs `contenders` in blocks of `blockOrders`, their order rotating from round to round. */
async function interleave(
  contenders: Record<string, (k: number) => Promise<void>>,
  orders: number,
): Promise<void> {
  const names = Object.keys(contenders);
  const done = Object.fromEntries(names.map((name) => [name, 0]));
  for (let round = 0; round * blockOrders < orders; round++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + round) % names.length]!;
      for (let i = 0; i < blockOrders && done[name]! < orders; i++)
        await contenders[name]!(done[name]!++);
    }
  }
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
const ms = (value: number) => `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)} ms`;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

async function alpacaLatency(): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), "alphadesk-bench-orders-"));
  const trading = await new FakeAlpacaTrading().start();
  const data = await new FakeAlpaca().start();
  const database = await openDatabase({ home });
  const quantities = new Map<string, number>();
  const stampPrices = () => {
    const at = new Date(clock.nowMs()).toISOString();
    symbols.forEach((symbol, index) => {
      const price = 100 + 10 * index;
      data.trades.set(symbol, { t: at, p: price, s: 100 });
      data.quotes.set(symbol, { t: at, bp: price - 0.01, bs: 100, ap: price + 0.01, as: 100 });
    });
  };
  symbols.forEach((symbol, index) => {
    trading.setPrice(symbol, 100 + 10 * index);
    quantities.set(symbol, Math.max(1, Math.round(2_000 / (100 + 10 * index))));
  });
  stampPrices();
  const alpaca = new AlpacaBroker({
    keyId: trading.keyId,
    secret: trading.secret,
    baseUrl: trading.url,
    streamUrl: trading.streamUrl,
  });
  // The SDK paces market-data requests to the free plan's 200 a minute by default; every risk
  // check makes two (latest quotes and trades), so a few hundred orders would wait on the pacing.
  const prices = new ProviderPrices(
    new AlpacaMarketData({
      keyId: data.keyId,
      secret: data.secret,
      baseUrl: data.url,
      requestsPerMinute: 1_000_000,
    }),
  );
  const path = await orderPath(database.store, new WatchedBroker(alpaca), prices, home);
  const latency: number[] = [];
  const decision: number[] = [];
  const beforeSubmit: number[] = [];
  const submitRequest: number[] = [];
  const bare: number[] = [];
  let record = false;
  const contenders = {
    path: async (k: number) => {
      const proposed = await propose(path, orderAt(k, quantities));
      const id = proposed.order.intentId;
      const filled = path.broker.filled(id);
      const started = performance.now();
      await approve(path, proposed);
      const decided = performance.now();
      await submitOne(path);
      const accepted = path.broker.acceptedAt.get(id)!;
      const called = path.broker.submitCalledAt.get(id)!;
      if (record) {
        latency.push(accepted - started);
        decision.push(decided - started);
        beforeSubmit.push(called - decided);
        submitRequest.push(accepted - called);
      }
      await filled;
      await path.executor.settled();
    },
    "bare submit": async (k: number) => {
      const id = `bare-${k}`;
      const filled = path.broker.filled(id);
      const started = performance.now();
      await alpaca.submit({
        clientOrderId: id,
        ...orderAt(k, quantities),
        type: "market",
        timeInForce: "day",
      });
      if (record) bare.push(performance.now() - started);
      await filled;
      await path.executor.settled();
    },
  };
  await interleave(contenders, warmUpOrders);
  record = true;
  const refresh = setInterval(stampPrices, 10_000);
  await interleave(
    {
      path: (k) => contenders.path(k + warmUpOrders),
      "bare submit": (k) => contenders["bare submit"](k + warmUpOrders),
    },
    alpacaOrders,
  );
  clearInterval(refresh);
  const intents = await database.store.listIntents({ states: ["filled"], limit: 100_000 });
  if (intents.length !== alpacaOrders + warmUpOrders)
    throw new Error(`expected every order filled, found ${intents.length}`);
  await path.executor.close();
  await database.client.close();
  await trading.stop();
  await data.stop();
  await rm(home, { recursive: true, force: true });

  const p50 = percentile(latency, 0.5);
  const p99 = percentile(latency, 0.99);
  const bareP50 = percentile(bare, 0.5);
  const bareP99 = percentile(bare, 0.99);
  console.log(
    `\n1. Approval to submission, Alpaca adapter against the fake Trading API, store on PGlite (${alpacaOrders} orders, interleaved with ${alpacaOrders} bare submissions)`,
  );
  console.log(
    `   decideApproval -> broker accepted   p50 ${ms(p50).padStart(9)}  p99 ${ms(p99).padStart(9)}  max ${ms(Math.max(...latency))}`,
  );
  console.log(
    `   bare AlpacaBroker.submit (peer)      p50 ${ms(bareP50).padStart(9)}  p99 ${ms(bareP99).padStart(9)}  max ${ms(Math.max(...bare))}`,
  );
  console.log(
    `   path / bare: ${(p50 / bareP50).toFixed(1)}x at p50, ${(p99 / bareP99).toFixed(1)}x at p99 (+${ms(p50 - bareP50)} at p50)`,
  );
  console.log(
    `   where it goes (p50): the decision's transaction ${ms(percentile(decision, 0.5))}, the pass up to submit (outbox, fresh risk context: 3 broker and 2 market-data requests, the claim) ${ms(percentile(beforeSubmit, 0.5))}, the order request ${ms(percentile(submitRequest, 0.5))} (the executor records the stream's \`new\` event meanwhile)`,
  );
}

async function paperThroughput(
  label: string,
  database: { store: Store; client: SqlClient },
  home: string,
) {
  const market = generateMarket({ symbols, years: 5, seed: 7 });
  await database.store.writeBars("1d", market.bars);
  const prices = new ReplayPrices(database.store, clock.nowMs);
  const quantities = new Map<string, number>();
  for (const bars of market.bars)
    quantities.set(bars.symbol, Math.max(1, Math.round(2_000 / bars.close.at(-1)!)));
  const paper = new PaperBroker({ client: database.client, prices, now: clock.nowMs });
  // The peer: its own paper account in the same database, so the two never share cash or positions.
  const barePaper = new PaperBroker({
    client: database.client,
    prices,
    account: "bare",
    now: clock.nowMs,
  });
  const path = await orderPath(database.store, new WatchedBroker(paper), prices, home);
  const stages = {
    propose: [] as number[],
    decide: [] as number[],
    pass: [] as number[],
    record: [] as number[],
  };
  const whole: number[] = [];
  const bare: number[] = [];
  let record = false;
  const contenders = {
    path: async (k: number) => {
      const started = performance.now();
      const proposed = await propose(path, orderAt(k, quantities));
      const proposedAt = performance.now();
      await approve(path, proposed);
      const decidedAt = performance.now();
      await submitOne(path);
      const passedAt = performance.now();
      await path.executor.settled();
      const recordedAt = performance.now();
      if (record) {
        stages.propose.push(proposedAt - started);
        stages.decide.push(decidedAt - proposedAt);
        stages.pass.push(passedAt - decidedAt);
        stages.record.push(recordedAt - passedAt);
        whole.push(recordedAt - started);
      }
    },
    "bare submit": async (k: number) => {
      const started = performance.now();
      const placed = await barePaper.submit({
        clientOrderId: `bare-${k}`,
        ...orderAt(k, quantities),
        type: "market",
        timeInForce: "day",
      });
      if (placed.status !== "filled")
        throw new Error(`bare order not filled: ${JSON.stringify(placed)}`);
      if (record) bare.push(performance.now() - started);
    },
  };
  await interleave(contenders, warmUpOrders);
  record = true;
  await interleave(
    {
      path: (k) => contenders.path(k + warmUpOrders),
      "bare submit": (k) => contenders["bare submit"](k + warmUpOrders),
    },
    paperOrders,
  );
  const intents = await database.store.listIntents({ states: ["filled"], limit: 100_000 });
  if (intents.length !== paperOrders + warmUpOrders)
    throw new Error(`expected every order filled, found ${intents.length}`);
  await path.executor.close();

  const pathRate = (1000 * whole.length) / sum(whole);
  const bareRate = (1000 * bare.length) / sum(bare);
  const ceiling = hardLimits.maxOrdersPerMinute / 60;
  console.log(
    `   ${label.padEnd(13)} path ${pathRate.toFixed(1).padStart(6)} orders/s (p50 ${ms(percentile(whole, 0.5))}, p99 ${ms(percentile(whole, 0.99))} an order) | bare PaperBroker.submit ${bareRate.toFixed(0).padStart(5)} orders/s (p50 ${ms(percentile(bare, 0.5))}) | path / bare ${(percentile(whole, 0.5) / percentile(bare, 0.5)).toFixed(1)}x at p50`,
  );
  console.log(
    `   ${"".padEnd(13)} where it goes (p50): propose_order ${ms(percentile(stages.propose, 0.5))}, decideApproval ${ms(percentile(stages.decide, 0.5))}, executor pass with submit and fill ${ms(percentile(stages.pass, 0.5))}, trade updates still being recorded after it ${ms(percentile(stages.record, 0.5))}`,
  );
  console.log(
    `   ${"".padEnd(13)} ${pathRate >= ceiling ? "MET   " : "MISSED"} faster than the gate lets orders through (${hardLimits.maxOrdersPerMinute} a minute, ${ceiling.toFixed(0)}/s)`,
  );
}

const started = performance.now();
await alpacaLatency();

console.log(
  `\n2. Whole path, propose_order -> decideApproval -> executor pass -> broker accepted -> fill recorded (${paperOrders} orders one at a time, interleaved with ${paperOrders} bare submissions), simulated paper broker`,
);
{
  const home = await mkdtemp(join(tmpdir(), "alphadesk-bench-orders-"));
  const database = await openDatabase({ home });
  await paperThroughput("PGlite", database, home);
  await database.client.close();
  await rm(home, { recursive: true, force: true });
}
if (await serverReachable()) {
  const scratch = await createScratchDatabase();
  const home = await mkdtemp(join(tmpdir(), "alphadesk-bench-orders-"));
  try {
    const database = await openDatabase({ databaseUrl: scratch.url, home });
    await paperThroughput("PostgreSQL", database, home);
    await database.client.close();
  } finally {
    await scratch.drop();
    await rm(home, { recursive: true, force: true });
  }
} else console.log(`   PostgreSQL    skipped: not reachable at ${new URL(serverUrl).host}`);
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s, Node ${process.version})`);
