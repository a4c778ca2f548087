import { expect, it } from "vitest";
import type { NewPriceAlert } from "../ports/price-alerts.ts";
import type { Store } from "../ports/store.ts";

const alertOf = (
  symbol: string,
  level: number,
  over: Partial<NewPriceAlert> = {},
): NewPriceAlert => ({
  symbol,
  indicator: null,
  direction: "below" as const,
  level,
  priceAtSet: 610,
  priceSource: "test prices",
  note: null,
  actor: "U1",
  thread: null,
  ...over,
});

/** The price alerts' part of the Store contract (store.contract.ts runs it on every adapter). */
export function priceAlertStoreContract(store: () => Store): void {
  it("keeps price alerts newest first, finds them by the start of their id, cancels only active ones", async () => {
    const spy = await store().savePriceAlert(alertOf("SPY", 600, { note: "add on the dip" }));
    const qqq = await store().savePriceAlert(alertOf("QQQ", 520, { direction: "above" }));
    expect(spy).toMatchObject({
      symbol: "SPY",
      direction: "below",
      level: 600,
      priceAtSet: 610,
      note: "add on the dip",
      thread: null,
      state: "active",
      triggered: null,
      cancelled: null,
    });
    expect((await store().listPriceAlerts({ limit: 10 })).map((a) => a.id)).toEqual([
      qqq.id,
      spy.id,
    ]);
    expect(await store().listPriceAlerts({ symbol: "SPY", limit: 10 })).toEqual([spy]);
    expect(await store().findPriceAlerts(spy.id.slice(0, 8).toUpperCase())).toEqual([spy]);
    expect(await store().findPriceAlerts("not hex")).toEqual([]);

    const cancelled = await store().cancelPriceAlert(qqq.id, "U2");
    expect(cancelled).toMatchObject({ state: "cancelled", cancelled: { actor: "U2" } });
    // A second cancel changes nothing: the alert as it stands.
    expect(await store().cancelPriceAlert(qqq.id, "U3")).toEqual(cancelled);
    expect(await store().listPriceAlerts({ states: ["active"], limit: 10 })).toEqual([spy]);
    expect(await store().cancelPriceAlert("00000000-0000-4000-8000-000000000000", "U1")).toBe(
      undefined,
    );
    await expect(store().savePriceAlert(alertOf("SPY", Infinity))).rejects.toMatchObject({
      code: "invalid_data",
    });
  });

  it("keeps an indicator alert's expression, whose level and values may be negative; a price's may not", async () => {
    const indicator = { macd: { fast: 12, slow: 26, signal: 9, output: "histogram" } };
    const macd = await store().savePriceAlert(
      alertOf("SPY", 0, { indicator, direction: "above", priceAtSet: -1.25 }),
    );
    expect(macd).toMatchObject({ indicator, level: 0, priceAtSet: -1.25, state: "active" });
    expect(await store().findPriceAlerts(macd.id)).toEqual([macd]);
    const williams = await store().savePriceAlert(
      alertOf("SPY", -80, { indicator: { williamsR: { period: 14 } }, priceAtSet: -50 }),
    );
    const value = { price: -83.5, atMs: Date.UTC(2026, 11, 4), source: "the daily close" };
    expect(await store().triggerPriceAlert(williams.id, value)).toMatchObject({
      triggered: { price: -83.5 },
    });
    // A price alert keeps a positive level (one refusal per test: pg over PGlite's socket server
    // loses its connection after a statement fails).
    await expect(store().savePriceAlert(alertOf("SPY", -5))).rejects.toMatchObject({
      code: "invalid_data",
    });
  });

  it("fires an alert once, with its price.alert event in the same write, however many checkers race", async () => {
    const thread = "slack:T1:C1:1700000000.0001";
    const alert = await store().savePriceAlert(alertOf("SPY", 600, { note: "dip", thread }));
    expect(alert.thread).toBe(thread);
    const before = await store().lastEventId();
    const price = { price: 599.5, atMs: Date.UTC(2026, 11, 4, 14, 31), source: "test prices" };
    const fired = await Promise.all(
      Array.from({ length: 4 }, () => store().triggerPriceAlert(alert.id, price)),
    );
    const winners = fired.filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({
      state: "triggered",
      triggered: { price: 599.5, atMs: price.atMs, source: "test prices" },
    });
    const events = await store().readEvents({ afterId: before, limit: 10 });
    expect(events).toEqual([
      expect.objectContaining({
        topic: "price.alert",
        payload: {
          alertId: alert.id,
          symbol: "SPY",
          indicator: null,
          direction: "below",
          level: 600,
          price: 599.5,
          priceAtMs: price.atMs,
          source: "test prices",
          note: "dip",
          actor: "U1",
          setAtMs: alert.createdAtMs,
          thread,
        },
      }),
    ]);
    // Fired is final: neither fired again nor cancelled.
    expect(await store().triggerPriceAlert(alert.id, price)).toBeUndefined();
    expect((await store().cancelPriceAlert(alert.id, "U1"))?.state).toBe("triggered");
  });
}
