import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dailySeries } from "../../test/support/daily-series.ts";
import { createTestStore } from "../../test/support/pglite.ts";
import { testContext } from "../../test/support/tool-context.ts";
import type { Store } from "../ports/store.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { isStale, strategySignals } from "./strategy-signals.ts";

const dayMs = 86_400_000;
const start = Date.UTC(2024, 0, 1, 21);
const iso = (index: number) => new Date(start + index * dayMs).toISOString();

/** Four daily bars from `start`, each with the open given. */
const series = (symbol: string, closes: number[], opens: number[]) =>
  dailySeries(symbol, start, closes, opens);

// Entry: close > 100; exit: close < 90; all of the cash at the next open, no costs.
const spec = (symbol: string) => ({
  name: `breakout ${symbol}`,
  universe: [symbol],
  entry: { gt: ["close", 100] },
  exit: { lt: ["close", 90] },
});

type Signals = Record<string, unknown> & {
  stale: boolean;
  symbols: Record<string, unknown>[];
};

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
  await store.writeBars("1d", [
    series("HOLD", [95, 105, 110, 108], [95, 95, 106, 109]),
    series("EXIT", [95, 105, 110, 85], [95, 95, 106, 109]),
    series("ENTR", [95, 96, 97, 101], [95, 95, 96, 97]),
    series("WAIT", [95, 96, 97, 98], [95, 95, 96, 97]),
  ]);
}, 60_000);
afterAll(async () => {
  await store.close();
});

const signals = (input: object, nowMs = start + 3 * dayMs + 3_600_000) =>
  runTool(strategySignals, input, {
    ...testContext(store),
    clock: { nowMs: () => nowMs },
  }) as Promise<Signals>;

describe("strategy_signals", () => {
  it("gives the position the rules hold at the last close and what they do at the next open", async () => {
    // By hand: close 105 > 100 at bar 1 fills at bar 2's open, 106: 100,000 / 106 shares,
    // marked at bar 3's close 108; the entry still holds and the exit (close < 90) does not.
    const held = await signals({ spec: spec("HOLD") });
    expect(held.stale).toBe(false);
    expect(held.symbols).toEqual([
      {
        symbol: "HOLD",
        lastBar: iso(3),
        close: 108,
        position: {
          side: "long",
          quantity: expect.closeTo(100_000 / 106, 9),
          since: iso(2),
          entryPrice: 106,
          unrealizedReturn: expect.closeTo(108 / 106 - 1, 12),
        },
        entrySignal: true,
        exitSignal: false,
        action: "hold",
      },
    ]);
    expect(describeResult("strategy_signals", held)).toContain(
      "- HOLD (close 108): holds long since 2024-01-03 at 106 (+1.89%); no exit signal: it holds.",
    );

    // Bar 3 closes at 85 < 90: the exit fills at the next open, so the position is still held.
    const exiting = await signals({ spec: spec("EXIT") });
    expect(exiting.symbols[0]).toMatchObject({
      position: { since: iso(2), entryPrice: 106 },
      entrySignal: false,
      exitSignal: true,
      action: "exit",
    });
    expect(describeResult("strategy_signals", exiting)).toContain(
      "the exit rule holds: it sells at the next open",
    );

    const entering = await signals({ spec: spec("ENTR") });
    expect(entering.symbols[0]).toMatchObject({
      position: null,
      entrySignal: true,
      action: "enter",
    });
    expect(describeResult("strategy_signals", entering)).toContain(
      "no position; the entry rule holds: it buys at the next open",
    );
    expect((await signals({ spec: spec("WAIT") })).symbols[0]).toMatchObject({
      position: null,
      entrySignal: false,
      exitSignal: false,
      action: "wait",
    });
  });

  it("reads a stored strategy, and says when the newest bar is not today's", async () => {
    const id = "5a".repeat(32);
    await store.saveStrategy({ id, name: "stored breakout", spec: spec("HOLD") });
    const late = await signals({ strategyId: id }, start + 30 * dayMs);
    expect(late.stale).toBe(true);
    expect(describeResult("strategy_signals", late)).toContain('Signals of "stored breakout"');
    expect(describeResult("strategy_signals", late)).toContain(
      "Note: the newest stored bar is from 2024-01-04, not today's: fetch newer bars",
    );
  });

  it("calls a daily bar stale once a later session's bar is final, holidays and weekends aside", () => {
    const friday = Date.parse("2025-05-23T00:00:00Z");
    // The Tuesday after Memorial Day, 9:35 New York: Friday's close is the latest.
    expect(isStale("1d", friday, Date.parse("2025-05-27T13:35:00Z"))).toBe(false);
    // That evening at 20:00 New York Tuesday's bar is final, and Friday's is one session behind.
    expect(isStale("1d", friday, Date.parse("2025-05-28T00:00:00Z"))).toBe(true);
    // Crypto trades on: Friday's bar is stale by Saturday evening, unless the universe also holds
    // stocks (the most lenient market decides).
    const saturdayEvening = Date.parse("2025-05-25T01:00:00Z");
    expect(isStale("1d", friday, saturdayEvening, ["CRYPTO"])).toBe(true);
    expect(isStale("1d", friday, saturdayEvening, ["CRYPTO", "NYSE"])).toBe(false);
  });

  it("refuses bad input, naming what is wrong", async () => {
    const failure = (input: object) =>
      signals(input).then(
        () => undefined,
        (error: unknown) => error as { code: string; message: string },
      );
    expect(await failure({})).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("give `strategyId` or `spec`"),
    });
    expect(await failure({ strategyId: "7b".repeat(32) })).toMatchObject({ code: "not_found" });
    expect(await failure({ spec: spec("NONE") })).toMatchObject({
      code: "not_found",
      message: expect.stringContaining("no 1d bars for NONE"),
    });
    expect(await failure({ spec: { ...spec("HOLD"), universe: [] } })).toMatchObject({
      code: "invalid_input",
    });
  });
});
