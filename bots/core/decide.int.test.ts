import { describe, expect, it } from "vitest";
import { orderHarness, type OrderHarness } from "../../test/support/order-harness.ts";
import { paramsHash } from "../../tools/orders/params-hash.ts";
import type { OrderBatchStore, OrderStore } from "../../tools/ports/orders.ts";
import { parseApprovers, type ApproverList } from "./approvers.ts";
import {
  allSettled,
  decideButton,
  decideClick,
  DecisionButton,
  encodeDecisionValue,
  type DecisionClick,
} from "./decide.ts";
import { closedAfterEach } from "../../test/support/closed-after-each.ts";

const cleanup = closedAfterEach<OrderHarness>();

const listOf = (ids: string): ApproverList => {
  const parsed = parseApprovers(ids);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.approvers;
};

/** A pending approval for BUY 5 AAPL at market whose approvers are `approvers`. */
async function setUp(approvers = ["slack:U1", "discord:81234"]) {
  const h = cleanup(await orderHarness({ approvers }));
  const parameters = {
    broker: h.broker.name,
    symbol: "AAPL",
    side: "buy" as const,
    quantity: 5,
    type: "market" as const,
    limitPrice: null,
    strategyId: null,
  };
  const hash = paramsHash(parameters);
  const { approval } = await h.store.proposeIntent(
    { ...parameters, paramsHash: hash, risk: {}, queuedUntilMs: null },
    { approvers, expiresAtMs: h.now() + 15 * 60_000 },
    "slack:U1",
  );
  const dependencies = {
    store: h.store,
    approvers: listOf(approvers.join(",")),
    clock: { nowMs: h.now },
  };
  const click = (change: Partial<DecisionClick> = {}) =>
    decideClick(dependencies, {
      platform: "slack",
      userId: "U1",
      approvalId: approval.id,
      paramsHash: hash,
      approve: true,
      ...change,
    });
  return { h, approval, hash, dependencies, click };
}

describe("deciding an approval from a button click", () => {
  it("approves exactly once for an allow-listed user, as the platform-qualified id", async () => {
    const { h, approval, click } = await setUp();
    const first = await click();
    expect(first).toMatchObject({
      status: "approved",
      actor: "slack:U1",
      audience: "thread",
      wakeExecutor: true,
      resumeThread: true,
      text: "Approved by slack:U1: BUY 5 AAPL at market goes to paper-sim after a fresh risk check.",
    });
    const stored = await h.store.requestApproval(approval.id);
    expect(stored).toMatchObject({ state: "approved", decidedBy: "slack:U1" });
    expect(await h.store.requestIntent(approval.intentId)).toMatchObject({ state: "approved" });
    expect(await h.store.pendingOutbox(10)).toHaveLength(1);

    for (const again of [await click(), await click({ approve: false })])
      expect(again).toEqual({
        status: "refused",
        reason: "already_decided",
        text: `Nothing changed: approval ${approval.id} was already approved.`,
        audience: "clicker",
        wakeExecutor: false,
        resumeThread: false,
      });
    expect(await h.store.requestApproval(approval.id)).toEqual(stored);
    expect(await h.store.pendingOutbox(10)).toHaveLength(1);
  });

  it("records a rejection, and nothing is queued for the broker", async () => {
    const { h, approval, click } = await setUp();
    expect(await click({ platform: "discord", userId: "81234", approve: false })).toMatchObject({
      status: "rejected",
      actor: "discord:81234",
      wakeExecutor: false,
      resumeThread: true,
      text: "Rejected by discord:81234: BUY 5 AAPL at market will not be sent.",
    });
    expect(await h.store.requestApproval(approval.id)).toMatchObject({
      state: "rejected",
      decidedBy: "discord:81234",
    });
    expect(await h.store.pendingOutbox(10)).toEqual([]);
  });

  it("refuses anyone not on the list and changes nothing", async () => {
    const { h, approval, click } = await setUp();
    const before = await h.store.requestApproval(approval.id);
    for (const who of [
      { platform: "slack" as const, userId: "U2" },
      // The listed Discord id, clicked from Slack, is someone else.
      { platform: "slack" as const, userId: "81234" },
      { platform: "discord" as const, userId: "1" },
      { platform: "terminal" as const, userId: "cli" },
    ]) {
      const outcome = await click(who);
      expect(outcome).toMatchObject({
        status: "refused",
        reason: "not_allowed",
        audience: "clicker",
        wakeExecutor: false,
        resumeThread: false,
      });
      expect(outcome.text).toMatch(/are not on the approver list, so your click changed nothing/);
    }
    expect(await h.store.requestApproval(approval.id)).toEqual(before);
    expect(await h.store.requestIntent(approval.intentId)).toMatchObject({ state: "proposed" });
  });

  it("refuses a user listed now but not among the approval's approvers when it was proposed", async () => {
    const { h, approval, hash, dependencies } = await setUp(["slack:U1"]);
    const outcome = await decideClick(
      { ...dependencies, approvers: listOf("slack:U1,slack:U2") },
      {
        platform: "slack",
        userId: "U2",
        approvalId: approval.id,
        paramsHash: hash,
        approve: true,
      },
    );
    expect(outcome).toMatchObject({ status: "refused", reason: "not_allowed" });
    expect(await h.store.requestApproval(approval.id)).toMatchObject({ state: "pending" });
  });

  it("refuses a forged parameters hash as changed", async () => {
    const { h, approval, click } = await setUp();
    const forged = paramsHash({
      broker: h.broker.name,
      symbol: "AAPL",
      side: "buy",
      quantity: 5000,
      type: "market",
      limitPrice: null,
      strategyId: null,
    });
    const outcome = await click({ paramsHash: forged });
    expect(outcome).toMatchObject({ status: "refused", reason: "changed", wakeExecutor: false });
    expect(outcome.text).toMatch(/names other order parameters than approval/);
    expect(await h.store.requestApproval(approval.id)).toMatchObject({
      state: "pending",
      decidedBy: null,
    });
  });

  it("refuses an expired approval, and says so in the thread", async () => {
    const { h, approval, click } = await setUp();
    h.advance(15 * 60_000 + 1);
    expect(await click()).toMatchObject({
      status: "refused",
      reason: "expired",
      audience: "thread",
      wakeExecutor: false,
      resumeThread: true,
    });
    expect(await h.store.requestApproval(approval.id)).toMatchObject({
      state: "expired",
      decidedBy: null,
    });
    expect(await h.store.requestIntent(approval.intentId)).toMatchObject({ state: "expired" });
    expect(await h.store.pendingOutbox(10)).toEqual([]);
    expect(await click()).toMatchObject({ status: "refused", reason: "already_decided" });
  });

  it("answers malformed clicks with clear refusals, never throwing", async () => {
    const { h, approval, hash, click, dependencies } = await setUp();
    const cases: [Partial<DecisionClick>, RegExp][] = [
      [{ approvalId: "12; DROP TABLE approvals" }, /is not an approval id/],
      [{ paramsHash: "abc" }, /parameters hash is malformed/],
      [{ userId: "U1\n" }, /user's id is malformed/],
      [{ userId: "" }, /user's id is malformed/],
      [{ platform: "irc" as "slack" }, /unknown platform irc/],
      [{ approve: "yes" as unknown as boolean }, /neither approve nor reject/],
      [{ approvalId: undefined as unknown as string }, /is not an approval id/],
    ];
    for (const [change, message] of cases) {
      const outcome = await click(change);
      expect(outcome).toMatchObject({
        status: "refused",
        reason: "malformed",
        audience: "clicker",
      });
      expect(outcome.text).toMatch(message);
    }
    expect(await click({ approvalId: "00000000-0000-4000-8000-000000000000" })).toMatchObject({
      status: "refused",
      reason: "not_found",
    });

    const value = encodeDecisionValue({ approvalId: approval.id, paramsHash: hash });
    const button = (buttonId: string, buttonValue: string) =>
      decideButton(dependencies, { platform: "slack", userId: "U1", buttonId, value: buttonValue });
    expect(await button("approval:maybe", value)).toMatchObject({
      status: "refused",
      reason: "malformed",
      text: 'Unknown button "approval:maybe".',
    });
    expect(await button(DecisionButton.APPROVE, `${value.slice(1)}!`)).toMatchObject({
      status: "refused",
      reason: "malformed",
      text: "Refused: this button's value is not an approval reference.",
    });
    expect(await h.store.requestApproval(approval.id)).toMatchObject({ state: "pending" });
    expect(await button(DecisionButton.REJECT, value)).toMatchObject({ status: "rejected" });
  });

  it("reports a store failure as a refusal to retry", async () => {
    const { approval, hash, dependencies } = await setUp();
    const failing: Pick<OrderStore & OrderBatchStore, "decideApproval" | "decideBatch"> = {
      decideApproval: () => Promise.reject(new Error("connection reset")),
      decideBatch: () => Promise.reject(new Error("connection reset")),
    };
    const outcome = await decideClick(
      { ...dependencies, store: failing },
      { platform: "slack", userId: "U1", approvalId: approval.id, paramsHash: hash, approve: true },
    );
    expect(outcome).toMatchObject({
      status: "refused",
      reason: "unavailable",
      wakeExecutor: false,
    });
    expect(outcome.text).toMatch(
      /^The decision could not be recorded \(connection reset\)\. Try again/,
    );
  });

  it("tells when every approval a thread waits on is settled", async () => {
    const { h, approval, click } = await setUp();
    expect(await allSettled(h.store, [approval.id])).toBe(false);
    await click();
    expect(await allSettled(h.store, [approval.id])).toBe(true);
    expect(await allSettled(h.store, [])).toBe(true);
  });
});
