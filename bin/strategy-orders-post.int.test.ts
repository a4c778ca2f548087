import { describe, expect, it } from "vitest";
import { DecisionButton } from "../bots/core/decide.ts";
import { messageAsText, type ButtonsBlock } from "../bots/core/message.ts";
import { RecordingSurface } from "../test/support/chat-harness.ts";
import { closedAfterEach } from "../test/support/closed-after-each.ts";
import { silentLog, type OrderHarness } from "../test/support/order-harness.ts";
import { breakout, storedAt, strategyOrderHarness } from "../test/support/strategy-orders.ts";
import { toolJob, type ToolJobData } from "../tools/jobs/tool-job.ts";
import { proposeStrategyOrders } from "../tools/orders/propose-strategy-orders.ts";
import { strategyOrdersPostJob } from "./strategy-orders-post.ts";

const cleanup = closedAfterEach<OrderHarness>();

const job = { progress() {}, signal: new AbortController().signal, attempt: 1 };
const data: ToolJobData = { tool: "propose_strategy_orders", input: {} };

async function postingJob() {
  const h = cleanup(await strategyOrderHarness());
  const { store, clock, log, execution } = h.context;
  const run = toolJob([proposeStrategyOrders], { store, clock, log, execution: execution! });
  const channels = [new RecordingSurface(), new RecordingSurface()];
  return { h, channels, post: strategyOrdersPostJob(run, channels, h.store, silentLog) };
}

describe("the scheduled strategy orders", () => {
  it("posts what the strategies called for and one card per order to every channel, and nothing on a quiet run", async () => {
    const { h, channels, post } = await postingJob();
    expect(await post(data, job)).toMatchObject({ strategies: [] });
    for (const channel of channels) expect(channel.posted).toEqual([]);

    await storedAt(h, breakout(["ENTR", "HOLD"]), "paper");
    await post(data, job);
    for (const channel of channels) {
      expect(channel.posted).toHaveLength(2);
      const [summary, card] = channel.posted.map(({ message }) => message);
      expect(messageAsText(summary!)).toMatch(
        /^1 strategy read, 1 order proposed, paper on paper-sim:\n- "breakout ENTR HOLD" \(paper, signals at the close of 2024-06-03\):\n {2}- buy 100 ENTR/,
      );
      expect(messageAsText(summary!)).toContain("HOLD: the rules hold a long position since");
      expect(messageAsText(card!)).toContain("BUY 100 ENTR at market");
      const buttons = card!.blocks.find((block) => block.kind === "buttons") as ButtonsBlock;
      expect(buttons.buttons.map((button) => button.id)).toEqual([
        DecisionButton.APPROVE,
        DecisionButton.REJECT,
      ]);
    }
    // The order waits for its approval: the next run proposes and posts nothing.
    await post(data, job);
    for (const channel of channels) expect(channel.posted).toHaveLength(2);
  });
});
