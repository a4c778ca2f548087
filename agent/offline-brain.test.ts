import { describe, expect, it } from "vitest";
import type { ChatMessage } from "./messages.ts";
import { OfflineBrain } from "./offline-brain.ts";

const user = (content: string): ChatMessage => ({ role: "user", content, from: "U1" });
const result = (toolCallId: string, name: string, output: unknown, ok = true): ChatMessage => ({
  role: "tool",
  toolCallId,
  name,
  ok,
  content: JSON.stringify(output),
});

describe("the offline brain's lookups of what a message points at", () => {
  it('reads "the second finding" of a new conversation from the stored findings, then says it did', async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const thread: ChatMessage[] = [user("backtest the second finding")];
    const lookup = await brain.next(thread, []);
    expect(lookup.toolCalls).toEqual([
      {
        id: expect.stringMatching(/^recall-lastFindingIds-\d+$/),
        name: "list_findings",
        input: { limit: 50 },
      },
    ]);
    thread.push(
      { role: "assistant", ...lookup },
      result(lookup.toolCalls[0]!.id, "list_findings", { findings: [{ id: "7" }, { id: "3" }] }),
    );
    const plan = await brain.next(thread, []);
    expect(plan.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["backtest_strategy", { findingId: "3" }],
    ]);
    thread.push(
      { role: "assistant", ...plan },
      result(plan.toolCalls[0]!.id, "backtest_strategy", { error: { message: "no bars" } }, false),
    );
    expect((await brain.next(thread, [])).content.split("\n\n")).toEqual([
      "No scan ran in this conversation, so I took the stored findings, most recently confirmed first.",
      "backtest_strategy failed: no bars",
    ]);
  });

  it('reads the spec of the strategy backtested last for "what about RSI(2)?" in a new conversation', async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const thread: ChatMessage[] = [user("what about RSI(2)?")];
    const lookup = await brain.next(thread, []);
    expect(lookup.toolCalls).toEqual([
      {
        id: expect.stringMatching(/^recall-lastStrategyId-\d+$/),
        name: "list_backtests",
        input: { limit: 1, withSpecs: true },
      },
    ]);
    const strategyId = "d".repeat(64);
    const spec = {
      name: "RSI dip",
      universe: ["QQQ"],
      timeframe: "1d",
      side: "long",
      entry: { lt: [{ rsi: { period: 14 } }, 30] },
      exit: { gt: [{ rsi: { period: 14 } }, 70] },
    };
    thread.push(
      { role: "assistant", ...lookup },
      result(lookup.toolCalls[0]!.id, "list_backtests", {
        backtests: [
          {
            id: "b-9",
            strategyId,
            strategyName: "RSI dip",
            createdAt: "2026-12-03T08:00:00.000Z",
            spec,
          },
        ],
      }),
    );
    const plan = await brain.next(thread, []);
    expect(plan.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      [
        "backtest_strategy",
        {
          strategyId,
          changes: {
            entry: { lt: [{ rsi: { period: 2 } }, 30] },
            exit: { gt: [{ rsi: { period: 2 } }, 70] },
            name: "Buy when RSI(2) < 30; sell when RSI(2) > 70",
          },
        },
      ],
    ]);
    // Nothing stored: it says so, and what it needs.
    const empty: ChatMessage[] = [user("optimize it with fast 5-50 and slow 60-200")];
    const none = await brain.next(empty, []);
    empty.push(
      { role: "assistant", ...none },
      result(none.toolCalls[0]!.id, "list_backtests", { backtests: [] }),
    );
    const reply = (await brain.next(empty, [])).content;
    expect(reply).toMatch(
      /^No strategy was backtested in this conversation, and no backtest is stored yet\.\n\nI read "optimize it/,
    );
  });

  it('builds a portfolio of "my strategies" from the stored ones with a backtest, best Sharpe first', async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const thread: ChatMessage[] = [user("build a min variance portfolio of my 2 best strategies")];
    const lookup = await brain.next(thread, []);
    expect(lookup.toolCalls).toEqual([
      {
        id: expect.stringMatching(/^recall-rankedStrategyIds-\d+$/),
        name: "list_strategies",
        input: { rankBy: "sharpe", limit: 20 },
      },
    ]);
    const [a, b, c] = ["a", "b", "c"].map((digit) => digit.repeat(64));
    thread.push(
      { role: "assistant", ...lookup },
      result(lookup.toolCalls[0]!.id, "list_strategies", {
        rankedBy: "sharpe",
        strategies: [
          { id: a, latestBacktest: { sharpe: 1.2 } },
          { id: b, latestBacktest: { sharpe: 0.4 } },
          { id: c, latestBacktest: null },
        ],
      }),
    );
    const plan = await brain.next(thread, []);
    expect(plan.toolCalls.map(({ name, input }) => [name, input])).toEqual([
      ["construct_portfolio", { strategyIds: [a, b], objective: "minVariance" }],
    ]);
    expect(plan.content).toBe(
      "Weight your 2 stored strategies with the highest Sharpe into a portfolio (minVariance).",
    );
    // Strategies are added between turns: the next "my strategies" looks them up again.
    thread.push(
      { role: "assistant", ...plan },
      result(plan.toolCalls[0]!.id, "construct_portfolio", { id: "p-1" }),
      { role: "assistant", content: "Portfolio p-1", toolCalls: [] },
      user("build a portfolio of my strategies"),
    );
    expect((await brain.next(thread, [])).toolCalls.map(({ name }) => name)).toEqual([
      "list_strategies",
    ]);
  });

  it("looks nothing up when the conversation has it, or when the message needs nothing stored", async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const scanned: ChatMessage[] = [
      user("scan the markets"),
      result("call-1", "scan_markets", { findings: [{ id: "12" }] }),
      user("backtest the top finding"),
    ];
    expect((await brain.next(scanned, [])).toolCalls.map(({ input }) => input)).toEqual([
      { findingId: "12" },
    ]);
    const unplaced = await brain.next([user("what's the weather like")], []);
    expect(unplaced.toolCalls).toEqual([]);
    expect(unplaced.content).toMatch(/^I could not place/);
  });

  it('reads "the best one" and "#3" in the list of findings shown last, and not after a backtest', async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const plan = async (thread: ChatMessage[]) =>
      (await brain.next(thread, [])).toolCalls.map(({ input }) => input);
    const listed: ChatMessage[] = [
      user("scan the markets"),
      result("call-1", "scan_markets", { findings: [{ id: "12" }, { id: "7" }] }),
      user("show the latest findings"),
      result("call-2", "list_findings", { findings: [{ id: "7" }, { id: "12" }, { id: "3" }] }),
    ];
    expect(await plan([...listed, user("backtest the best one")])).toEqual([{ findingId: "7" }]);
    expect(await plan([...listed, user("backtest #3")])).toEqual([{ findingId: "3" }]);
    const backtested = [
      ...listed,
      user("backtest #3"),
      result("call-3", "backtest_strategy", { id: "b-1", strategyId: "d".repeat(64) }),
    ];
    expect(await plan([...backtested, user("backtest the best one")])).toEqual([]);
    expect(await plan([...backtested, user("backtest the second finding")])).toEqual([
      { findingId: "12" },
    ]);
  });

  it('proposes the size just worked out on "buy it": the largest the gate passes, and only right after it', async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const plan = async (thread: ChatMessage[]) =>
      (await brain.next(thread, [])).toolCalls.map(({ name, input }) => ({ name, input }));
    const sizing = (gate: object) => ({
      symbol: "SPY",
      side: "buy",
      sized: { quantity: 56 },
      gate: { passes: false, reason: null, largestPassing: null, ...gate },
    });
    const sized = [
      user("position size for SPY with a 2 ATR stop"),
      result("call-1", "size_position", sizing({ largestPassing: { quantity: 39 } })),
    ];
    expect(await plan([...sized, user("buy it")])).toEqual([
      { name: "propose_order", input: { symbol: "SPY", side: "buy", quantity: 39 } },
    ]);
    const passed = [sized[0]!, result("call-1", "size_position", sizing({ passes: true }))];
    expect(await plan([...passed, user("ok, place it")])).toEqual([
      { name: "propose_order", input: { symbol: "SPY", side: "buy", quantity: 56 } },
    ]);
    expect(await plan([...passed, user("sell it")])).toEqual([]);
    // Sized at a given entry, the gate checked a limit order there: "buy it" proposes that.
    const atLimit = result(
      "call-1",
      "size_position",
      sizing({ passes: true, order: { type: "limit", limitPrice: 590 } }),
    );
    expect(await plan([sized[0]!, atLimit, user("buy it")])).toEqual([
      {
        name: "propose_order",
        input: { symbol: "SPY", side: "buy", quantity: 56, type: "limit", limitPrice: 590 },
      },
    ]);
    // A new risk sizes it again with the stop it was sized with.
    const asked: ChatMessage = {
      role: "assistant",
      content: "",
      toolCalls: [{ id: "call-1", name: "size_position", input: { symbol: "SPY", stopAtr: 2 } }],
    };
    expect(await plan([sized[0]!, asked, sized[1]!, user("what if I risk 0.5%?")])).toEqual([
      { name: "size_position", input: { symbol: "SPY", stopAtr: 2, riskPercent: 0.5 } },
    ]);
    // Nothing the gate passes, or a result in between: "buy it" has no size to take.
    const refused = [sized[0]!, result("call-1", "size_position", sizing({}))];
    expect(await plan([...refused, user("buy it")])).toEqual([]);
    const later = [...passed, user("what time is it"), result("call-2", "market_calendar", {})];
    expect(await plan([...later, user("buy it")])).toEqual([]);
  });

  it('reads "its sharpe" as the portfolio just built or shown alone, and not after a backtest', async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const plan = async (thread: ChatMessage[]) =>
      (await brain.next(thread, [])).toolCalls.map(({ name, input }) => ({ name, input }));
    const built = "2ac0c4cc-11f2-4b7e-a43f-d093cf697ade";
    const listed = "6f4f185c-d604-45f2-887c-e3375e2387c1";
    const backtestId = "0b4f185c-d604-45f2-887c-e3375e2387c2";
    const conversation: ChatMessage[] = [
      user("backtest SPY: buy when RSI(14) < 30, sell above 70"),
      result("call-1", "backtest_strategy", { id: "b-1", strategyId: "d".repeat(64) }),
      user("allocate across SPY, TLT and GLD with risk parity"),
      result("call-2", "construct_portfolio", { id: built }),
    ];
    expect(await plan([...conversation, user("what's the sharpe of it")])).toEqual([
      { name: "list_portfolios", input: { portfolioId: built } },
    ]);
    const shown = [
      ...conversation,
      user(`show portfolio ${listed}`),
      result("call-3", "list_portfolios", { portfolios: [{ id: listed }] }),
    ];
    expect(await plan([...shown, user("rebalance it")])).toEqual([
      { name: "rebalance_portfolio", input: { portfolioId: listed } },
    ]);
    const after = [
      ...shown,
      user("backtest it again"),
      result("call-4", "backtest_strategy", { id: backtestId, strategyId: "d".repeat(64) }),
    ];
    expect(await plan([...after, user("what's the sharpe of it")])).toEqual([
      { name: "get_backtest", input: { id: backtestId, trades: { limit: 0 } } },
    ]);
  });

  it('answers "how do I run it?" for the program just generated, and exports its strategy\'s bars', async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const [backtested, coded] = ["d".repeat(64), "e".repeat(64)];
    const generated: ChatMessage[] = [
      user("backtest SPY: buy when RSI(14) < 30, sell above 70"),
      result("call-1", "backtest_strategy", { id: "b-1", strategyId: backtested }),
      user(`generate alpaca python code for strategy ${coded}`),
      result("call-2", "generate_code", {
        specHash: coded,
        target: "alpaca-python",
        filename: "rsi_alpaca.py",
      }),
    ];
    const steps = await brain.next([...generated, user("how do I run it?")], []);
    expect(steps.toolCalls).toEqual([]);
    expect(steps.content).toMatch(/^How to run rsi_alpaca\.py \(alpaca-python\):\n1\. /);
    const exported = await brain.next([...generated, user("export its bars")], []);
    expect(exported.toolCalls.map(({ input }) => input)).toEqual([{ strategyId: coded }]);
    // With the bars exported, "it" is still the program; after a backtest, no longer.
    const afterExport = [
      ...generated,
      user("export its bars"),
      result("call-3", "export_bars", { filename: "SPY-1d-bars.csv", rows: 10 }),
    ];
    expect((await brain.next([...afterExport, user("how do I run it?")], [])).content).toMatch(
      /^How to run rsi_alpaca\.py/,
    );
    const afterBacktest = [
      ...afterExport,
      user("backtest it since 2022"),
      result("call-4", "backtest_strategy", { id: "b-2", strategyId: backtested }),
    ];
    expect(
      (await brain.next([...afterBacktest, user("how do I run it?")], [])).content,
    ).not.toMatch(/How to run/);
  });

  it('validates "it" over the period its backtest was asked for, unless told otherwise', async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const strategyId = "d".repeat(64);
    const backtested: ChatMessage[] = [
      user("backtest QQQ: buy when RSI(14) < 30, sell above 70 since 2021"),
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "call-1", name: "backtest_strategy", input: { start: "2021-01-01" } }],
      },
      result("call-1", "backtest_strategy", { id: "b-1", strategyId }),
    ];
    const same = await brain.next([...backtested, user("validate it")], []);
    expect(same.toolCalls.map(({ input }) => input)).toEqual([{ strategyId, start: "2021-01-01" }]);
    expect(same.content).toBe("Validate the last strategy (dddddddddddd…) from 2021-01-01.");
    const told = await brain.next([...backtested, user("validate it since 2019")], []);
    expect(told.toolCalls.map(({ input }) => input)).toEqual([{ strategyId, start: "2019-01-01" }]);
  });

  it("after an optimization, validates it counting its trials, and codes its best", async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const optimizationId = "6f9c2d1e-3b4a-4c5d-8e7f-9a0b1c2d3e4f";
    const bestId = "f".repeat(64);
    const optimized: ChatMessage[] = [
      user("optimize an SMA crossover on SPY with fast 5-50 and slow 60-200 since 2021"),
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "call-1", name: "optimize_strategy", input: { start: "2021-01-01" } }],
      },
      result("call-1", "optimize_strategy", { id: optimizationId, best: { strategyId: bestId } }),
    ];
    const validate = await brain.next([...optimized, user("validate it")], []);
    expect(validate.toolCalls.map(({ input }) => input)).toEqual([
      { optimizationId, start: "2021-01-01" },
    ]);
    const code = await brain.next([...optimized, user("generate python code for it")], []);
    expect(code.toolCalls.map(({ input }) => input)).toEqual([
      { strategyId: bestId, target: "python" },
    ]);
    // A backtest after it is the newest strategy again.
    const backtested: ChatMessage[] = [
      ...optimized,
      user("backtest buy and hold on SPY"),
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "call-2", name: "backtest_strategy", input: {} }],
      },
      result("call-2", "backtest_strategy", { id: "b-2", strategyId: "1".repeat(64) }),
    ];
    expect(
      (await brain.next([...backtested, user("validate it")], [])).toolCalls[0]!.input,
    ).toEqual({ strategyId: "1".repeat(64) });
  });

  it("after a stored optimization is shown, validates it over its own period and backtests its best", async () => {
    const brain = new OfflineBrain(() => Date.UTC(2026, 11, 3));
    const optimizationId = "6f9c2d1e-3b4a-4c5d-8e7f-9a0b1c2d3e4f";
    const bestId = "f".repeat(64);
    const shown: ChatMessage[] = [
      user("show the last optimization"),
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "call-1", name: "get_optimization", input: {} }],
      },
      result("call-1", "get_optimization", { id: optimizationId, best: { strategyId: bestId } }),
    ];
    const validate = await brain.next([...shown, user("validate it")], []);
    expect(validate.toolCalls.map(({ input }) => input)).toEqual([{ optimizationId }]);
    const backtest = await brain.next([...shown, user("backtest the best one")], []);
    expect(backtest.toolCalls.map(({ input }) => input)).toEqual([{ strategyId: bestId }]);
  });

  it("answers a failed lookup with its error instead of looking again", async () => {
    const brain = new OfflineBrain();
    const lookup = await brain.next([user("explain the last strategy")], []);
    expect(lookup.toolCalls.map(({ name }) => name)).toEqual(["list_backtests"]);
    const reply = await brain.next(
      [
        user("explain the last strategy"),
        { role: "assistant", ...lookup },
        result(
          lookup.toolCalls[0]!.id,
          "list_backtests",
          { error: { message: "store closed" } },
          false,
        ),
      ],
      [],
    );
    expect(reply).toEqual({ content: "list_backtests failed: store closed", toolCalls: [] });
  });
});
