import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { BarSeries } from "../../engine/types.ts";
import type { Store } from "../ports/store.ts";
import { describeEvent } from "../events/describe-event.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { cancelPriceAlert } from "./cancel-price-alert.ts";
import { checkPriceAlerts } from "./check-price-alerts.ts";
import { listPriceAlerts } from "./list-price-alerts.ts";
import { setPriceAlert } from "./set-price-alert.ts";

interface AlertView {
  id: string;
  symbol: string;
  direction: string;
  level: number;
  state: string;
  fired: { price: number; time: string; source: string } | null;
}

let harness: OrderHarness;
beforeAll(async () => {
  harness = await orderHarness();
  await harness.setPrice("SPY", 610);
  await harness.setPrice("ETH/USD", 3000);
});
afterAll(async () => {
  await harness.close();
});

const run = (tool: Parameters<typeof runTool>[0], input: unknown) =>
  runTool(tool, input, harness.context) as Promise<Record<string, unknown>>;

describe("price alerts over the prices orders are checked with", () => {
  it("sets an alert on the side of the level from the price now, once", async () => {
    const set = await run(setPriceAlert, { symbol: "spy", price: 600, note: "add on the dip" });
    expect(set).toMatchObject({
      alert: { symbol: "SPY", direction: "below", level: 600, priceAtSet: 610, state: "active" },
      current: { price: 610, source: "test prices" },
      alreadySet: false,
    });
    // (600 - 610) / 610, by hand.
    expect(set.distance).toBeCloseTo(-10 / 610, 12);
    const again = await run(setPriceAlert, { symbol: "SPY", price: 600, direction: "below" });
    expect(again).toMatchObject({ alreadySet: true, alert: { id: (set.alert as AlertView).id } });
  });

  it("turns a percent move into a level from the price now", async () => {
    const set = await run(setPriceAlert, { symbol: "ETH/USD", direction: "below", percent: 10 });
    // 3000 * (1 - 0.10) = 2700.
    expect(set.alert).toMatchObject({ direction: "below", level: 2700 });
    const up = await run(setPriceAlert, { symbol: "ETH/USD", direction: "above", percent: 5 });
    expect(up.alert).toMatchObject({ direction: "above", level: 3150 });
  });

  it.each([
    [
      { symbol: "SPY", price: 620, direction: "below" },
      /SPY is at 610 now, already at or below 620: .* give a level below 610 \(the price from test prices\)$/,
    ],
    [{ symbol: "SPY", price: 610 }, /SPY is at 610 now: give a level above or below it/],
    [{ symbol: "NOPE", price: 10 }, /no price of NOPE is known/],
    [{ symbol: "SPY", price: 600, percent: 5 }, /either price .* or percent/],
    [{ symbol: "SPY", percent: 5 }, /a percent move needs its direction/],
    [{ symbol: "SPY", price: -1 }, /price/],
    [{ symbol: "SPY", percent: 100, direction: "below" }, /percent/],
    [{ symbol: "SPY", price: 600, when: "soon" }, /when/],
  ])("refuses %j, naming what is wrong", async (input, message) => {
    await expect(run(setPriceAlert, input)).rejects.toThrow(message);
  });

  it("fires the alerts whose level the price reached, once, and says so in the event log", async () => {
    const above = await run(setPriceAlert, { symbol: "SPY", price: 650 });
    expect(await run(checkPriceAlerts, {})).toMatchObject({ checked: 4, fired: [] });
    const before = await harness.store.lastEventId();
    await harness.setPrice("SPY", 599.5);
    const checked = await run(checkPriceAlerts, {});
    expect(checked).toMatchObject({
      checked: 4,
      fired: [
        {
          symbol: "SPY",
          direction: "below",
          level: 600,
          state: "triggered",
          fired: { price: 599.5, source: "test prices" },
        },
      ],
      unpriced: [],
    });
    expect(await run(checkPriceAlerts, {})).toMatchObject({ checked: 3, fired: [] });
    const events = await harness.store.readEvents({ afterId: before, limit: 10 });
    expect(events.map((event) => describeEvent(event).slice(25))).toEqual([
      expect.stringMatching(
        /^price alert [0-9a-f]{8}: SPY fell to or below 600 \(599\.5 at 2024-06-04 14:00 UTC, test prices\); set by U1 on \d{4}-\d\d-\d\d: add on the dip$/,
      ),
    ]);
    const listed = await run(listPriceAlerts, {});
    const rows = listed.alerts as (AlertView & { distance: number | null })[];
    expect(rows.map((row) => [row.symbol, row.level, row.state])).toEqual([
      ["SPY", 650, "active"],
      ["ETH/USD", 3150, "active"],
      ["ETH/USD", 2700, "active"],
      ["SPY", 600, "triggered"],
    ]);
    // The active one's distance from 599.5, by hand; none for the fired one.
    expect(rows[0]!.distance).toBeCloseTo(650 / 599.5 - 1, 12);
    expect(rows[3]!.distance).toBeNull();
    expect((above.alert as AlertView).id).toBe(rows[0]!.id);
  });

  it("cancels by the start of an id, by symbol and all; a fired alert stays fired", async () => {
    const { alerts } = (await run(listPriceAlerts, { state: "all" })) as { alerts: AlertView[] };
    const fired = alerts.find((alert) => alert.state === "triggered")!;
    await expect(run(cancelPriceAlert, { id: fired.id.slice(0, 8) })).rejects.toThrow(
      /already fired: nothing to cancel/,
    );
    const spy = alerts.find((alert) => alert.state === "active" && alert.symbol === "SPY")!;
    expect(await run(cancelPriceAlert, { id: spy.id.slice(0, 10) })).toMatchObject({
      cancelled: [{ id: spy.id, state: "cancelled", cancelled: { by: "U1" } }],
    });
    await expect(run(cancelPriceAlert, { symbol: "SPY" })).rejects.toThrow(
      /no active alert on SPY/,
    );
    await expect(run(cancelPriceAlert, { id: "ffffffff" })).rejects.toThrow(
      /no price alert ffffffff/,
    );
    await expect(run(cancelPriceAlert, { symbol: "SPY", all: true })).rejects.toThrow(
      /give one of id, symbol or all/,
    );
    await expect(run(cancelPriceAlert, { id: "not-an-id" })).rejects.toThrow(/alert's id/);
    const all = (await run(cancelPriceAlert, { all: true })) as { cancelled: AlertView[] };
    expect(all.cancelled.map((alert) => alert.level).sort()).toEqual([2700, 3150]);
    expect(await run(listPriceAlerts, { state: "active" })).toMatchObject({ alerts: [] });
    expect(await run(cancelPriceAlert, { all: true })).toEqual({ cancelled: [] });
  });
});

describe("price alerts without a broker's prices", () => {
  it("reads the latest stored daily close, and fires when a newer close reaches the level", async () => {
    const store = await createTestStore();
    try {
      const day = Date.UTC(2024, 0, 2);
      const bar = (t: number, close: number): BarSeries => ({
        symbol: "ACME",
        timestampMs: new Float64Array([t]),
        open: new Float64Array([close]),
        high: new Float64Array([close]),
        low: new Float64Array([close]),
        close: new Float64Array([close]),
        volume: new Float64Array([1000]),
      });
      await store.writeBars("1d", [bar(day, 50)]);
      const context = testContext(store);
      const set = (await runTool(setPriceAlert, { symbol: "ACME", price: 55 }, context)) as {
        alert: AlertView;
        current: { price: number; time: string; source: string };
      };
      expect(set.alert.direction).toBe("above");
      expect(set.current).toEqual({
        price: 50,
        time: "2024-01-02T00:00:00.000Z",
        source: "the latest stored daily close (no broker's prices are wired here)",
      });
      await store.writeBars("1d", [bar(day + 86_400_000, 56)]);
      expect(await runTool(checkPriceAlerts, {}, context)).toMatchObject({
        fired: [{ level: 55, fired: { price: 56, time: "2024-01-03T00:00:00.000Z" } }],
      });
    } finally {
      await store.close();
    }
  });
});

/** ACME's daily bars from 2024-01-02 plus `from` days, each bar at its close. */
function dailyCloses(closes: number[], from: number): BarSeries {
  const day = (n: number) => Date.UTC(2024, 0, 2) + n * 86_400_000;
  return {
    symbol: "ACME",
    timestampMs: Float64Array.from(closes, (_, index) => day(from + index)),
    open: Float64Array.from(closes),
    high: Float64Array.from(closes),
    low: Float64Array.from(closes),
    close: Float64Array.from(closes),
    volume: Float64Array.from(closes, () => 1000),
  };
}

const closeAfter = closedAfterEach<Store>();

/** A store holding ACME's daily closes 10, 11, 12 and 13 (2024-01-02 to -05), closed after the test. */
async function acmeStore() {
  const store = closeAfter(await createTestStore());
  await store.writeBars("1d", [dailyCloses([10, 11, 12, 13], 0)]);
  return { store, context: testContext(store) };
}

describe("indicator alerts at the daily close", () => {
  it("watches an indicator of the stored closes, refuses what cannot be watched, and fires once a newer close takes it past its level", async () => {
    const { store, context } = await acmeStore();
    const set = (input: unknown) =>
      runTool(setPriceAlert, input, context) as Promise<{
        alert: AlertView & { indicator: unknown };
        current: { price: number; time: string; source: string };
        distance: number | null;
      }>;

    const sma = await set({ symbol: "ACME", indicator: { sma: { period: 3 } }, level: 14 });
    // (11 + 12 + 13) / 3 = 12 at the last close, below 14.
    expect(sma).toMatchObject({
      alert: { indicator: { sma: { period: 3 } }, direction: "above", level: 14 },
      current: { price: 12, time: "2024-01-05T00:00:00.000Z" },
      distance: null,
    });
    expect(sma.current.source).toBe("the latest stored daily close");
    const roc = await set({ symbol: "ACME", indicator: { roc: { period: 1 } }, level: -10 });
    // A rate of change may be negative: (13 / 12 - 1) * 100 = 8.33 now, watched below -10.
    expect(roc.alert).toMatchObject({ direction: "below", level: -10 });
    expect(roc.current.price).toBeCloseTo((13 / 12 - 1) * 100, 10);

    // The same alert twice is kept once, whatever order the database keeps its keys in.
    const band = { bollinger: { period: 3, stdDev: 1, output: "upper" } };
    const first = await set({ symbol: "ACME", indicator: band, level: 20 });
    const again = await set({ symbol: "ACME", indicator: band, level: 20 });
    expect(again).toMatchObject({ alreadySet: true, alert: { id: first.alert.id } });
    await runTool(cancelPriceAlert, { id: first.alert.id }, context);

    const refusals: [unknown, RegExp][] = [
      [
        { symbol: "ACME", indicator: { sma: { period: 3 } }, level: 11, direction: "above" },
        /^ACME sma\(3\) above 11 holds already at the latest stored daily close \(sma\(3\) is 12\): an alert fires when its condition comes true, so give a level above 12, or the other direction$/,
      ],
      [
        { symbol: "ACME", indicator: { sma: { period: 10 } }, level: 5 },
        /ACME sma\(10\) has no value at the latest stored close yet/,
      ],
      [{ symbol: "ACME", indicator: { rsi: {} } }, /needs the indicator's level/],
      [{ symbol: "ACME", level: 30 }, /a level goes with an indicator/],
      [{ symbol: "ACME", indicator: 30, level: 30 }, /a number is no indicator/],
      [{ symbol: "ACME", indicator: { rsi: {} }, level: 30, price: 20 }, /not a price/],
      [{ symbol: "NOPE", indicator: { rsi: {} }, level: 30 }, /no daily bars of NOPE/],
    ];
    for (const [input, message] of refusals) await expect(set(input)).rejects.toThrow(message);

    const listed = (await runTool(listPriceAlerts, {}, context)) as {
      alerts: { current: { price: number } | null; distance: number | null }[];
    };
    expect(listed.alerts.map((alert) => [alert.current?.price, alert.distance])).toEqual([
      [roc.current.price, null],
      [12, null],
    ]);

    // (12 + 13 + 20) / 3 = 15 reaches 14; the rate of change, +53.8%, stays above -10.
    await store.writeBars("1d", [dailyCloses([20], 4)]);
    expect(await runTool(checkPriceAlerts, {}, context)).toMatchObject({
      checked: 2,
      fired: [{ level: 14, fired: { price: 15, time: "2024-01-06T00:00:00.000Z" } }],
    });
    // (17 / 20 - 1) * 100 = -15, below -10.
    const before = await store.lastEventId();
    await store.writeBars("1d", [dailyCloses([17], 5)]);
    const second = (await runTool(checkPriceAlerts, {}, context)) as { fired: AlertView[] };
    expect(second.fired).toHaveLength(1);
    expect(second.fired[0]!.fired!.price).toBeCloseTo(-15, 10);
    const [event] = await store.readEvents({ afterId: before, limit: 10 });
    expect(describeEvent(event!).slice(25)).toMatch(
      /^price alert [0-9a-f]{8}: ACME roc\(1\) fell to or below -10 \(-15 at 2024-01-07 00:00 UTC, the latest stored daily close\); set by test on \d{4}-\d\d-\d\d$/,
    );
  });
});

describe("the close against an average", () => {
  it("watches the close minus the average against 0 and says it as the close crossing it", async () => {
    const { store, context } = await acmeStore();
    const indicator = { sub: ["close", { sma: { period: 3 } }] };
    // 13 - (11 + 12 + 13) / 3 = 1: the close is above its average already.
    await expect(
      runTool(setPriceAlert, { symbol: "ACME", indicator, level: 0, direction: "above" }, context),
    ).rejects.toThrow(
      /^ACME close above sma\(3\) holds already at the latest stored daily close \(close - sma\(3\) is 1\): an alert fires when its condition comes true, so ask for below instead$/,
    );
    const set = await runTool(setPriceAlert, { symbol: "ACME", indicator, level: 0 }, context);
    expect(
      describeResult("set_price_alert", set as Record<string, unknown>).split("\n")[0],
    ).toMatch(
      /^Alert set: ACME close below sma\(3\) \(id [0-9a-f]{8}\), close - sma\(3\) at 1 now\.$/,
    );
    // 11 - (12 + 13 + 11) / 3 = -1.
    const before = await store.lastEventId();
    await store.writeBars("1d", [dailyCloses([11], 4)]);
    expect(await runTool(checkPriceAlerts, {}, context)).toMatchObject({
      fired: [{ level: 0, fired: { price: -1 } }],
    });
    const [event] = await store.readEvents({ afterId: before, limit: 10 });
    expect(describeEvent(event!).slice(25)).toMatch(
      /^price alert [0-9a-f]{8}: ACME close fell to or below sma\(3\) \(close - sma\(3\) = -1 at 2024-01-06 00:00 UTC, the latest stored daily close\); set by test on /,
    );
  });
});
