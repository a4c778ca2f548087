import { afterEach, describe, expect, it } from "vitest";
import { FakeAlpacaTrading } from "../../test/fakes/alpaca-trading-server.ts";
import { intercept, orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { alpacaBrokerAt } from "../../test/support/fake-alpaca-broker.ts";
import type { ToolContext } from "../define-tool.ts";
import type { TradeUpdate } from "../ports/broker.ts";
import type { Execution } from "../ports/execution.ts";
import type { Store } from "../ports/store.ts";
import { engageKillSwitch, killSwitch } from "./kill-switch.ts";
import { eventually } from "../../test/support/eventually.ts";

/**
 * The kill switch with its dependencies down, against the fake of Alpaca's Trading API: each
 * step (the halt file, the database, the broker) goes on when another one's service is gone, and
 * it needs neither Redis nor the model.
 */

let fake: FakeAlpacaTrading | undefined;
let fakeStopped = false;
let harness: OrderHarness | undefined;
afterEach(async () => {
  await harness?.close();
  if (!fakeStopped) await fake?.stop();
  harness = undefined;
  fake = undefined;
  fakeStopped = false;
});

/** The harness over an AlpacaBroker against a fresh fake, its executor's stream up. */
async function setUp() {
  const server = await new FakeAlpacaTrading().start();
  fake = server;
  const alpaca = alpacaBrokerAt(server);
  const states: string[] = [];
  const broker = intercept(alpaca, {
    tradeUpdates: (real, [onUpdate, onState]) =>
      real(onUpdate as (update: TradeUpdate) => void, (state: "up" | "down") => {
        states.push(state);
        (onState as (state: "up" | "down") => void)(state);
      }),
  });
  const h = await orderHarness({ wrap: () => broker });
  harness = h;
  await eventually(() => states.at(-1) === "up");
  // Prices for the risk gate only: at the fake, market orders rest until cancelled.
  await h.setPrice("AAPL", 100);
  await h.setPrice("MSFT", 200);
  return {
    h,
    fake: server,
    states,
    posts: () => server.requests.filter((request) => request === "POST /v2/orders").length,
    async stopFake() {
      fakeStopped = true;
      await server.stop();
    },
  };
}

/** Two orders resting at Alpaca (sent by the executor) and one approved, not yet sent. */
async function openAndWaitingOrders(s: Awaited<ReturnType<typeof setUp>>) {
  const resting = [
    await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 }),
    await s.h.approveOrder({ symbol: "MSFT", side: "buy", quantity: 5 }),
  ];
  expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 2 });
  expect(s.fake.orders.map((order) => order.status)).toEqual(["new", "new"]);
  const waiting = await s.h.approveOrder({ symbol: "AAPL", side: "sell", quantity: 1 });
  return { resting, waiting };
}

/** A database whose every call fails as a server that is down does. */
function unreachableStore(store: Store): Store {
  return intercept(store, {}, () => new Error("connect ECONNREFUSED 127.0.0.1:5432"));
}

const stepsOf = (steps: { step: string; ok: boolean; detail: string }[]) =>
  Object.fromEntries(steps.map((step) => [step.step, step]));

describe("the kill switch with its dependencies down", () => {
  it.each([
    {
      name: "no store (the database could not be opened)",
      store: () => Promise.resolve(undefined),
      detail: /the database could not be opened/,
    },
    {
      name: "a closed store",
      store: async () => {
        const store = await createTestStore();
        await store.close();
        return store;
      },
      detail: /closed/,
    },
  ])(
    "database down ($name): the halt file is raised and every open order at Alpaca cancelled",
    async ({ store, detail }) => {
      const s = await setUp();
      const { resting, waiting } = await openAndWaitingOrders(s);

      const steps = stepsOf(
        await engageKillSwitch({
          halt: s.h.halt,
          broker: s.h.broker,
          store: await store(),
          actor: "ops",
          reason: "database down",
          nowMs: s.h.now(),
        }),
      );
      expect(steps.halt_flag).toMatchObject({ ok: true });
      expect(steps.database).toMatchObject({ ok: false, detail: expect.stringMatching(detail) });
      expect(steps.broker).toMatchObject({
        ok: true,
        detail: "every open order at alpaca-paper was cancelled",
      });
      expect(s.fake.requests).toContain("DELETE /v2/orders");
      expect(s.fake.orders.map((order) => order.status)).toEqual(["canceled", "canceled"]);
      expect(await s.h.halt.read()).toMatchObject({ reason: "database down", actor: "ops" });

      // The database never took the halt: the approved order is still there, still approved.
      expect(await s.h.store.requestControls("account")).toMatchObject({ state: "active" });
      expect(await s.h.store.requestIntent(waiting.id)).toMatchObject({ state: "approved" });

      // A pass over the healthy store: the halt file alone stops it, and nothing is sent.
      const posts = s.posts();
      expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0, cancelled: 1 });
      expect(s.posts()).toBe(posts);
      expect(await s.h.store.requestIntent(waiting.id)).toMatchObject({
        state: "cancelled",
        rejectReason: "kill switch: database down",
      });
      // The resting orders' cancellations arrive on the stream.
      for (const intent of resting)
        await eventually(
          async () => (await s.h.store.requestIntent(intent.id))?.state === "cancelled",
        );
      expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0 });
      expect(s.posts()).toBe(posts);
      expect(await s.h.store.pendingOutbox(10)).toEqual([]);
      expect(await s.h.store.verifyAuditLog()).toMatchObject({ ok: true });
    },
  );

  it("broker unreachable: halted in the database and the file, the broker step failed", async () => {
    const s = await setUp();
    const waiting = await s.h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10 });
    await s.stopFake();

    const steps = stepsOf(
      await engageKillSwitch({
        halt: s.h.halt,
        broker: s.h.broker,
        store: s.h.store,
        actor: "ops",
        reason: "broker unreachable",
        nowMs: s.h.now(),
      }),
    );
    expect(steps.halt_flag).toMatchObject({ ok: true });
    expect(steps.database).toMatchObject({
      ok: true,
      detail: "account halted; 1 approved order(s) not yet sent were cancelled",
    });
    expect(steps.broker).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/Alpaca's trading API is not answering/),
    });
    expect(await s.h.halt.read()).toMatchObject({ reason: "broker unreachable" });
    expect(await s.h.store.requestControls("account")).toMatchObject({
      state: "halted",
      reason: "broker unreachable",
    });
    expect(await s.h.store.requestIntent(waiting.id)).toMatchObject({
      state: "cancelled",
      rejectReason: "kill switch: broker unreachable",
    });
    const actions = (await s.h.store.listAudit({ limit: 20 })).map((entry) => entry.action);
    expect(actions.filter((action) => action === "kill_switch")).toHaveLength(2);
    expect(await s.h.store.verifyAuditLog()).toMatchObject({ ok: true });
    await eventually(() => s.states.at(-1) === "down");
    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0 });
    expect(await s.h.store.pendingOutbox(10)).toEqual([]);
  });

  it("needs no queue and no model: the tool reads only the store, the halt flag and the broker", async () => {
    const s = await setUp();
    const { waiting } = await openAndWaitingOrders(s);
    const read = new Set<string>();
    const readOfExecution = new Set<string>();
    const execution = new Proxy(
      { ...s.h.execution, wake: () => expect.fail("the kill switch woke the order worker") },
      {
        get(target, property, receiver) {
          readOfExecution.add(String(property));
          return Reflect.get(target, property, receiver) as unknown;
        },
      },
    ) satisfies Execution;
    // No fanOut (the Redis queue) and no market data; the database is down too.
    const base: ToolContext = {
      store: unreachableStore(s.h.store),
      execution,
      clock: { nowMs: () => s.h.now() },
      log: { debug() {}, info() {}, warn() {}, error() {} },
      progress: () => undefined,
      signal: new AbortController().signal,
      actor: "U1",
    };
    const context = new Proxy(base, {
      get(target, property, receiver) {
        read.add(String(property));
        return Reflect.get(target, property, receiver) as unknown;
      },
    });

    const result = await killSwitch.run({ reason: "no redis, no model" }, context);
    expect(result.halted).toBe(true);
    expect(stepsOf(result.steps)).toMatchObject({
      halt_flag: { ok: true },
      database: {
        ok: false,
        detail: expect.stringMatching(
          /^connect ECONNREFUSED 127.0.0.1:5432: the account was not halted in the database/,
        ),
      },
      broker: { ok: true },
    });
    expect(s.fake.orders.map((order) => order.status)).toEqual(["canceled", "canceled"]);
    expect([...read].sort()).toEqual(["actor", "clock", "execution", "store"]);
    expect([...readOfExecution].sort()).toEqual(["broker", "halt"]);

    expect(await s.h.executor.runOnce()).toMatchObject({ submitted: 0, cancelled: 1 });
    expect(await s.h.store.requestIntent(waiting.id)).toMatchObject({
      state: "cancelled",
      rejectReason: "kill switch: no redis, no model",
    });
  });

  it("with the database and the broker both down, the halt file alone halts", async () => {
    const s = await setUp();
    await s.stopFake();
    const context: ToolContext = {
      store: unreachableStore(s.h.store),
      execution: s.h.execution,
      clock: { nowMs: () => s.h.now() },
      log: { debug() {}, info() {}, warn() {}, error() {} },
      progress: () => undefined,
      signal: new AbortController().signal,
      actor: "U1",
    };
    const result = await killSwitch.run({ reason: "everything is on fire" }, context);
    expect(result.halted).toBe(true);
    expect(stepsOf(result.steps)).toMatchObject({
      halt_flag: { ok: true },
      database: { ok: false },
      broker: { ok: false },
    });
    expect(await s.h.halt.read()).toMatchObject({ reason: "everything is on fire", actor: "U1" });
  });
});
