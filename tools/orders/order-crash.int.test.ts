import { describe, expect, it } from "vitest";
import {
  intercept,
  orderHarness,
  type MethodHook,
  type OrderHarness,
} from "../../test/support/order-harness.ts";
import type { BrokerOrderRequest, TradeUpdate } from "../ports/broker.ts";
import type { OrderExecutor } from "./order-executor.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";

/**
 * A worker killed at each step of the order path, then restarted: no duplicate order, no orphan
 * order, no lost audit row. The kill is modelled at the worker's edges: once it is dead, every
 * call its store and broker get rejects before reaching anything (the process is gone, so no
 * more I/O leaves it) and no trade update reaches it, while the database and the broker (the
 * paper broker, its own "remote" ledger) go on. The restart is a fresh executor over the real
 * store and broker.
 */

class WorkerKilled extends Error {
  constructor(step: string) {
    super(`the worker was killed ${step}`);
  }
}

/** Marks the worker dead and returns the error its interrupted call throws. */
type Kill = () => WorkerKilled;

/** Where a doomed worker dies: hooks on its store and broker that call `kill` at the step. */
interface Step {
  name: string;
  store?: (kill: Kill) => Partial<Record<string, MethodHook>>;
  broker?: (kill: Kill) => Partial<Record<string, MethodHook>>;
  /** Dead from the start: no pass ever ran. */
  before?: boolean;
}

/** Kills the worker right after the real call committed: its answer never reaches the worker. */
const after =
  (when: (args: unknown[]) => boolean, kill: Kill): MethodHook =>
  async (real, args) => {
    const result = await real(...args);
    if (when(args)) throw kill();
    return result;
  };
const movedTo = (state: string) => (args: unknown[]) => args[2] === state;
const always = () => true;

const steps: Step[] = [
  { name: "after the approval committed, before any executor pass", before: true },
  {
    name: "after the move to submitting committed, before the broker request",
    store: (kill) => ({ moveIntent: after(movedTo("submitting"), kill) }),
  },
  {
    name: "after the broker accepted the order, before its answer was recorded",
    // Dead as the request leaves: the broker still takes it, its answer and events reach no one.
    broker: (kill) => ({
      submit: async (real, args) => {
        const killed = kill();
        await real(...args);
        throw killed;
      },
    }),
  },
  {
    name: "after the broker's answer was recorded (submitted), before the fill",
    store: (kill) => ({ moveIntent: after(movedTo("submitted"), kill) }),
  },
  {
    name: "after the fill was recorded, before the intent moved to filled",
    store: (kill) => ({ recordFill: after(always, kill) }),
  },
];

/** The fill event arrives and the worker dies before recording anything of it. */
const fillLost: Step = {
  name: "after a fill event arrived, before it was recorded",
  store: (kill) => ({
    recordFill: () => {
      throw kill();
    },
  }),
};

const cleanup = closedAfterEach<OrderHarness>();

/**
 * The paper broker behind a counter of the submit requests that reach it, per client order id:
 * "exactly one request per intent" is what proves no blind resend, because the broker itself
 * would refuse a second order with the same id.
 */
async function setUp() {
  const requests = new Map<string, number>();
  const h = await orderHarness({
    wrap: (paper) =>
      intercept(paper, {
        submit: (real, args) => {
          const { clientOrderId } = args[0] as BrokerOrderRequest;
          requests.set(clientOrderId, (requests.get(clientOrderId) ?? 0) + 1);
          return real(...args);
        },
      }),
  });
  cleanup(h);
  // Only the workers a test starts handle this broker's events.
  await h.executor.close();
  return { h, requests };
}

/** A worker over the real store and broker that dies at `step`. */
async function doomedWorker(h: OrderHarness, step: Step) {
  const death = { dead: false };
  const kill = () => {
    death.dead = true;
    return new WorkerKilled(step.name);
  };
  const refuse = () => (death.dead ? new WorkerKilled(step.name) : undefined);
  const brokerHooks: Partial<Record<string, MethodHook>> = {
    ...step.broker?.(kill),
    // A dead process receives nothing.
    tradeUpdates: (real, [onUpdate, onState]) =>
      real(
        (update: TradeUpdate) => {
          if (!death.dead) (onUpdate as (update: TradeUpdate) => void)(update);
        },
        (state: "up" | "down") => {
          if (!death.dead) (onState as (state: "up" | "down") => void)(state);
        },
      ),
  };
  const worker = await h.spawn({
    store: intercept(h.store, step.store?.(kill) ?? {}, refuse),
    broker: intercept(h.broker, brokerHooks, refuse),
  });
  if (step.before) death.dead = true;
  return { worker, death };
}

/**
 * Drives a doomed worker through the order's life: a pass (submission), then, while it lives,
 * the price falls through the resting limit (the fill) and another pass runs. Its failures are
 * its death. The price moves only before death or after the restart: a fill that no live worker
 * hears of is the subject of the stream-down tests (fill-recovery.int.test.ts), not this step.
 */
async function liveUntilKilled(h: OrderHarness, worker: OrderExecutor, death: { dead: boolean }) {
  await worker.runOnce().catch(() => undefined);
  await worker.settled();
  if (death.dead) return;
  await h.setPrice("AAPL", 99);
  await worker.settled();
  await worker.runOnce().catch(() => undefined);
  await worker.settled();
}

/** A restarted worker, the price through the limit, and passes until the intent is settled. */
async function restartUntilSettled(h: OrderHarness, intentId: string) {
  const fresh = await h.restart();
  await h.setPrice("AAPL", 99);
  for (let pass = 0; pass < 6; pass++) {
    await fresh.runOnce();
    await fresh.settled();
    const intent = await h.store.requestIntent(intentId);
    if (intent?.state === "filled" && (await h.store.pendingOutbox(10)).length === 0) return;
  }
}

/** A buy limit resting at 100 under a last trade of 101, approved and waiting for the executor. */
async function approvedRestingOrder(h: OrderHarness) {
  await h.setPrice("AAPL", 101);
  return h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 10, limitPrice: 100 });
}

/** Everything a whole order path leaves behind, but the fill rows (checked apart). */
async function expectWholeOrder(h: OrderHarness, requests: Map<string, number>, intentId: string) {
  const intent = await h.store.requestIntent(intentId);
  expect(intent).toMatchObject({ state: "filled", filledQuantity: 10, averageFillPrice: 99 });

  // One request reached the broker for the intent, and the broker holds exactly its one order.
  expect(requests.get(intentId)).toBe(1);
  const brokerOrders = await h.client.query<{
    client_order_id: string;
    broker_order_id: string;
    status: string;
  }>("SELECT client_order_id, broker_order_id, status FROM paper_orders");
  expect(brokerOrders).toEqual([
    { client_order_id: intentId, broker_order_id: intent!.brokerOrderId, status: "filled" },
  ]);
  expect(await h.broker.openOrders()).toEqual([]);
  expect(await h.store.pendingOutbox(10)).toEqual([]);
  expect(await h.store.listIntents({ states: ["submitting", "unknown"], limit: 10 })).toEqual([]);

  // Every move committed its audit row with it: as many move rows as order.updated events, and
  // both walk the same states.
  const trail = (await h.store.listAudit({ subject: intentId, limit: 100 })).reverse();
  const actions = trail.map((entry) => entry.action);
  expect(actions.slice(0, 2)).toEqual(["order.proposed", "approval.decided"]);
  expect(actions.filter((action) => action === "order.proposed")).toHaveLength(1);
  expect(actions.filter((action) => action === "approval.decided")).toHaveLength(1);
  expect(actions).toContain("order.submitting");
  const moves = trail.filter((entry) =>
    ["order.submitting", "order.submitted", "order.updated"].includes(entry.action),
  );
  const events = (
    await h.store.readEvents({ afterId: 0, topics: ["order.updated"], limit: 100 })
  ).filter((event) => (event.payload as { intentId: string }).intentId === intentId);
  expect(moves).toHaveLength(events.length);
  expect((events.at(-1)?.payload as { state: string }).state).toBe("filled");
  expect(await h.store.verifyAuditLog()).toMatchObject({ ok: true });
  return intent!;
}

/** Each fill the broker made is stored once, under its id, with its audit row. */
async function expectFillRows(h: OrderHarness, intentId: string, brokerOrderId: string) {
  const atBroker = await h.paper.fills(brokerOrderId);
  const stored = await h.client.query<{ fill_id: string; quantity: number; price: number }>(
    "SELECT fill_id, quantity, price FROM order_fills WHERE intent_id = $1::uuid ORDER BY at, fill_id",
    [intentId],
  );
  expect(stored).toEqual(
    atBroker.map((fill) => ({ fill_id: fill.fillId, quantity: fill.quantity, price: fill.price })),
  );
  const fillAudit = (await h.store.listAudit({ subject: intentId, limit: 100 })).filter(
    (entry) => entry.action === "fill",
  );
  expect(fillAudit.map((entry) => (entry.details as { fillId: string }).fillId).sort()).toEqual(
    atBroker.map((fill) => fill.fillId).sort(),
  );
}

describe("a worker killed at a step of the order path and restarted", () => {
  it.each(steps)("$name: one order, filled, nothing pending, every audit row", async (step) => {
    const { h, requests } = await setUp();
    const intent = await approvedRestingOrder(h);
    const { worker, death } = await doomedWorker(h, step);
    await liveUntilKilled(h, worker, death);
    expect(death.dead).toBe(true);

    await restartUntilSettled(h, intent.id);
    const settled = await expectWholeOrder(h, requests, intent.id);
    await expectFillRows(h, intent.id, settled.brokerOrderId!);
  });

  it(`${fillLost.name}: one order, filled at the broker's quantity and price, nothing pending`, async () => {
    const { h, requests } = await setUp();
    const intent = await approvedRestingOrder(h);
    const { worker, death } = await doomedWorker(h, fillLost);
    await liveUntilKilled(h, worker, death);
    expect(death.dead).toBe(true);
    await restartUntilSettled(h, intent.id);
    await expectWholeOrder(h, requests, intent.id);
  });

  // The fill event went to the dead worker; the restarted worker's lookup finds the order filled
  // with no fill row behind it, reads the order's fills from the broker (`fillsOf`) and records
  // each under the id its event carried before moving the intent.
  it(`${fillLost.name}: the fill's own row is recovered`, async () => {
    const { h } = await setUp();
    const intent = await approvedRestingOrder(h);
    const { worker, death } = await doomedWorker(h, fillLost);
    await liveUntilKilled(h, worker, death);
    await restartUntilSettled(h, intent.id);
    const settled = await h.store.requestIntent(intent.id);
    await expectFillRows(h, intent.id, settled!.brokerOrderId!);
  });

  it("killed again at every step of its own recovery, the path still ends whole", async () => {
    const { h, requests } = await setUp();
    const intent = await approvedRestingOrder(h);
    // Each restart dies one step further on: after claiming, after the lookup sent the intent
    // back to approved, as its own request left, and once its answer was recorded.
    const chain: Step[] = [
      steps[1]!,
      {
        name: "after the lookup found nothing and moved the intent back to approved",
        store: (kill) => ({ moveIntent: after(movedTo("approved"), kill) }),
      },
      steps[2]!,
      steps[3]!,
    ];
    for (const step of chain) {
      const { worker, death } = await doomedWorker(h, step);
      await worker.runOnce().catch(() => undefined);
      await worker.settled();
      expect(death.dead, step.name).toBe(true);
    }
    await restartUntilSettled(h, intent.id);
    const settled = await expectWholeOrder(h, requests, intent.id);
    await expectFillRows(h, intent.id, settled.brokerOrderId!);
    const notes = (await h.store.listAudit({ subject: intent.id, limit: 100 })).map(
      (entry) => (entry.details as { event?: string }).event,
    );
    expect(notes.filter((note) => note === "lookup_missing")).toHaveLength(1);
  });
});
