import { afterEach, describe, expect, it, vi } from "vitest";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { runTool } from "../../tools/run-tool.ts";
import { rebalancePortfolio } from "../../tools/portfolio/rebalance-portfolio.ts";
import type { RebalancePortfolioOutput } from "../../tools/portfolio/rebalance-schema.ts";
import { batchCardText, decideBatch, pendingBatches } from "./batch-decision.ts";

let harness: OrderHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  vi.restoreAllMocks();
});

describe("a rebalance decided from the terminal", () => {
  it("lists the pending batch as a card, approves it once and sends its orders", async () => {
    // The terminal decides on the database's clock: now, on crypto (always open).
    const h = (harness = await orderHarness({ approvers: ["cli"], nowMs: Date.now() }));
    await h.setPrice("BTC/USD", 100);
    await h.setPrice("ETH/USD", 50);
    await h.store.savePortfolio({
      assets: ["BTC/USD", "ETH/USD"],
      source: "returns",
      objective: "hrp",
      request: {},
      weights: { "BTC/USD": 0.2, "ETH/USD": 0.2 },
      expectedReturn: 0.06,
      volatility: 0.12,
      result: {},
      actor: "test",
    });
    const proposed = (await runTool(rebalancePortfolio, {}, h.context)) as RebalancePortfolioOutput;
    expect(proposed.status).toBe("proposed");
    const runtime = { store: h.store, orderFlow: () => Promise.resolve(h.executor) };
    const [pending] = await pendingBatches(runtime);
    // 20% of 100,000 at 100 and at 50.
    expect(batchCardText(pending!)).toMatch(
      /Paper rebalance on paper-sim: 2 order\(s\) to approve[\s\S]*BUY +BTC\/USD +200 +100 +20000\.00 +passed +proposed\nBUY +ETH\/USD +400 +50 +20000\.00/,
    );
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    expect(await decideBatch(runtime, pending!, true, "cli")).toBe(0);
    expect(written.join("")).toMatch(
      /sending 2 orders to paper-sim\nbuy 200 BTC\/USD: filled\nbuy 400 ETH\/USD: filled\n/,
    );
    expect(await decideBatch(runtime, pending!, true, "cli")).toBe(1);
    expect(written.at(-1)).toMatch(/already approved \(not_pending\)/);
    expect(await pendingBatches(runtime)).toEqual([]);
  });
});
