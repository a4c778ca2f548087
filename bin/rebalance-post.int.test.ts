import { describe, expect, it } from "vitest";
import { DecisionButton } from "../bots/core/decide.ts";
import { messageAsText, type ButtonsBlock } from "../bots/core/message.ts";
import { RecordingSurface } from "../test/support/chat-harness.ts";
import { orderHarness, silentLog, type OrderHarness } from "../test/support/order-harness.ts";
import { toolJob, type ToolJobData } from "../tools/jobs/tool-job.ts";
import { rebalancePortfolio } from "../tools/portfolio/rebalance-portfolio.ts";
import { rebalanceAfterRegimeChange, rebalancePostJob } from "./rebalance-post.ts";
import { closedAfterEach } from "../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

const job = { progress() {}, signal: new AbortController().signal, attempt: 1 };
const data: ToolJobData = { tool: "rebalance_portfolio", input: {} };

/** A cash account (100,000) whose portfolio wants 20% AAA (at 100) and 20% BBB (at 50). */
async function postingJob() {
  const h = cleanup(await orderHarness());
  await h.setPrice("AAA", 100);
  await h.setPrice("BBB", 50);
  const { store, clock, log, execution } = h.context;
  const run = toolJob([rebalancePortfolio], { store, clock, log, execution: execution! });
  const channels = [new RecordingSurface(), new RecordingSurface()];
  const post = rebalancePostJob(run, channels, h.store, silentLog);
  const savePortfolio = () =>
    h.store.savePortfolio({
      assets: ["AAA", "BBB"],
      source: "returns",
      objective: "hrp",
      request: {},
      weights: { AAA: 0.2, BBB: 0.2 },
      expectedReturn: 0.06,
      volatility: 0.12,
      result: {},
      actor: "test",
    });
  return { h, channels, post, savePortfolio };
}

describe("the scheduled rebalance check", () => {
  it("posts a proposal's card with one Approve to every channel, once, and skips without a portfolio", async () => {
    const { channels, post, savePortfolio } = await postingJob();
    expect(await post(data, job)).toEqual({
      skipped: "no portfolio is stored (construct_portfolio stores one)",
    });
    await savePortfolio();
    expect(await post(data, job)).toMatchObject({ status: "proposed", batch: { orders: 2 } });
    for (const channel of channels) {
      expect(channel.posted).toHaveLength(1);
      const { message } = channel.posted[0]!;
      expect(messageAsText(message)).toContain(
        "Paper rebalance on paper-sim: 2 order(s) to approve",
      );
      const buttons = message.blocks.find((block) => block.kind === "buttons") as ButtonsBlock;
      expect(buttons.buttons.map((button) => button.id)).toEqual([
        DecisionButton.BATCH_APPROVE,
        DecisionButton.BATCH_REJECT,
      ]);
    }
    // The proposal waits: nothing new is posted.
    expect(await post(data, job)).toMatchObject({ status: "waiting" });
    for (const channel of channels) expect(channel.posted).toHaveLength(1);
  });

  it("posts a note when the risk gate denies every order", async () => {
    const { h, channels, post, savePortfolio } = await postingJob();
    await savePortfolio();
    await h.store.setControls(
      "account",
      { limits: { denySymbols: ["AAA", "BBB"] } },
      "risk-officer",
    );
    expect(await post(data, job)).toMatchObject({ status: "denied" });
    expect(messageAsText(channels[0]!.posted[0]!.message)).toMatch(
      /needs a rebalance, but the risk gate denied every order of it[\s\S]*- AAA: SYMBOL_DENIED/,
    );
  });

  it("runs right after a correlation refresh that stored a new regime change, and only then", async () => {
    const checks: ToolJobData[] = [];
    const refresh = (newEvents: number) =>
      rebalanceAfterRegimeChange(
        () => Promise.resolve({ newEvents }),
        async (check) => {
          checks.push(check);
          throw new Error("the broker is down");
        },
        silentLog,
      );
    const correlations = { tool: "compute_correlations", input: {} };
    expect(await refresh(0)(correlations, job)).toEqual({ newEvents: 0 });
    expect(checks).toEqual([]);
    // A failed check leaves the refresh's result standing.
    expect(await refresh(2)(correlations, job)).toEqual({ newEvents: 2 });
    expect(checks).toEqual([data]);
    await refresh(2)({ tool: "scan_markets", input: {} }, job);
    expect(checks).toHaveLength(1);
  });
});
