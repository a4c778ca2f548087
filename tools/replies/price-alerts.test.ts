import { describe, expect, it } from "vitest";
import { describeResult } from "./describe-result.ts";

const alert = {
  id: "27bd28fd-0000-4000-8000-000000000000",
  symbol: "SPY",
  direction: "below",
  level: 620,
  priceAtSet: 633.6,
  note: "add on the dip",
  setBy: "slack:U1",
  setAt: "2026-12-04T13:48:00.000Z",
  state: "active",
  fired: null,
  cancelled: null,
};
const now = { price: 633.6, time: "2026-12-04T13:48:10.000Z", source: "test prices" };

describe("price alert replies", () => {
  it("says where a new alert's level lies from the price now, and how its firing is told", () => {
    // (620 - 633.6) / 633.6 = -2.146...%, by hand.
    const reply = describeResult("set_price_alert", {
      alert,
      current: now,
      distance: 620 / 633.6 - 1,
      alreadySet: false,
    });
    expect(reply.split("\n")).toEqual([
      "Alert set: SPY below 620 (id 27bd28fd), 2.15% below 633.6 now: add on the dip.",
      "Price from: test prices, at 2026-12-04 13:48 UTC.",
      expect.stringMatching(
        /^It fires once, .*`alphadesk worker` checks active alerts every minute/,
      ),
    ]);
  });

  it("gives an indicator alert's value now and says it moves with the stored daily closes", () => {
    const rsi = { ...alert, indicator: { rsi: { period: 14 } }, level: 30, note: null };
    const read = {
      price: 41.27,
      time: "2026-12-03T00:00:00.000Z",
      source: "the latest stored daily close",
    };
    const reply = describeResult("set_price_alert", {
      alert: rsi,
      current: read,
      distance: null,
      alreadySet: false,
    });
    expect(reply.split("\n")).toEqual([
      "Alert set: SPY rsi(14) below 30 (id 27bd28fd), at 41.27 now.",
      "Read at: the latest stored daily close, at 2026-12-03 00:00 UTC.",
      expect.stringMatching(
        /^It fires once, when the indicator reaches the level at a daily close: it moves as daily bars are stored \(fetch_bars;/,
      ),
    ]);
    const listed = describeResult("list_price_alerts", {
      state: "active",
      alerts: [
        { ...rsi, current: read, distance: null },
        { ...alert, note: null, current: now, distance: 620 / 633.6 - 1 },
      ],
    });
    expect(listed.split("\n")).toEqual([
      "2 active price alerts:",
      "- SPY rsi(14) below 30 (id 27bd28fd): active, at 41.27 now; set by slack:U1 on 2026-12-04",
      "- SPY below 620 (id 27bd28fd): active, 2.15% below 633.6 now; set by slack:U1 on 2026-12-04",
      "Prices from: test prices.",
    ]);
  });

  it("lists active alerts with their distance and fired ones with their price", () => {
    const reply = describeResult("list_price_alerts", {
      state: null,
      alerts: [
        { ...alert, note: null, current: now, distance: 620 / 633.6 - 1 },
        {
          ...alert,
          symbol: "ETH/USD",
          level: 249.129,
          state: "triggered",
          note: null,
          fired: { price: 245.5, time: "2026-12-04T13:49:00.000Z", source: "s", at: "x" },
          current: null,
          distance: null,
        },
      ],
    });
    expect(reply.split("\n")).toEqual([
      "2 price alerts, 1 active:",
      "- SPY below 620 (id 27bd28fd): active, 2.15% below 633.6 now; set by slack:U1 on 2026-12-04",
      "- ETH/USD below 249.129 (id 27bd28fd): fired at 245.5 on 2026-12-04 13:49 UTC",
      "Prices from: test prices.",
    ]);
    expect(describeResult("list_price_alerts", { state: "triggered", alerts: [] })).toBe(
      "No price alerts have fired.",
    );
    expect(describeResult("list_price_alerts", { state: null, alerts: [] })).toMatch(
      /^No price alerts are set. Set one: "alert me when SPY drops below 600"/,
    );
  });

  it("names what a check fired and what it could not price", () => {
    const fired = {
      ...alert,
      state: "triggered",
      fired: { price: 619.5, time: "2026-12-04T14:31:00.000Z", source: "live", at: "x" },
    };
    expect(
      describeResult("check_price_alerts", { checked: 3, fired: [fired], unpriced: ["KITE"] }),
    ).toBe(
      [
        "Checked 3 active alerts; 1 fired:",
        "- SPY below 620 (id 27bd28fd): reached at 619.5 (2026-12-04 14:31 UTC, live): add on the dip",
        "No price now of KITE.",
      ].join("\n"),
    );
    expect(describeResult("check_price_alerts", { checked: 1, fired: [], unpriced: [] })).toBe(
      "Checked 1 active alert: none reached its level.",
    );
    expect(describeResult("cancel_price_alert", { cancelled: [alert] })).toBe(
      "Cancelled 1 price alert: SPY below 620 (id 27bd28fd).",
    );
  });
});
