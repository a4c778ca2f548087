import { expect, it } from "vitest";
import type { NewIntent } from "../ports/orders.ts";
import type { Store } from "../ports/store.ts";

const portfolioOf = (assets: string[], objective: string, weight: number) => ({
  assets,
  source: "returns" as const,
  objective,
  request: { objective },
  weights: Object.fromEntries(assets.map((asset) => [asset, weight])),
  expectedReturn: 0.08,
  volatility: 0.12,
  result: { note: objective },
  actor: "test",
});

const intentOf = (symbol: string, side: "buy" | "sell", quantity: number): NewIntent => ({
  strategyId: null,
  broker: "paper-sim",
  symbol,
  side,
  quantity,
  type: "market",
  limitPrice: null,
  paramsHash: (side === "buy" ? "b" : "5").repeat(64),
  risk: { checks: [], referencePrice: 100 },
  queuedUntilMs: null,
});

const batchHash = "ab".repeat(32);

/**
 * The portfolio store's and the order batches' part of the Store contract (store.contract.ts
 * runs it on every adapter): `store()` is the test's fresh store.
 */
export function portfolioStoreContract(store: () => Store): void {
  const propose = async (assets: string[], expiresAtMs: number, nowMs?: number) => {
    const portfolio = await store().savePortfolio(portfolioOf(assets, "hrp", 1 / assets.length));
    return proposeFor(portfolio.id, expiresAtMs, nowMs);
  };
  const proposeFor = (portfolioId: string, expiresAtMs: number, nowMs?: number) =>
    store().proposeBatch({
      batch: {
        portfolioId,
        broker: "paper-sim",
        live: false,
        paramsHash: batchHash,
        approvers: ["U1"],
        expiresAtMs,
        summary: { why: "drift", denied: [] },
      },
      intents: [intentOf("BBB", "sell", 1.5), intentOf("AAA", "buy", 0.25)],
      actor: "U1",
      ...(nowMs === undefined ? {} : { nowMs }),
    });
  const decide = (batchId: string, over: object = {}) =>
    store().decideBatch({ batchId, approve: true, actor: "U1", paramsHash: batchHash, ...over });

  it("keeps every portfolio run as history, newest first, found by its set of assets in any order; finds strategies' newest backtests; refuses a non-finite volatility", async () => {
    // Written back to back, as within one millisecond of PGlite's clock: order is still exact.
    const first = await store().savePortfolio(portfolioOf(["B", "A"], "hrp", 0.5));
    const second = await store().savePortfolio(portfolioOf(["A", "B"], "minVariance", 0.5));
    await store().savePortfolio(portfolioOf(["A", "B", "C"], "equalWeight", 1 / 3));
    expect(first.assets).toEqual(["A", "B"]);
    expect(await store().requestPortfolio(first.id)).toEqual(first);
    expect(await store().requestPortfolio("not-a-uuid")).toBeUndefined();
    const history = await store().listPortfolios({ assets: ["B", "A"], limit: 10 });
    expect(history.map((row) => row.id)).toEqual([second.id, first.id]);
    expect(history[0]).toMatchObject({ objective: "minVariance", weights: { A: 0.5, B: 0.5 } });
    expect(await store().listPortfolios({ limit: 10 })).toHaveLength(3);
    expect(await store().listPortfolios({ limit: 1 })).toHaveLength(1);

    for (const id of ["a".repeat(64), "b".repeat(64)])
      await store().saveStrategy({ id, name: id.slice(0, 1), spec: {} });
    const backtest = (strategyId: string) =>
      store().saveBacktest({
        strategyId,
        startMs: null,
        endMs: null,
        initialCash: 1,
        metrics: {},
        trades: [],
        equity: [],
        benchmarks: {},
      });
    let newest = await backtest("a".repeat(64));
    for (let run = 0; run < 5; run++) newest = await backtest("a".repeat(64));
    const latest = await store().latestBacktests(["a".repeat(64), "b".repeat(64)]);
    const { trades: _trades, equity: _equity, benchmarks: _benchmarks, ...summary } = newest;
    expect([...latest]).toEqual([["a".repeat(64), summary]]);

    // Last: over PGlite's socket server a refused statement ends the connection.
    await expect(
      store().savePortfolio({ ...portfolioOf(["A", "B"], "hrp", 0.5), volatility: Number.NaN }),
    ).rejects.toMatchObject({ code: "invalid_data" });
  });

  it("proposes an order batch in order and consumes its one decision exactly once (two simultaneous clicks too), queueing every intent", async () => {
    const proposed = await propose(["AAA", "BBB"], Date.now() + 600_000);
    if (!proposed.ok) throw new Error("not proposed");
    const { batch, intents } = proposed;
    expect(batch).toMatchObject({
      broker: "paper-sim",
      live: false,
      paramsHash: batchHash,
      state: "pending",
      approvers: ["U1"],
      decidedBy: null,
      decidedAtMs: null,
      summary: { why: "drift", denied: [] },
    });
    expect(intents.map((intent) => [intent.symbol, intent.side, intent.quantity])).toEqual([
      ["BBB", "sell", 1.5],
      ["AAA", "buy", 0.25],
    ]);
    expect(intents.every((intent) => intent.state === "proposed")).toBe(true);
    expect(await store().requestBatch(batch.id)).toEqual({ batch, intents });
    expect(await store().requestBatch("not-a-uuid")).toBeUndefined();
    // A batch's intents have no approval of their own.
    expect(await store().listApprovals({ limit: 10 })).toEqual([]);

    expect(await decide(batch.id, { actor: "model" })).toMatchObject({
      ok: false,
      reason: "not_allowed",
    });
    expect(await decide(batch.id, { paramsHash: "cd".repeat(32) })).toMatchObject({
      ok: false,
      reason: "changed",
    });
    expect(await decide("00000000-0000-0000-0000-000000000000")).toMatchObject({
      ok: false,
      reason: "not_found",
    });
    expect(await store().pendingOutbox(10)).toEqual([]);

    const approved = await decide(batch.id);
    expect(approved).toMatchObject({
      ok: true,
      batch: { state: "approved", decidedBy: "U1" },
      intents: [
        { symbol: "BBB", state: "approved" },
        { symbol: "AAA", state: "approved" },
      ],
    });
    expect(await decide(batch.id)).toMatchObject({ ok: false, reason: "not_pending" });
    // Queued in batch order: the sell first.
    expect((await store().pendingOutbox(10)).map((row) => row.intentId)).toEqual(
      intents.map((intent) => intent.id),
    );
    const audit = await store().listAudit({ subject: intents[1]!.id, limit: 10 });
    expect(audit.map((entry) => entry.action)).toEqual(["approval.decided", "order.proposed"]);
    expect(audit[0]!.details).toMatchObject({ batchId: batch.id, approve: true });
    expect(await store().listBatches({ portfolioId: batch.portfolioId!, limit: 10 })).toEqual([
      (approved as { batch: unknown }).batch,
    ]);
    expect(await store().listBatches({ portfolioId: "not-a-uuid", limit: 10 })).toEqual([]);
    expect(await store().listBatches({ state: "pending", limit: 10 })).toEqual([]);
    expect(
      (await store().listBatches({ state: "approved", limit: 10 })).map((row) => row.id),
    ).toEqual([batch.id]);

    const raced = await propose(["CCC", "DDD"], Date.now() + 600_000);
    if (!raced.ok) throw new Error("not proposed");
    const results = await Promise.all([decide(raced.batch.id), decide(raced.batch.id)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ reason: "not_pending" });
    expect(await store().pendingOutbox(10)).toHaveLength(4);
  });

  it("rejects or expires every intent of a batch at once, and keeps one pending batch per portfolio", async () => {
    const rejected = await propose(["AAA", "BBB"], Date.now() + 600_000);
    if (!rejected.ok) throw new Error("not proposed");
    expect(await decide(rejected.batch.id, { approve: false })).toMatchObject({
      ok: true,
      batch: { state: "rejected" },
      intents: [{ state: "declined" }, { state: "declined" }],
    });
    const stale = await propose(["CCC", "DDD"], Date.now() - 1);
    if (!stale.ok) throw new Error("not proposed");
    expect(await decide(stale.batch.id)).toMatchObject({ ok: false, reason: "expired" });
    const expired = await store().requestBatch(stale.batch.id);
    expect(expired?.batch.state).toBe("expired");
    expect(expired?.intents.map((intent) => intent.state)).toEqual(["expired", "expired"]);
    expect(await store().pendingOutbox(10)).toEqual([]);

    // One pending batch per portfolio; one past its expiry is expired first.
    const expiresAtMs = Date.now() + 600_000;
    const first = await propose(["AAA", "BBB"], expiresAtMs);
    if (!first.ok) throw new Error("not proposed");
    const portfolioId = first.batch.portfolioId!;
    expect(await proposeFor(portfolioId, expiresAtMs)).toMatchObject({
      ok: false,
      reason: "pending_exists",
      pending: { id: first.batch.id },
    });
    // The proposer's clock is past the first one's expiry: it expires, the new one stands.
    const next = await proposeFor(portfolioId, expiresAtMs + 600_000, expiresAtMs + 1);
    expect(next).toMatchObject({ ok: true, batch: { state: "pending" } });
    const before = await store().requestBatch(first.batch.id);
    expect(before?.batch.state).toBe("expired");
    expect(before?.intents.map((intent) => intent.state)).toEqual(["expired", "expired"]);
  });

  it("expires the approvals and batches past their time at the caller's clock, with their waiting orders, and only those", async () => {
    const nowMs = Date.UTC(2024, 5, 4, 14, 0);
    const overdue = await propose(["A", "B"], nowMs - 1, nowMs - 60_000);
    const current = await propose(["C", "D"], nowMs + 60_000, nowMs - 60_000);
    if (!overdue.ok || !current.ok) throw new Error("both batches should be proposed");
    const single = (expiresAtMs: number) =>
      store().proposeIntent(intentOf("EEE", "buy", 1), { approvers: ["U1"], expiresAtMs }, "U1");
    const due = await single(nowMs);
    const later = await single(nowMs + 1);

    expect(await store().expireOverdue(nowMs)).toBe(2);
    const states = async (batchId: string) => {
      const found = await store().requestBatch(batchId);
      return [found?.batch.state, ...(found?.intents ?? []).map((intent) => intent.state)];
    };
    expect(await states(overdue.batch.id)).toEqual(["expired", "expired", "expired"]);
    expect(await states(current.batch.id)).toEqual(["pending", "proposed", "proposed"]);
    expect((await store().requestApproval(due.approval.id))?.state).toBe("expired");
    expect((await store().requestIntent(due.intent.id))?.state).toBe("expired");
    expect((await store().requestApproval(later.approval.id))?.state).toBe("pending");
    expect((await store().requestIntent(later.intent.id))?.state).toBe("proposed");
    // Done once: a second sweep at the same time finds nothing.
    expect(await store().expireOverdue(nowMs)).toBe(0);
  });
}
