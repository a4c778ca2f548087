import { afterEach, describe, expect, it } from "vitest";
import {
  chatHarness,
  RecordingSurface,
  type ChatHarness,
} from "../../test/support/chat-harness.ts";
import { DecisionButton } from "./decide.ts";
import { messageAsText, type ButtonsBlock, type IncomingMessage } from "./message.ts";

let harness: ChatHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const address = {
  platform: "slack",
  workspaceId: "T1",
  conversationId: "C1",
  threadKey: "1700000000.0002",
} as const;
const from = (userId: string, text: string): IncomingMessage => ({
  ...address,
  userId,
  displayName: userId,
  text,
});

/**
 * 200 AAA bought at 100 and 400 BBB at 50 (60,000 cash left); AAA then trades at 120: equity
 * 104,000. Targets AAA 35%, BBB 35%, CCC 20%: AAA 36,400 / 120 = 303.333... units (buy
 * 103.333333), BBB 36,400 / 50 = 728 (buy 328), CCC 20,800 / 20 = 1040 (buy 1040).
 */
async function rebalanceCard(approvers?: string[]) {
  const h = (harness = await chatHarness(approvers ? { approvers } : {}));
  for (const [symbol, price] of [
    ["AAA", 100],
    ["BBB", 50],
    ["CCC", 20],
  ] as const)
    await h.setPrice(symbol, price);
  await h.approveOrder({ symbol: "AAA", side: "buy", quantity: 200 });
  await h.approveOrder({ symbol: "BBB", side: "buy", quantity: 400 });
  await h.executor.runOnce();
  await h.executor.settled();
  await h.setPrice("AAA", 120);
  await h.store.savePortfolio({
    assets: ["AAA", "BBB", "CCC"],
    source: "returns",
    objective: "hrp",
    request: {},
    weights: { AAA: 0.35, BBB: 0.35, CCC: 0.2 },
    expectedReturn: 0.06,
    volatility: 0.12,
    result: {},
    actor: "test",
  });
  const surface = new RecordingSurface();
  await h.conversations.message(from("U1", "rebalance my portfolio"), surface);
  const cards = surface.posted.filter((post) =>
    post.message.blocks.some((block) => block.kind === "buttons"),
  );
  expect(cards, surface.text()).toHaveLength(1);
  const card = cards[0]!;
  const { buttons } = card.message.blocks.find((block) => block.kind === "buttons") as ButtonsBlock;
  const press = (userId: string, buttonId: string) =>
    h.conversations.button(
      {
        platform: "slack",
        userId,
        buttonId,
        value: buttons[0]!.value,
        address,
        card: { id: card.id },
      },
      surface,
    );
  const redrawn = () => surface.edits.filter((edit) => edit.id === card.id).at(-1)?.message;
  const [batch] = await h.store.listBatches({ limit: 1 });
  return { h, surface, card: card.message, buttons, press, redrawn, batchId: batch!.id };
}

/** What the thread said last, as plain text. */
const lastPost = (surface: RecordingSurface) => messageAsText(surface.posted.at(-1)!.message);

/** Posts that carry a rebalance card (its table of orders). */
const batchCards = (surface: RecordingSurface) =>
  surface.posted.filter((post) => post.message.blocks.some((block) => block.kind === "table"));

describe("a rebalance in chat", () => {
  it("is one card listing every order with its risk verdict and a single Approve, which sends exactly those orders once", async () => {
    const { h, surface, card, buttons, press, redrawn, batchId } = await rebalanceCard();
    expect(buttons.map((button) => [button.id, button.label])).toEqual([
      [DecisionButton.BATCH_APPROVE, "Approve 3 order(s)"],
      [DecisionButton.BATCH_REJECT, "Reject"],
    ]);
    const shown = messageAsText(card);
    expect(shown).toContain("Paper rebalance on paper-sim: 3 order(s) to approve");
    expect(shown).toMatch(/CCC holds 0\.0% against its target of 20\.0% \(threshold 5\.0%\)/);
    const rows = card.blocks.find((block) => block.kind === "table")!.rows;
    expect(rows).toEqual([
      ["BUY", "AAA", "103.333333", "120", "12400.00", "passed", "proposed"],
      ["BUY", "BBB", "328", "50", "16400.00", "passed", "proposed"],
      ["BUY", "CCC", "1040", "20", "20800.00", "passed", "proposed"],
    ]);
    expect(await h.sentOrders()).toBe(2);

    await press("U999", DecisionButton.BATCH_APPROVE);
    expect(surface.whispers.at(-1)).toMatch(/slack:U999\) are not on the approver list/);
    expect(await h.sentOrders()).toBe(2);

    await press("U1", DecisionButton.BATCH_APPROVE);
    expect(await h.sentOrders()).toBe(5);
    expect(surface.text()).toContain(
      "Approved by slack:U1: the 3 rebalance order(s) go to paper-sim, sells first",
    );
    // Re-drawn at the decision, before the executor sent them.
    const after = redrawn()!;
    expect(after.blocks.some((block) => block.kind === "buttons")).toBe(false);
    expect(after.summary).toMatch(/\(approved\)$/);
    expect(after.blocks.find((block) => block.kind === "table")!.rows.map((row) => row[6])).toEqual(
      ["approved", "approved", "approved"],
    );
    // The thread paused on the batch resumed and said, from the rows, what became of each order.
    expect(lastPost(surface)).toContain(
      `batch ${batchId}: approved by slack:U1; its 3 order(s): buy 103.333333 AAA is filled, buy 328 BBB is filled, buy 1040 CCC is filled`,
    );
    expect(batchCards(surface)).toHaveLength(1);
    const positions = await h.broker.positions();
    expect(positions.map(({ symbol, quantity }) => [symbol, quantity])).toEqual([
      ["AAA", 303.333333],
      ["BBB", 728],
      ["CCC", 1040],
    ]);

    await press("U1", DecisionButton.BATCH_APPROVE);
    expect(surface.whispers.at(-1)).toMatch(/^Nothing changed: batch .* was already approved/);
    expect(await h.sentOrders()).toBe(5);
  });

  it("sends none of its orders when rejected", async () => {
    const { h, surface, press, redrawn, batchId } = await rebalanceCard();
    await press("U1", DecisionButton.BATCH_REJECT);
    expect(lastPost(surface)).toContain(
      `batch ${batchId}: rejected by slack:U1; its 3 order(s): buy 103.333333 AAA is declined, buy 328 BBB is declined, buy 1040 CCC is declined`,
    );
    expect(surface.text()).toContain(
      "Rejected by slack:U1: none of the 3 rebalance order(s) will be sent.",
    );
    expect(await h.sentOrders()).toBe(2);
    expect(
      redrawn()!
        .blocks.find((block) => block.kind === "table")!
        .rows.map((row) => row[6]),
    ).toEqual(["declined", "declined", "declined"]);
  });

  it("holds the thread until the batch is decided elsewhere (alphadesk approve), then resumes it with the outcome before the next request", async () => {
    // The terminal decides as "cli" (`alphadesk approve <batch id>`).
    const { h, surface, batchId } = await rebalanceCard(["slack:U1", "cli"]);
    await h.conversations.message(from("U1", "what is the currency strength now"), surface);
    expect(lastPost(surface)).toContain("waits for a decision on the order card above");

    const { batch } = (await h.store.requestBatch(batchId))!;
    const decided = await h.store.decideBatch({
      batchId,
      approve: true,
      actor: "cli",
      paramsHash: batch.paramsHash,
      nowMs: h.now(),
    });
    expect(decided).toMatchObject({ ok: true });
    await h.executor.runOnce();
    await h.executor.settled();
    const before = surface.posted.length;
    await h.conversations.message(from("U1", "what is the currency strength now"), surface);
    const after = surface.posted.slice(before).map((post) => messageAsText(post.message));
    expect(after.join("\n")).toContain(
      `batch ${batchId}: approved by cli; its 3 order(s): buy 103.333333 AAA is filled, buy 328 BBB is filled, buy 1040 CCC is filled`,
    );
    expect(after.join("\n")).not.toContain("waits for a decision");
    expect(batchCards(surface)).toHaveLength(1);
  });
});
