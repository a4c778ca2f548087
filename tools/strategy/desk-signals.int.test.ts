import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";
import type { OrderHarness } from "../../test/support/order-harness.ts";
import {
  breakout,
  dayMs,
  firstBarMs,
  storedAt,
  strategyOrderHarness,
} from "../../test/support/strategy-orders.ts";
import { describeResult } from "../replies/describe-result.ts";
import { runTool } from "../run-tool.ts";
import { deskSignals } from "./desk-signals.ts";

const cleanup = closedAfterEach<OrderHarness>();
type Output = z.output<typeof deskSignals.output>;
const run = (h: OrderHarness) => runTool(deskSignals, {}, h.context) as Promise<Output>;

/** The bars' last close: Monday 2024-06-03 (test/support/strategy-orders.ts). */
const lastBar = new Date(firstBarMs + 3 * dayMs).toISOString();

describe("desk_signals", () => {
  it("reads every strategy at paper or live, live first, and leaves the backtest-stage and archived ones out", async () => {
    const h = cleanup(await strategyOrderHarness());
    const paper = breakout(["ENTR", "WAIT"]);
    const live = breakout(["EXIT", "HOLD"]);
    const untested = breakout(["ENT2"]);
    const archived = breakout(["ENTR", "HOLD"]);
    await storedAt(h, paper, "paper");
    await storedAt(h, live, "small_live");
    await storedAt(h, untested, "backtest");
    await storedAt(h, archived, "paper");
    await h.store.updateStrategy(archived.id, { archivedAtMs: h.now() });

    const result = await run(h);
    expect(result.strategies.map((strategy) => [strategy.strategyId, strategy.stage])).toEqual([
      [live.id, "small_live"],
      [paper.id, "paper"],
    ]);
    // By hand (entry close > 100, exit close < 90): EXIT closed at 85 while held, HOLD at 108
    // while held, ENTR at 101 with nothing held, WAIT at 98 with nothing held.
    const actions = result.strategies.map((strategy) =>
      strategy.symbols.map((row) => [row.symbol, row.action, row.close, row.lastBar]),
    );
    expect(actions).toEqual([
      [
        ["EXIT", "exit", 85, lastBar],
        ["HOLD", "hold", 108, lastBar],
      ],
      [
        ["ENTR", "enter", 101, lastBar],
        ["WAIT", "wait", 98, lastBar],
      ],
    ]);
    expect(result.strategies.map((strategy) => strategy.lastBar)).toEqual([lastBar, lastBar]);
    expect(result.strategies.every((strategy) => strategy.stale === false)).toBe(true);
    expect(result.unread).toEqual([]);

    const reply = describeResult("desk_signals", result);
    expect(reply).toContain("Signals of the 2 strategies at paper or live");
    expect(reply).toContain(`"${live.spec.name}" (${live.id.slice(0, 12)}…, small live`);
    expect(reply).toContain("EXIT (close 85): holds long since");
    expect(reply).toContain("it sells at the next open");
    expect(reply).toContain("ENTR (close 101): no position; the entry rule holds: it buys");
    expect(reply).toContain("1 more symbol without a position or an entry signal");
    expect(reply).toContain("not orders");
  });

  it("names a strategy whose bars are missing, reads the others, and orders nothing", async () => {
    const h = cleanup(await strategyOrderHarness());
    const gone = breakout(["ENTR", "NOPE"]);
    const fine = breakout(["HOLD"]);
    await storedAt(h, gone, "paper");
    await storedAt(h, fine, "paper");
    const result = await run(h);
    expect(result.strategies.map((strategy) => strategy.strategyId)).toEqual([fine.id]);
    expect(result.unread).toEqual([
      {
        strategyId: gone.id,
        name: gone.spec.name,
        problem: expect.stringMatching(/^no 1d bars for NOPE /),
      },
    ]);
    expect(describeResult("desk_signals", result)).toContain(
      `"${gone.spec.name}" (${gone.id.slice(0, 12)}…): no signals: no 1d bars for NOPE`,
    );
    expect(await h.store.listIntents({ limit: 10 })).toEqual([]);
  });

  it("says when no strategy trades yet, and marks old bars stale", async () => {
    const h = cleanup(await strategyOrderHarness());
    expect(describeResult("desk_signals", await run(h))).toBe(
      "No strategy trades at paper or live yet: promote_strategy moves one to paper after a validator pass.",
    );
    const strategy = breakout(["WAIT"]);
    await storedAt(h, strategy, "paper");
    // A week after the last bar: later sessions' bars are final and missing.
    h.advance(7 * dayMs);
    const [only] = (await run(h)).strategies;
    expect(only!.stale).toBe(true);
    expect(describeResult("desk_signals", { strategies: [only], unread: [] })).toContain(
      "no position and no entry signal on WAIT: it waits.",
    );
  });
});
