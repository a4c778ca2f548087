import { describe, expect, it } from "vitest";
import { generateMarket } from "../engine/synthetic/index.ts";
import { momentumFinding } from "../tools/adapters/finding-fixture.ts";
import { orderHarness, type OrderHarness } from "../test/support/order-harness.ts";
import { breakout, storedAt, strategyOrderHarness } from "../test/support/strategy-orders.ts";
import { SqlCheckpointSaver } from "../tools/adapters/sql/checkpoint-saver.ts";
import { tools } from "../tools/index.ts";
import { parseStrategySpec } from "../tools/strategy/spec-schema.ts";
import { buildAgent } from "./graph.ts";
import { OfflineBrain } from "./offline-brain.ts";
import { runTurn } from "./run-turn.ts";
import { closedAfterEach } from "../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

const offlineAgent = (h: OrderHarness) =>
  buildAgent({
    brain: new OfflineBrain(h.now),
    tools,
    checkpointer: new SqlCheckpointSaver(h.client),
    approvals: h.store,
    contextFor: (_tool, actor) => ({ ...h.context, actor, done: () => undefined }),
  });

const stored = async (h: OrderHarness, id: string, name: string) => {
  await h.store.saveStrategy({ id, name, spec: {} });
  return h.store.saveBacktest({
    strategyId: id,
    startMs: null,
    endMs: null,
    initialCash: 100_000,
    metrics: { totalReturn: 0.1 },
    trades: [],
    equity: [],
    benchmarks: {},
  });
};

describe("the offline planner in a new conversation", () => {
  it('takes "the last strategy" to be the one backtested last, says so, and keeps it for the thread', async () => {
    const harness = cleanup(await orderHarness());
    const older = "a".repeat(64);
    const newer = "b".repeat(64);
    await stored(harness, newer, "RSI dip");
    await stored(harness, older, "SMA 20/50 crossover");
    // Backtested again after "RSI dip": it is the last one backtested, though stored first.
    const again = await stored(harness, newer, "RSI dip");
    const agent = offlineAgent(harness);

    const turn = await runTurn(agent, "t-1", "show the backtests of the last strategy", "U1");
    expect(turn.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["list_backtests", { limit: 1, withSpecs: true }],
      ["list_backtests", { strategyId: newer }],
    ]);
    const [first, rest] = turn.reply.split("\n\n");
    expect(first).toMatch(
      /^No strategy was backtested in this conversation, so I took the one backtested last: RSI dip \(bbbbbbbbbbbb…\), on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
    );
    expect(rest).toMatch(/^2 stored backtests, newest first:\n- RSI dip/);
    expect(rest).toContain(`id ${again.id}`);

    // The same thread remembers what it took: no second lookup.
    const next = await runTurn(agent, "t-1", "list the backtests of it", "U1");
    expect(next.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["list_backtests", { strategyId: newer }],
    ]);
    expect(next.reply).toMatch(/^2 stored backtests/);
  });

  it("says nothing is stored when nothing is, and never guesses the strategy of a promotion", async () => {
    const harness = cleanup(await orderHarness());
    const agent = offlineAgent(harness);
    const empty = await runTurn(agent, "t-2", "validate the last strategy", "U1");
    expect(empty.toolCalls.map(({ name }) => name)).toEqual(["list_backtests"]);
    expect(empty.reply.split("\n\n").slice(0, 2)).toEqual([
      "No strategy was backtested in this conversation, and no backtest is stored yet.",
      'I read "validate the last strategy" as a validation, but I could not find which strategy: none was backtested in this conversation yet; give its 64-hex id or describe it.',
    ]);

    await stored(harness, "c".repeat(64), "Breakout");
    const promotion = await runTurn(agent, "t-3", "promote it to paper", "U1");
    expect(promotion.toolCalls).toEqual([]);
    expect(promotion.reply).toMatch(/^I read "promote it to paper" as a strategy promotion, but/);
    expect(await harness.store.listStages()).toEqual([]);
  });
});

describe("the offline planner reads strategy ids as replies shorten them", () => {
  it("writes a short id out in full from the store, and names one that matches none or several", async () => {
    const harness = cleanup(await orderHarness());
    const named = `23d7f2304a5a${"1".repeat(52)}`;
    const twin = `23d7f2304b77${"2".repeat(52)}`;
    await stored(harness, named, "EMA 10/30 crossover");
    await stored(harness, twin, "EMA 18/33 crossover");
    const agent = offlineAgent(harness);
    // The conversation's strategy is the twin: the id written wins over "it".
    await runTurn(agent, "t-5", `list the backtests of strategy ${twin}`, "U1");

    const listed = await runTurn(agent, "t-5", "list the backtests of 23d7f2304a5a…", "U1");
    expect(listed.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["list_strategies", { ids: ["23d7f2304a5a"], limit: 200 }],
      ["list_backtests", { strategyId: named }],
    ]);
    expect(listed.reply).toMatch(/^1 stored backtest/);

    const several = await runTurn(agent, "t-5", "promote 23d7f230 to paper", "U1");
    expect(several.toolCalls.map(({ name }) => name)).toEqual(["list_strategies"]);
    expect(several.reply).toBe(
      "23d7f230 starts the ids of 2 strategies (EMA 18/33 crossover, 23d7f2304b77…; EMA 10/30 crossover, 23d7f2304a5a…): give more of its digits.",
    );
    const none = await runTurn(agent, "t-5", "promote 99aa99aa to paper", "U1");
    expect(none.reply).toMatch(/^No stored strategy's id starts with 99aa99aa/);
    expect(await harness.store.listStages()).toEqual([]);
  });
});

describe("the offline planner finds a strategy named by words", () => {
  it("looks the stored strategies up for that message and takes the one whose name fits, or asks", async () => {
    const harness = cleanup(await orderHarness());
    const { bars } = generateMarket({ symbols: ["SPY", "QQQ"], years: 3, seed: 5 });
    await harness.store.writeBars("1d", bars);
    const agent = offlineAgent(harness);
    await runTurn(agent, "t-6", "backtest QQQ: buy when RSI(2) < 10, sell above 70", "U1");
    const [rsi] = await harness.store.listBacktests(1);
    await runTurn(agent, "t-7", "backtest a 20/50 crossover on SPY", "U1");

    // A new thread: no "taken last" note, the named one's newest backtest.
    const fresh = await runTurn(agent, "t-8", "what's the sharpe of my rsi strategy", "U1");
    expect(fresh.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["list_strategies", { limit: 200 }],
      ["get_backtest", { id: rsi!.id, trades: { limit: 0 } }],
    ]);
    expect(fresh.reply).toMatch(/^Backtest [0-9a-f-]{36} of "Buy when RSI\(2\) < 10/);

    // The thread's strategy is the SMA crossover: "my rsi strategy" is still the RSI one.
    const changed = await runTurn(agent, "t-7", "add a 5% stop loss to my rsi strategy", "U1");
    expect(changed.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["list_strategies", { limit: 200 }],
      ["backtest_strategy", { strategyId: rsi!.strategyId, changes: { stopLoss: { percent: 5 } } }],
    ]);
    expect(changed.reply).toContain('"Buy when RSI(2) < 10; sell when RSI(2) > 70, 5% stop loss"');

    // Now two names fit "rsi": asked about, newest first.
    const [variant] = await harness.store.listBacktests(1);
    const two = await runTurn(agent, "t-9", "explain the rsi strategy", "U1");
    expect(two.toolCalls.map(({ name }) => name)).toEqual(["list_strategies"]);
    expect(two.reply).toContain(
      `2 stored names fit, "Buy when RSI(2) < 10; sell when RSI(2) > 70, 5% stop loss" (${variant!.strategyId.slice(0, 12)}), "Buy when RSI(2) < 10; sell when RSI(2) > 70" (${rsi!.strategyId.slice(0, 12)}); say its id`,
    );
  });
});

describe("the offline planner compares the conversation's backtests", () => {
  it("compares the last two, then takes the better one for code", async () => {
    const harness = cleanup(await orderHarness());
    const { bars } = generateMarket({ symbols: ["QQQ"], years: 4, seed: 8 });
    await harness.store.writeBars("1d", bars);
    const agent = offlineAgent(harness);
    const alone = await runTurn(agent, "t-20", "which one is better?", "U1");
    expect(alone.toolCalls).toEqual([]);
    expect(alone.reply).toContain("two backtests to compare: this conversation has run none");

    await runTurn(agent, "t-20", "backtest a 10/30 ema crossover on QQQ", "U1");
    const variant = await runTurn(agent, "t-20", "what if I used a 20/60?", "U1");
    const [second, first] = await harness.store.listBacktests(2);
    expect(variant.reply).toContain('"EMA 20/60 crossover"');
    const compared = await runTurn(agent, "t-20", "which one is better?", "U1");
    expect(compared.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["compare_backtests", { backtestIds: [first!.id, second!.id] }],
    ]);
    const output = compared.toolCalls[0]!.output as {
      best: string;
      backtests: { id: string; strategyId: string }[];
    };
    const winner = output.backtests.find((backtest) => backtest.id === output.best)!;
    expect(compared.reply).toMatch(/has the highest Sharpe ratio over the common period/);

    const code = await runTurn(agent, "t-20", "generate python code for the better one", "U1");
    expect(code.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["generate_code", { strategyId: winner.strategyId, target: "python" }],
    ]);
  });
});

describe("the offline planner compares symbols", () => {
  it("backtests each held, then compares those backtests in the same turn", async () => {
    const harness = cleanup(await orderHarness());
    const { bars } = generateMarket({ symbols: ["SPY", "QQQ"], years: 3, seed: 5 });
    await harness.store.writeBars("1d", bars);
    const agent = offlineAgent(harness);
    const turn = await runTurn(agent, "t-cmp", "compare SPY and QQQ", "U1");
    expect(turn.toolCalls.map(({ name, ok }) => [name, ok])).toEqual([
      ["backtest_strategy", true],
      ["backtest_strategy", true],
      ["compare_backtests", true],
    ]);
    const ids = turn.toolCalls.slice(0, 2).map((call) => (call.output as { id: string }).id);
    expect(turn.toolCalls[2]!.input).toEqual({ backtestIds: ids });
    expect(turn.reply).toMatch(/2 backtests side by side, over the \d+ returns they share/);

    // A symbol with no bars: one backtest fails, and nothing is compared.
    const missing = await runTurn(agent, "t-cmp2", "compare SPY and IWM", "U1");
    expect(missing.toolCalls.map(({ name, ok }) => [name, ok])).toEqual([
      ["backtest_strategy", true],
      ["backtest_strategy", false],
    ]);
  });
});

describe("the offline planner validates a finding's strategy against its scan", () => {
  it("passes the finding while the conversation's strategy comes from it, changes included", async () => {
    const harness = cleanup(await orderHarness());
    const { bars } = generateMarket({ symbols: ["SPY"], years: 3, seed: 3 });
    await harness.store.writeBars("1d", bars);
    // As the scanner stores it: parsed, defaults filled in.
    const spec = parseStrategySpec({
      name: "momentum SPY",
      universe: ["SPY"],
      entry: { gt: [{ roc: { period: 20 } }, 0] },
      exit: { lt: [{ roc: { period: 20 } }, 0] },
    });
    const { findings } = await harness.store.saveScan(
      {
        options: {},
        symbols: ["SPY"],
        families: ["momentum"],
        timeframe: "1d",
        candidatesTested: 9,
        startedMs: 0,
      },
      [momentumFinding(spec)],
    );
    const id = findings[0]!.id;
    const agent = offlineAgent(harness);
    const validation = async () => {
      const turn = await runTurn(agent, "t-6", "validate it", "U1");
      expect(turn.toolCalls[0]).toMatchObject({ name: "validate_strategy", ok: true });
      return turn.toolCalls[0]!;
    };
    await runTurn(agent, "t-6", `backtest finding ${id}`, "U1");
    const direct = await validation();
    expect(direct.input).toMatchObject({ findingId: id });
    expect(JSON.stringify(direct.output)).toContain("after 9 trials");
    // A change of the finding's strategy still came out of that scan.
    await runTurn(agent, "t-6", "add a 5% stop loss", "U1");
    expect((await validation()).input).toMatchObject({ findingId: id });
    // Rules of the user's own are not the scan's pick.
    await runTurn(agent, "t-6", "backtest a 20/50 crossover on SPY", "U1");
    expect((await validation()).input).not.toHaveProperty("findingId");
  });
});

describe("the offline planner changes the conversation's strategy", () => {
  it("backtests variants turn after turn, each of the one before, over the period first asked", async () => {
    const harness = cleanup(await orderHarness());
    const { bars } = generateMarket({ symbols: ["SPY", "QQQ"], years: 4, seed: 3 });
    await harness.store.writeBars("1d", bars);
    const agent = offlineAgent(harness);
    const calls = async (message: string) =>
      (await runTurn(agent, "t-4", message, "U1")).toolCalls.map(({ name, input }) => [
        name,
        input,
      ]);
    const first = await runTurn(agent, "t-4", "backtest a 20/50 crossover on SPY since 2022", "U1");
    const original = await harness.store.listBacktests(1);
    expect(first.reply).toContain('of "SMA 20/50 crossover"');

    const onQqq = await runTurn(agent, "t-4", "backtest it on QQQ", "U1");
    expect(onQqq.toolCalls.map(({ input }) => input)).toEqual([
      { strategyId: original[0]!.strategyId, changes: { universe: ["QQQ"] }, start: "2022-01-01" },
    ]);
    expect(onQqq.reply).toContain('of "SMA 20/50 crossover, on QQQ"');
    expect(onQqq.reply).toContain(
      'Before the changes (on QQQ), "SMA 20/50 crossover" over the same period',
    );

    const [variant] = await harness.store.listBacktests(1);
    expect(await calls("add a 5% stop loss")).toEqual([
      [
        "backtest_strategy",
        {
          strategyId: variant!.strategyId,
          changes: { stopLoss: { percent: 5 } },
          start: "2022-01-01",
        },
      ],
    ]);
    const [stopped] = await harness.store.listBacktests(1);
    expect((await harness.store.requestStrategy(stopped!.strategyId))?.name).toBe(
      "SMA 20/50 crossover, on QQQ, 5% stop loss",
    );

    // "undo that" runs the strategy the stop was added to, which is "it" again.
    expect(await calls("undo that")).toEqual([
      ["backtest_strategy", { strategyId: variant!.strategyId, start: "2022-01-01" }],
    ]);
    expect(await calls("undo that")).toEqual([]);

    // "optimize it" searches the numbers of the spec just run, over the same period.
    const optimized = await runTurn(
      agent,
      "t-4",
      "optimize it with fast 10-12 and slow 40-42, grid",
      "U1",
    );
    const [search] = optimized.toolCalls;
    expect(search).toMatchObject({ name: "optimize_strategy", ok: true });
    const ran = (await harness.store.requestStrategy(variant!.strategyId))!.spec as object;
    const sma = (param: string) => ({ sma: { period: { param } } });
    expect(search!.input).toEqual({
      spec: {
        ...ran,
        // The old numbers' places in the name hold the parameters: the best's name says its own.
        name: "SMA {fast}/{slow} crossover, on QQQ",
        entry: { crossAbove: [sma("fast"), sma("slow")] },
        exit: { crossBelow: [sma("fast"), sma("slow")] },
        params: { fast: { int: [10, 12] }, slow: { int: [40, 42] } },
      },
      sampler: "grid",
      start: "2022-01-01",
    });
    expect(optimized.reply).toMatch(/9 trials|9 of 9/);
    const best = (search!.output as { best: { params: { fast: number; slow: number } } }).best;
    const [bestStrategy] = await harness.store.listStrategies(1);
    expect(bestStrategy!.name).toBe(
      `SMA ${best.params.fast}/${best.params.slow} crossover, on QQQ`,
    );
  });
});

describe("the offline planner closes positions", () => {
  it("reads the positions from the broker for each message and proposes the orders that close them, each waiting for approval", async () => {
    const h = cleanup(await orderHarness());
    await h.setPrice("AAPL", 100);
    await h.setPrice("MSFT", 50);
    await h.approveOrder({ symbol: "AAPL", side: "buy", quantity: 7 });
    await h.approveOrder({ symbol: "MSFT", side: "buy", quantity: 3 });
    await h.executor.runOnce();
    await h.executor.settled();
    const agent = offlineAgent(h);
    const calls = (turn: Awaited<ReturnType<typeof runTurn>>) =>
      turn.toolCalls.map(({ name, input }) => [name, input]);

    const all = await runTurn(agent, "c-1", "flatten everything", "U1");
    expect(calls(all)).toEqual([
      ["get_positions", {}],
      ["propose_order", { symbol: "AAPL", side: "sell", quantity: 7 }],
      ["propose_order", { symbol: "MSFT", side: "sell", quantity: 3 }],
    ]);
    // The reply shows the positions read, then the proposals.
    expect(all.reply).toMatch(
      /^paper-sim: equity 100000, .*\nToday: .*\n- AAPL: 7 at 100, .*\n- MSFT: 3 at 50, .*\n\nPaper order proposed on paper-sim: sell 7 AAPL at market/,
    );
    expect(all.toolCalls.slice(1).map((call) => call.output)).toMatchObject([
      { status: "pending" },
      { status: "pending" },
    ]);
    expect(all.waitingFor).toHaveLength(2);
    // Nothing reached the broker: the sells wait for a person.
    expect(await h.broker.openOrders()).toEqual([]);

    // Another message reads them again (a quantity is never remembered) and names what is not held.
    const missing = await runTurn(agent, "c-2", "sell all my TSLA", "U1");
    expect(calls(missing)).toEqual([["get_positions", {}]]);
    expect(missing.reply).toContain(
      "The account holds no TSLA: it holds AAPL and MSFT. Nothing was proposed.",
    );

    // Closing one again while the first close waits: the gate refuses the same order twice.
    const again = await runTurn(agent, "c-3", "close my AAPL position", "U1");
    expect(calls(again)).toEqual([
      ["get_positions", {}],
      ["propose_order", { symbol: "AAPL", side: "sell", quantity: 7 }],
    ]);
    expect(again.toolCalls[1]!.output).toMatchObject({
      status: "denied",
      reason: { code: "DUPLICATE_ORDER" },
    });
  });

  it("says there is nothing to close when the account holds nothing", async () => {
    const h = cleanup(await orderHarness());
    const turn = await runTurn(offlineAgent(h), "c-4", "close all positions", "U1");
    expect(turn.toolCalls.map(({ name }) => name)).toEqual(["get_positions"]);
    expect(turn.reply).toMatch(
      /^The paper-sim account holds no positions\.\n\nThe account holds no positions: there is nothing to close\.\n/,
    );
  });
});

describe("the offline planner explains a denial", () => {
  it('answers "why was it denied?" with the gate\'s reason and what to do, only right after the denial', async () => {
    const h = cleanup(await orderHarness());
    await h.setPrice("AAPL", 100);
    const agent = offlineAgent(h);
    const denied = await runTurn(agent, "d-1", "buy 1000000 shares of AAPL", "U1");
    expect(denied.toolCalls[0]!.output).toMatchObject({
      status: "denied",
      reason: { code: "MAX_ORDER_QUANTITY" },
    });
    const reason = (denied.toolCalls[0]!.output as { reason: { message: string } }).reason.message;
    expect(denied.reply).toContain("A smaller order may pass.");

    const why = await runTurn(agent, "d-1", "why was it denied?", "U1");
    expect(why.toolCalls).toEqual([]);
    expect(why.reply).toBe(
      `Every order passes the risk gate's checks before anyone may approve it, and this one failed the MAX_ORDER_QUANTITY check: ${reason.replace("MAX_ORDER_QUANTITY: ", "")}.\nA smaller order may pass. The limits are a person's to change, never chat's: RISK_LIMITS in the environment (within the hard boundaries), or \`npx alphadesk controls --limits\` to tighten them; "what are the risk limits?" shows those in force.`,
    );

    // Another result since: "why" no longer means the denial.
    await runTurn(agent, "d-1", "is the market open", "U1");
    const later = await runTurn(agent, "d-1", "why was it denied?", "U1");
    expect(later.reply).not.toContain("risk gate");
  });

  it('"trade my strategies" proposes each strategy\'s orders and waits for every approval', async () => {
    const h = cleanup(await strategyOrderHarness());
    await storedAt(h, breakout(["ENTR", "WAIT"]), "paper");
    await storedAt(h, breakout(["ENT2"]), "paper");
    const turn = await runTurn(offlineAgent(h), "t-orders", "trade my strategies", "U1");
    expect(turn.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["propose_strategy_orders", {}],
    ]);
    const pending = await h.store.listApprovals({ state: "pending", limit: 10 });
    expect(pending).toHaveLength(2);
    expect([...turn.waitingFor].sort()).toEqual(pending.map((approval) => approval.id).sort());
  });
});
