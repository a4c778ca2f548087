import { afterEach, describe, expect, it } from "vitest";
import type { Brain } from "../../agent/brain.ts";
import { OfflineBrain } from "../../agent/offline-brain.ts";
import { generateDemoMarket } from "../../tools/demo/generate-demo-market.ts";
import { runTool } from "../../tools/run-tool.ts";
import {
  chatHarness,
  RecordingSurface,
  type ChatHarness,
} from "../../test/support/chat-harness.ts";
import {
  messageAsText,
  type ButtonsBlock,
  type IncomingMessage,
  type ProgressBlock,
} from "./message.ts";

let harness: ChatHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const from = (userId: string, text: string): IncomingMessage => ({
  platform: "slack",
  userId,
  displayName: userId,
  workspaceId: "T1",
  conversationId: "C1",
  threadKey: "1700000000.0001",
  text,
});
const address = {
  platform: "slack",
  workspaceId: "T1",
  conversationId: "C1",
  threadKey: "1700000000.0001",
} as const;

function cardButtons(surface: RecordingSurface) {
  const card = surface.posted.find((post) =>
    post.message.blocks.some((block) => block.kind === "buttons"),
  );
  if (!card) throw new Error(`no card posted:\n${surface.text()}`);
  const buttons = card.message.blocks.find((block) => block.kind === "buttons") as ButtonsBlock;
  return { card: { id: card.id }, approve: buttons.buttons[0]!, reject: buttons.buttons[1]! };
}

describe("a chat conversation", () => {
  it("keeps the thread a price alert was set in, where the worker tells it when it fires", async () => {
    const h = (harness = await chatHarness());
    const surface = new RecordingSurface();
    await h.conversations.message(from("U1", "alert me when AAPL drops below 180"), surface);
    expect(surface.text()).toContain("AAPL below 180");
    const [alert] = await h.store.listPriceAlerts({ limit: 1 });
    expect(alert).toMatchObject({
      symbol: "AAPL",
      actor: "slack:U1",
      thread: "slack:T1:C1:1700000000.0001",
    });
  });

  it("places an order proposed in chat only after an allow-listed click, once", async () => {
    const h = (harness = await chatHarness());
    const surface = new RecordingSurface();
    await h.conversations.message(from("U1", "buy 10 shares of AAPL"), surface);
    const { card, approve } = cardButtons(surface);
    expect(surface.text()).toContain("BUY 10 AAPL");
    expect(await h.sentOrders()).toBe(0);

    const press = (userId: string) =>
      h.conversations.button(
        { platform: "slack", userId, buttonId: approve.id, value: approve.value, address, card },
        surface,
      );
    await press("U999");
    expect(surface.whispers.at(-1)).toMatch(/slack:U999\) are not on the approver list/);
    expect(await h.sentOrders()).toBe(0);

    await press("U1");
    expect(await h.sentOrders()).toBe(1);
    expect(surface.text()).toContain("Approved by slack:U1");
    // The card is re-drawn from the row: approved, and without buttons.
    const redrawn = surface.edits.find((edit) => edit.id === card.id)!.message;
    expect(redrawn.blocks.some((block) => block.kind === "buttons")).toBe(false);
    expect(redrawn.summary).toMatch(/\(approved\)$/);
    // The paused thread resumed and said what became of the order.
    expect(messageAsText(surface.posted.at(-1)!.message)).toMatch(
      /approval [0-9a-f-]{36}: approved by slack:U1; order [0-9a-f-]{36} is filled/,
    );

    await press("U1");
    expect(surface.whispers.at(-1)).toMatch(/^Nothing changed/);
    expect(await h.sentOrders()).toBe(1);
  });

  it("redraws a card rejected or expired elsewhere without its buttons, and resumes its thread", async () => {
    const h = (harness = await chatHarness());
    const surface = new RecordingSurface();
    await h.conversations.message(from("U1", "buy 10 shares of AAPL"), surface);
    await h.conversations.message({ ...from("U1", "buy 5 AAPL"), threadKey: "2" }, surface);
    const cards = surface.posted.filter((post) =>
      post.message.blocks.some((block) => block.kind === "buttons"),
    );
    expect(cards).toHaveLength(2);
    // Both wait: nothing to redraw.
    expect(await h.conversations.sweepCards()).toBe(0);
    expect(surface.edits).toEqual([]);

    // The first is rejected elsewhere (`alphadesk reject` by the same approver), not by its button.
    const [second, first] = await h.store.listApprovals({ state: "pending", limit: 10 });
    const rejected = await h.store.decideApproval({
      approvalId: first!.id,
      approve: false,
      actor: "slack:U1",
      paramsHash: first!.paramsHash,
      nowMs: h.now(),
    });
    expect(rejected.ok).toBe(true);
    const posts = surface.posted.length;
    expect(await h.conversations.sweepCards()).toBe(1);
    const redrawn = surface.edits.find((edit) => edit.id === cards[0]!.id)!.message;
    expect(redrawn.blocks.some((block) => block.kind === "buttons")).toBe(false);
    expect(redrawn.summary).toMatch(/\(rejected\)$/);
    // Its thread resumed and said so, once.
    expect(surface.posted.slice(posts).map((post) => messageAsText(post.message))).toEqual([
      expect.stringMatching(/rejected by slack:U1/),
    ]);
    expect(await h.conversations.sweepCards()).toBe(0);

    // The second expires unanswered: the sweep marks it expired and redraws it.
    h.advance(second!.expiresAtMs - h.now() + 1);
    expect(await h.conversations.sweepCards()).toBe(1);
    const expired = surface.edits.find((edit) => edit.id === cards[1]!.id)!.message;
    expect(expired.summary).toMatch(/\(expired\)$/);
    expect(expired.blocks.some((block) => block.kind === "buttons")).toBe(false);
    expect(await h.sentOrders()).toBe(0);
  });

  it("asks for a decision before a new request in a thread that waits on one", async () => {
    const h = (harness = await chatHarness());
    const surface = new RecordingSurface();
    await h.conversations.message(from("U1", "buy 10 shares of AAPL"), surface);
    const { card, reject } = cardButtons(surface);
    await h.conversations.message(from("U1", "what is the currency strength now"), surface);
    expect(surface.text()).toContain("waits for a decision on the order card above");

    await h.conversations.button(
      { platform: "slack", userId: "U1", buttonId: reject.id, value: reject.value, address, card },
      surface,
    );
    expect(surface.text()).toContain("Rejected by slack:U1");
    expect(await h.sentOrders()).toBe(0);
  });

  it("shows long work in one progress message edited in place", async () => {
    const h = (harness = await chatHarness());
    const surface = new RecordingSurface();
    await h.conversations.message(from("U1", "make a demo market for SPY with 2 years"), surface);
    const bar = surface.posted.find((post) => post.message.blocks[0]!.kind === "progress");
    expect(bar, surface.text()).toBeDefined();
    const edits = surface.edits.filter((edit) => edit.id === bar!.id);
    const last = edits.at(-1)!.message.blocks[0] as ProgressBlock;
    expect(last.fraction).toBe(1);
    expect(last.message).toMatch(/^done in \d+\.\d s$/);
    expect(surface.posted.length).toBeGreaterThan(1);
  });

  it("runs one thread's turns one at a time, in arrival order", async () => {
    // The planner, slowed on the first turn's first step and logging which turn each step is
    // for: run side by side, the second turn's steps would come in before the first's end.
    const planner = new OfflineBrain(() => harness!.now());
    const steps: string[] = [];
    let first = true;
    const brain: Brain = {
      name: planner.name,
      repliesFromToolResults: true,
      async next(messages, available) {
        const asked = messages.findLast((message) => message.role === "user")!.content;
        steps.push(asked);
        if (first) {
          first = false;
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        return planner.next(messages, available);
      },
    };
    const h = (harness = await chatHarness({ brain }));
    const surface = new RecordingSurface();
    await Promise.all([
      h.conversations.message(from("U1", "what is the currency strength now"), surface),
      h.conversations.message(from("U1", "list my universes"), surface),
    ]);
    const firstOfSecond = steps.findIndex((asked) => asked.includes("universes"));
    expect(firstOfSecond).toBeGreaterThan(0);
    expect(steps.slice(firstOfSecond).every((asked) => asked.includes("universes"))).toBe(true);
    const replies = surface.posted.filter((post) => post.message.blocks[0]!.kind === "text");
    expect(replies).toHaveLength(2);
    expect(replies[0]!.message.summary.toLowerCase()).toContain("currenc");
    expect(replies[1]!.message.summary.toLowerCase()).toContain("universe");
  });

  it("stops the turn running in a thread when someone there says stop, keeping nothing half-done", async () => {
    const h = (harness = await chatHarness());
    await runTool(
      generateDemoMarket,
      { seed: 3, years: 3, symbols: ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"] },
      h.context,
    );
    const surface = new RecordingSurface();
    const threadId = "slack:T1:C1:1700000000.0001";
    let stopSent: Promise<void> | undefined;
    // "stop" arrives while the scan tests, not queued behind the turn it stops.
    h.progress.listen(threadId, (_fraction, note) => {
      if (note === "testing") stopSent ??= h.conversations.message(from("U2", "stop"), surface);
    });
    await h.conversations.message(from("U1", "scan for inefficiencies"), surface);
    expect(stopSent).toBeDefined();
    await stopSent;
    const texts = surface.posted.map((post) => messageAsText(post.message));
    expect(texts).toContainEqual(expect.stringMatching(/^Stopping the work running/));
    expect(texts.at(-1)).toMatch(
      /scan_markets stopped: the scan was cancelled; nothing was stored\n\nStopped as you asked\.$/,
    );
    expect(await h.store.listFindings({ limit: 5 })).toEqual([]);

    // Nothing runs now: "stop" reaches the planner, which says so.
    await h.conversations.message(from("U1", "stop"), surface);
    expect(messageAsText(surface.posted.at(-1)!.message)).toMatch(
      /^Nothing is running in this conversation, so nothing was stopped/,
    );
  });

  it("runs a digest's strategy button as the clicker's request in the card's conversation", async () => {
    const h = (harness = await chatHarness());
    const surface = new RecordingSurface();
    const strategyId = "ab".repeat(32);
    await h.conversations.button(
      {
        platform: "slack",
        userId: "U7",
        buttonId: "strategy:validate",
        value: strategyId,
        address,
      },
      surface,
    );
    // The planner understood it as validate_strategy on that strategy, which is not stored.
    expect(surface.text()).toMatch(
      new RegExp(`no strategy ${strategyId}|${strategyId}.*not found`, "i"),
    );
    await h.conversations.button(
      { platform: "slack", userId: "U7", buttonId: "strategy:open", value: "nope", address },
      surface,
    );
    expect(surface.whispers).toEqual(["Refused: this button does not name a strategy."]);
  });

  it("refuses a malformed button and a conversation it cannot name, changing nothing", async () => {
    const h = (harness = await chatHarness());
    const surface = new RecordingSurface();
    await h.conversations.button(
      { platform: "slack", userId: "U1", buttonId: "approval:approve", value: "nope", address },
      surface,
    );
    await h.conversations.message({ ...from("U1", "hello"), conversationId: "bad:id" }, surface);
    expect(surface.whispers).toHaveLength(2);
    expect(surface.whispers[0]).toMatch(/not an approval reference/);
    expect(surface.whispers[1]).toMatch(/cannot follow this conversation/);
    expect(surface.posted).toHaveLength(0);
  });
});
