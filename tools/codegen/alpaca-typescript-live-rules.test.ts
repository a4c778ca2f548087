import { describe, expect, it } from "vitest";
import type { SymbolPlan } from "../../engine/simulate/types.ts";
import { dueWork, latestClosedSession } from "./targets/typescript/program/live/run.ts";
import {
  clientOrderId,
  entryShares,
  entrySignalDay,
  priceText,
  protectiveOrder,
} from "./targets/typescript/program/live/orders.ts";

/**
 * The live driver's rules that the fake-server test reaches only at a few moments: when a cycle
 * judges signals, what the order ids and protective orders look like. The times are New York's
 * (EST in January, EDT in July), the expected values worked out by hand from NYSE's calendar.
 */
const at = (text: string) => Date.parse(text);
const clock = (now: string, isOpen: boolean, nextOpen: string, nextClose: string) => ({
  nowMs: at(now),
  isOpen,
  nextOpenMs: at(nextOpen),
  nextCloseMs: at(nextClose),
});

describe("when a live cycle judges signals", () => {
  it("from 19:00 New York after a close until 09:28 before the next open", () => {
    const evening = dueWork(
      clock(
        "2024-01-02T19:00:00-05:00",
        false,
        "2024-01-03T09:30:00-05:00",
        "2024-01-03T16:00:00-05:00",
      ),
    );
    expect(evening).toMatchObject({
      judgeSignals: true,
      nextWakeMs: at("2024-01-03T09:35:00-05:00"),
    });
    expect(evening.session.day * 86_400_000).toBe(at("2024-01-02T00:00:00Z"));
    const beforeOpen = dueWork(
      clock(
        "2024-01-03T09:27:59-05:00",
        false,
        "2024-01-03T09:30:00-05:00",
        "2024-01-03T16:00:00-05:00",
      ),
    );
    expect(beforeOpen.judgeSignals).toBe(true);
    const tooLate = dueWork(
      clock(
        "2024-01-03T09:28:00-05:00",
        false,
        "2024-01-03T09:30:00-05:00",
        "2024-01-03T16:00:00-05:00",
      ),
    );
    expect(tooLate).toMatchObject({
      judgeSignals: false,
      nextWakeMs: at("2024-01-03T09:35:00-05:00"),
    });
  });

  it("waits after the close until 19:00, and protects fills while the market is open", () => {
    const afterClose = dueWork(
      clock(
        "2024-07-02T17:00:00-04:00",
        false,
        "2024-07-03T09:30:00-04:00",
        "2024-07-03T13:00:00-04:00",
      ),
    );
    expect(afterClose).toMatchObject({
      judgeSignals: false,
      nextWakeMs: at("2024-07-02T19:00:00-04:00"),
    });
    expect(afterClose.waiting).toContain("19:00 New York time");
    // 3 July 2024 closed early at 13:00; the cycle for it runs at 19:00 that day.
    const open = dueWork(
      clock(
        "2024-07-03T10:00:00-04:00",
        true,
        "2024-07-05T09:30:00-04:00",
        "2024-07-03T13:00:00-04:00",
      ),
    );
    expect(open).toMatchObject({
      judgeSignals: false,
      nextWakeMs: at("2024-07-03T19:00:00-04:00"),
    });
  });

  it("judges the latest session over a weekend and a holiday", () => {
    // Monday 1 January 2024 is a holiday: Friday 29 December is the latest session.
    const holiday = latestClosedSession(at("2024-01-01T20:00:00-05:00"));
    expect(holiday.day * 86_400_000).toBe(at("2023-12-29T00:00:00Z"));
    const saturday = dueWork(
      clock(
        "2024-01-06T11:00:00-05:00",
        false,
        "2024-01-08T09:30:00-05:00",
        "2024-01-08T16:00:00-05:00",
      ),
    );
    expect(saturday.judgeSignals).toBe(true);
    expect(saturday.session.day * 86_400_000).toBe(at("2024-01-05T00:00:00Z"));
  });
});

describe("live orders", () => {
  it("derives client_order_ids of at most 48 characters and reads the entry's signal date back", () => {
    const hash = "0123456789abcdef".repeat(4);
    const id = clientOrderId(hash, "BRK.B", "2024-01-02", "entry");
    expect(id).toBe("ad-0123456789-BRK.B-20240102-entry");
    expect(entrySignalDay(hash, "BRK.B", id)).toBe("2024-01-02");
    expect(
      entrySignalDay(hash, "BRK.B", clientOrderId(hash, "BRK.B", "2024-01-02", "exit")),
    ).toBeNull();
    expect(entrySignalDay(hash, "BRK", id)).toBeNull();
    const long = clientOrderId(hash, "A".repeat(32), "2024-01-02", "protect");
    expect(long.length).toBeLessThanOrEqual(48);
    expect(entrySignalDay(hash, "A".repeat(32), long.replace("protect", "entry"))).toBe(
      "2024-01-02",
    );
  });

  const plan = (fields: Partial<SymbolPlan>): SymbolPlan => ({
    bars: {
      symbol: "AAA",
      timestampMs: Float64Array.of(0, 1),
      open: Float64Array.of(10, 10),
      high: Float64Array.of(10, 10),
      low: Float64Array.of(10, 10),
      close: Float64Array.of(40, 50),
      volume: Float64Array.of(1, 1),
    },
    entry: Uint8Array.of(0, 1),
    exit: null,
    sizeFraction: null,
    stopLoss: null,
    takeProfit: null,
    trailingStop: null,
    ...fields,
  });

  it("sizes an entry as the backtest does, in whole shares, within the buying power", () => {
    const settings = {
      direction: 1 as const,
      feeRate: 0.001,
      slippageRate: 0.002,
      timeExitBars: null,
    };
    const fraction = { ...settings, sizing: { kind: "fraction" as const, fraction: 0.5 } };
    // 0.5 x 10,000 / (50 x 1.002 x 1.001) = 99.7 -> 99 shares.
    expect(entryShares(plan({}), 1, fraction, 10_000, 0)).toBe(99);
    // Only 1,000 of buying power left: 1,000 / 50.150... = 19.9 -> 19.
    expect(entryShares(plan({}), 1, fraction, 10_000, 9_000)).toBe(19);
    const perBar = { ...settings, sizing: { kind: "perBar" as const } };
    expect(
      entryShares(plan({ sizeFraction: Float64Array.of(0.2, NaN) }), 1, perBar, 10_000, 0),
    ).toBe(0);
  });

  it("protects a short with a buy one-cancels-other order, and an ATR trail by its price distance", () => {
    const short = { symbol: "AAA", quantity: -30 };
    const oco = protectiveOrder(
      plan({
        stopLoss: { kind: "percent", percent: 2 },
        takeProfit: { kind: "percent", percent: 4 },
      }),
      { signal: 1, fillPrice: 50 },
      short,
    );
    expect(oco).toEqual({
      symbol: "AAA",
      side: "buy",
      qty: "30",
      timeInForce: "gtc",
      type: "limit",
      oco: { takeProfitLimitPrice: "48.00", stopLossStopPrice: "51.00" },
    });
    const trail = protectiveOrder(
      plan({
        trailingStop: { kind: "atr", multiple: 1.5, atr: Float64Array.of(NaN, 0.7) },
        stopLoss: { kind: "percent", percent: 8 },
      }),
      { signal: 1, fillPrice: 50 },
      { symbol: "AAA", quantity: 30 },
    );
    expect(trail).toMatchObject({ side: "sell", type: "trailing_stop", trailPrice: "1.05" });
    expect(protectiveOrder(plan({}), { signal: 1, fillPrice: 50 }, short)).toBeUndefined();
    expect(priceText(0.123456)).toBe("0.1235");
  });
});
