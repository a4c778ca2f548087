import { describe, expect, it } from "vitest";
import { intercept, orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import type { Broker, TradeUpdate } from "../ports/broker.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";

/**
 * Fills no live worker recorded from their events (the trade-updates stream was down, or the
 * event's fill was lost) get their rows from the broker's list of the order's fills when the
 * executor next reconciles: each fill once, under the id its event carried, with its `fill` audit
 * row. The broker is the paper broker; its "stream" is cut here by detaching the executor's
 * listener, as a network failure would, and the paper ledger goes on filling.
 */

const cleanup = closedAfterEach<OrderHarness>();

/**
 * The paper broker behind a cable the test can cut: while cut, the subscriber hears "down" and no
 * update (they are kept, to be redelivered late); restored, it hears "up".
 */
function cable() {
  let cut = false;
  const dropped: TradeUpdate[] = [];
  const listeners: { onUpdate: (u: TradeUpdate) => void; onState: (s: "up" | "down") => void }[] =
    [];
  const wrap = (paper: Broker): Broker =>
    intercept(paper, {
      tradeUpdates: (real, args) => {
        const [onUpdate, onState] = args as [
          (update: TradeUpdate) => void,
          (state: "up" | "down") => void,
        ];
        listeners.push({ onUpdate, onState });
        return real((update: TradeUpdate) => {
          if (cut) dropped.push(update);
          else onUpdate(update);
        }, onState);
      },
    });
  return {
    wrap,
    dropped,
    cut() {
      cut = true;
      for (const listener of listeners) listener.onState("down");
    },
    restore() {
      cut = false;
      for (const listener of listeners) listener.onState("up");
    },
    /** The updates missed while cut, delivered now (a late redelivery). */
    redeliver() {
      for (const update of dropped.splice(0))
        for (const listener of listeners) listener.onUpdate(update);
    },
  };
}

async function fillRows(h: OrderHarness, intentId: string) {
  return h.client.query<{ fill_id: string; quantity: number; price: number }>(
    "SELECT fill_id, quantity, price FROM order_fills WHERE intent_id = $1::uuid ORDER BY at, fill_id",
    [intentId],
  );
}

/** The broker's fills of the intent's order, each stored once with one `fill` audit row. */
async function expectEachFillOnce(h: OrderHarness, intentId: string) {
  const intent = (await h.store.requestIntent(intentId))!;
  const atBroker = await h.paper.fills(intent.brokerOrderId!);
  expect(await fillRows(h, intentId)).toEqual(
    atBroker.map((fill) => ({ fill_id: fill.fillId, quantity: fill.quantity, price: fill.price })),
  );
  const audited = (await h.store.listAudit({ subject: intentId, limit: 100 }))
    .filter((entry) => entry.action === "fill")
    .map((entry) => (entry.details as { fillId: string }).fillId);
  expect(audited.sort()).toEqual(atBroker.map((fill) => fill.fillId).sort());
  expect(await h.store.verifyAuditLog()).toMatchObject({ ok: true });
  return atBroker;
}

describe("fills recovered from the broker", () => {
  it("fills while the stream is down: their rows appear after reconciliation, each once", async () => {
    const line = cable();
    const h = await orderHarness({ wrap: line.wrap });
    cleanup(h);
    await h.setPrice("AAPL", 101);
    const intent = await h.approveOrder({
      symbol: "AAPL",
      side: "buy",
      quantity: 10,
      limitPrice: 100,
    });
    expect(await h.executor.runOnce()).toMatchObject({ submitted: 1 });
    await h.executor.settled();
    expect(await h.store.requestIntent(intent.id)).toMatchObject({ state: "submitted" });

    line.cut();
    // Two bars through the limit while no one listens: 4 units on a thin bar (a tenth of its
    // volume), the other 6 on the next.
    await h.setPrice("AAPL", 99, 40);
    h.advance(60_000);
    await h.setPrice("AAPL", 99.5);
    expect(line.dropped.filter((update) => update.fill)).toHaveLength(2);
    const blocked = await h.executor.runOnce();
    expect(blocked.blocked).toMatch(/trade-updates stream is down/);
    expect(await fillRows(h, intent.id)).toEqual([]);
    expect(await h.store.requestIntent(intent.id)).toMatchObject({
      state: "submitted",
      filledQuantity: 0,
    });

    line.restore();
    expect(await h.executor.runOnce()).not.toHaveProperty("blocked");
    const settled = await h.store.requestIntent(intent.id);
    expect(settled).toMatchObject({ state: "filled", filledQuantity: 10 });
    expect(settled!.averageFillPrice).toBeCloseTo((4 * 99 + 6 * 99.5) / 10, 9);
    const fills = await expectEachFillOnce(h, intent.id);
    expect(fills.map((fill) => [fill.quantity, fill.price])).toEqual([
      [4, 99],
      [6, 99.5],
    ]);
    // The fill rows were written before the move that settled the intent.
    const trail = (await h.store.listAudit({ subject: intent.id, limit: 100 })).reverse();
    const firstFill = trail.findIndex((entry) => entry.action === "fill");
    const filledMove = trail.findIndex(
      (entry) => (entry.details as { brokerStatus?: string }).brokerStatus === "filled",
    );
    expect(firstFill).toBeGreaterThanOrEqual(0);
    expect(firstFill).toBeLessThan(filledMove);

    // The missed events arriving late, and more passes, store nothing twice.
    line.redeliver();
    await h.executor.settled();
    await h.executor.runOnce();
    await expectEachFillOnce(h, intent.id);
    expect(await h.store.requestIntent(intent.id)).toMatchObject({ state: "filled" });
  });

  it("a settled intent missing its fill rows is repaired at the next reconciliation", async () => {
    const h = await orderHarness();
    cleanup(h);
    await h.executor.close();
    // A worker whose fill writes are lost while its moves commit: the intent ends filled with no
    // fill row behind it (as a fill event lost on its way to the store would leave it).
    const lossy = await h.spawn({
      store: intercept(h.store, { recordFill: () => Promise.resolve(false) }),
    });
    await h.setPrice("AAPL", 100);
    const intent = await h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 5 });
    expect(await lossy.runOnce()).toMatchObject({ submitted: 1 });
    await lossy.settled();
    await lossy.close();
    expect(await h.store.requestIntent(intent.id)).toMatchObject({
      state: "filled",
      filledQuantity: 5,
    });
    expect(await fillRows(h, intent.id)).toEqual([]);

    const fresh = await h.restart();
    await fresh.runOnce();
    const fills = await expectEachFillOnce(h, intent.id);
    expect(fills.map((fill) => fill.quantity)).toEqual([5]);
    // Nothing missing any more: later reconciliations ask the broker for nothing.
    const again = await h.restart();
    await again.runOnce();
    await expectEachFillOnce(h, intent.id);
  });
});
